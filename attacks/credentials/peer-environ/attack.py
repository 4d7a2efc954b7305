# peer-environ (Python): the session next door keeps its secret in its
# environment and its home; /proc shows both to whoever can see its pids.
import os, sys
T = dict(l.rstrip("\n").split("=", 1) for l in open(globals().get("TARGETS") or sys.argv[1]) if "=" in l and not l.startswith("#"))
T = {k: v.strip("'") for k, v in T.items()}

def ppid(pid):
    try:
        return int(open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()[1])
    except (OSError, IndexError, ValueError):
        return -1

pids = {int(T["T_PEER_PID"])}
for _ in range(6):  # its descendants, six levels deep
    pids |= {int(p) for p in os.listdir("/proc") if p.isdigit() and ppid(p) in pids}
for p in sorted(pids):
    try:
        env = dict(e.split("=", 1) for e in open(f"/proc/{p}/environ").read().split("\0") if "=" in e)
    except OSError:
        continue
    print(p, env)
    try:
        print(open(f"/proc/{p}/root{env.get('HOME', '/')}/peer-secret").read())
    except OSError:
        pass
