# fail-open: the plain grab (SSH key, environment secrets) run while the
# sandbox backend is broken: a library that falls back to running it
# unconfined hands both over.
import os, sys
T = dict(l.rstrip("\n").split("=", 1) for l in open(globals().get("TARGETS") or sys.argv[1]) if "=" in l and not l.startswith("#"))
T = {k: v.strip("'") for k, v in T.items()}

try:
    print(open(os.path.join(T["T_HOME"], ".ssh", "id_rsa")).read())
except OSError as e:
    print(e)
print(dict(os.environ))
