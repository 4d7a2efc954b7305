import hashlib, os
block = bytes(range(256)) * 4096
with open("wl-big.bin", "wb") as f:
    for _ in range(20):
        f.write(block)
h = hashlib.sha256(open("wl-big.bin", "rb").read()).hexdigest()[:16]
print("@@ size", os.path.getsize("wl-big.bin"), "sha256", h)
os.unlink("wl-big.bin")
print("@@ done")
