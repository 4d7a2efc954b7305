# inode-exhaust (Python): 15000 empty files in a directory of $HOME, past
# the oracle's 10000 inodes.  Held half a second, then removed.  Stops at
# the first failure.
import os, shutil, tempfile, time

d = tempfile.mkdtemp(prefix="inode-exhaust.", dir=os.path.expanduser("~"))
n = 0
try:
    while n < 15000:
        open(os.path.join(d, f"f{n}"), "x").close()
        n += 1
except OSError as e:
    print("create:", e)
print("created", n, "files", flush=True)
time.sleep(0.5)
shutil.rmtree(d)
