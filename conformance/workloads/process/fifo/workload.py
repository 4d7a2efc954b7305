import os, tempfile
d = tempfile.mkdtemp(); p = os.path.join(d, "p")
os.mkfifo(p)
if os.fork() == 0:
    with open(p, "w") as f:
        f.write("one\ntwo\nthree\n")
    os._exit(0)
with open(p) as f:
    print("@@ read", len(f.read().splitlines()), "lines")
os.wait(); os.unlink(p); os.rmdir(d)
print("@@ done")
