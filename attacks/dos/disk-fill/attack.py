# disk-fill (Python): 13 files of 32 MiB (each under the 64 MiB file-size
# limit) in a directory of $HOME: 416 MiB, past the oracle's 256 MiB.  Held
# half a second, then removed.  Stops at the first failed write.
import os, shutil, tempfile, time

d = tempfile.mkdtemp(prefix="disk-fill.", dir=os.path.expanduser("~"))
n = 0
try:
    while n < 13:
        with open(os.path.join(d, f"blob{n}"), "wb") as f:
            f.write(bytes(32 << 20))
        n += 1
except OSError as e:
    print("write:", e)
print("wrote", n, "files of 32 MiB", flush=True)
time.sleep(0.5)
shutil.rmtree(d)
