# tmp-peer (Python): another sandbox's secret by path alone, in /tmp and in
# the private directories beside ours.
import glob, os, sys
T = dict(l.rstrip("\n").split("=", 1) for l in open(globals().get("TARGETS") or sys.argv[1]) if "=" in l and not l.startswith("#"))
T = {k: v.strip("'") for k, v in T.items()}

tmp = os.environ.get("TMPDIR", "/tmp")
paths = ["/tmp/peer-secret"] + glob.glob(os.path.join(tmp, "securer-none.*", "peer-secret")) \
    + glob.glob(os.path.join(os.path.dirname(tmp), "securer-none.*", "peer-secret")) \
    + glob.glob("/tmp/securer-none.*/peer-secret")
for p in sorted(set(paths)):
    try:
        print(p, open(p).read())
    except OSError as e:
        print(p, e)
