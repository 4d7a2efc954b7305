# sorts a million pseudo-random integers
s, v = 12345, []
for _ in range(1000000):
    s = (s * 1103515245 + 12345) % (1 << 32)
    v.append(s >> 8)
v.sort()
check = 0
for x in v[::1000]:
    check = check * 31 + x
print("@@ min %d max %d check %d" % (v[0], v[-1], check % (1 << 64) % 1000000007))
print("@@ done")
