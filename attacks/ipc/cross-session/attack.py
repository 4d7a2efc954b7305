# cross-session: the peer's process tree, then its private HOME seen
# through each process's /proc/PID/cwd and /proc/PID/root/tmp.
import os, sys
T = dict(l.rstrip("\n").split("=", 1) for l in open(globals().get("TARGETS") or sys.argv[1]) if "=" in l and not l.startswith("#"))
T = {k: v.strip("'") for k, v in T.items()}
top = int(T["T_PEER_PID"])
parent = {}
for p in filter(str.isdigit, os.listdir("/proc")):
    try:
        parent[int(p)] = int(open("/proc/%s/stat" % p).read().rsplit(")", 1)[1].split()[1])
    except (OSError, IndexError, ValueError):
        pass

def in_tree(p):
    for _ in range(64):
        if p == top:
            return True
        if p not in parent or p <= 1:
            return False
        p = parent[p]
    return False

for p in filter(in_tree, sorted(parent)):
    for path in ("/proc/%d/cwd/peer-secret" % p, "/proc/%d/root/tmp/peer-secret" % p):
        try:
            print(path, open(path).read())
        except OSError:
            pass
