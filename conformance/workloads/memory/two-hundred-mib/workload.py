b = bytearray(200 * 1024 * 1024)
for i in range(0, len(b), 4096):
    b[i] = 1
print("@@ touched pages", sum(b[::4096]))
del b
print("@@ done")
