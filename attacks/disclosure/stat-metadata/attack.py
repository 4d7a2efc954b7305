# stat-metadata: size and mtime (seconds since the epoch) of a host file.
import os, sys
T = dict(l.rstrip("\n").split("=", 1) for l in open(globals().get("TARGETS") or sys.argv[1]) if "=" in l and not l.startswith("#"))
T = {k: v.strip("'") for k, v in T.items()}
try:
    st = os.stat(T["T_STATFILE"])
    print("size=%d mtime=%d" % (st.st_size, int(st.st_mtime)))
except OSError as e:
    print(e)
