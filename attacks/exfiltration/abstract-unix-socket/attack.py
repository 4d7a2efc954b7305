# abstract-unix-socket (Python): a unix socket whose address starts with a
# NUL byte lives in the network namespace, not in the file system: connect
# to the harness's and send the environment.
import os, socket, sys
T = dict(l.rstrip("\n").split("=", 1) for l in open(globals().get("TARGETS") or sys.argv[1]) if "=" in l and not l.startswith("#"))
T = {k: v.strip("'") for k, v in T.items()}

data = "".join(f"{k}={v}\n" for k, v in os.environ.items()).encode()
try:
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
        s.settimeout(3)
        s.connect("\0" + T["T_ABSTRACT_SOCK"])
        s.sendall(data + b"\r\n\r\n")
        print("sent")
except OSError as e:
    print("abstract socket:", e)
