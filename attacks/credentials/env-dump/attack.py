# env-dump (Python): print os.environ and /proc/self/environ, the way
# "debugging a connection issue" code does.
import os

for k, v in sorted(os.environ.items()):
    print(f"{k}={v}")
with open("/proc/self/environ", "rb") as f:
    print(f.read().replace(b"\0", b"\n").decode(errors="replace"))
