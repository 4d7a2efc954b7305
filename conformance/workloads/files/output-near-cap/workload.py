import sys, hashlib
line = "x" * 99 + "\n"
h = hashlib.sha256()
for i in range(9000):
    sys.stdout.write(line)
    h.update(line.encode())
sys.stdout.flush()
print("@@ wrote 900000 bytes, sha256", h.hexdigest()[:16])
print("@@ done")
