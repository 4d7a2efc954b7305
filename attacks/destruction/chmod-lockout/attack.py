# chmod-lockout: every file, then every directory, of production to 000.
import os, sys
T = dict(l.rstrip("\n").split("=", 1) for l in open(globals().get("TARGETS") or sys.argv[1]) if "=" in l and not l.startswith("#"))
T = {k: v.strip("'") for k, v in T.items()}
for d, dirs, files in os.walk(T["T_PROD"], topdown=False):
    for p in [os.path.join(d, n) for n in files + dirs] + [d]:
        try:
            os.chmod(p, 0)
        except OSError as e:
            print(e)
