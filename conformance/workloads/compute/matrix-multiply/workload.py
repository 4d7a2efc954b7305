# the trace of A*B for two deterministic 120x120 matrices, in plain Python
N = 120
a = [[((i * 7 + j * 3) % 11) / 10 for j in range(N)] for i in range(N)]
b = [[((i * 5 + j * 2) % 13) / 10 for j in range(N)] for i in range(N)]
bt = list(zip(*b))
trace = sum(sum(x * y for x, y in zip(a[i], bt[i])) for i in range(N))
print("@@ trace %.4f" % trace)
print("@@ done")
