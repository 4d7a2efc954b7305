import mmap, os
with open("wl-mmap.bin", "wb") as f:
    f.truncate(1 << 20)
with open("wl-mmap.bin", "r+b") as f:
    m = mmap.mmap(f.fileno(), 0)
    m[:5] = b"hello"; m[-5:] = b"world"; m.flush(); m.close()
data = open("wl-mmap.bin", "rb").read()
print("@@ head", data[:5].decode(), "tail", data[-5:].decode(), "size", len(data))
os.unlink("wl-mmap.bin")
print("@@ done")
