import sys
sys.setrecursionlimit(20000)
def depth(n):
    return 0 if n == 0 else 1 + depth(n - 1)
print("@@ depth", depth(10000))
print("@@ done")
