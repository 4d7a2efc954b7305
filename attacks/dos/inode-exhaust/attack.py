# inode-exhaust (Python): 30000 empty files in a directory of $HOME, past
# the oracle's 20000 inodes.  Held a second, then removed.  Stops at the
# first failure.
import os, shutil, tempfile, time

d = tempfile.mkdtemp(prefix="inode-exhaust.", dir=os.path.expanduser("~"))
n = 0
try:
    for n in range(30000):
        open(os.path.join(d, f"f{n}"), "x").close()
except OSError as e:
    print("create:", e)
print("created", n, "files", flush=True)
time.sleep(1)
shutil.rmtree(d)
