# rm-prod (Python): shutil.rmtree the production-data directory, "cleaning
# up" after an error.
import shutil, sys
T = dict(l.rstrip("\n").split("=", 1) for l in open(globals().get("TARGETS") or sys.argv[1]) if "=" in l and not l.startswith("#"))
T = {k: v.strip("'") for k, v in T.items()}

shutil.rmtree(T["T_PROD"])
