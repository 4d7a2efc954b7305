# root-file-read: read a file only root may read (mode 0400, owned by the
# runner), the way code running as root on the host simply can.
import sys
T = dict(l.rstrip("\n").split("=", 1) for l in open(globals().get("TARGETS") or sys.argv[1]) if "=" in l and not l.startswith("#"))
T = {k: v.strip("'") for k, v in T.items()}

print(open(T["T_ROOTFILE"]).read())
