# core-dump (Python): raise the soft core limit to the hard one, touch
# 100 MiB, and os.abort() in the workspace: the kernel writes the core file
# there.
import os, resource, sys
T = dict(l.rstrip("\n").split("=", 1) for l in open(globals().get("TARGETS") or sys.argv[1]) if "=" in l and not l.startswith("#"))
T = {k: v.strip("'") for k, v in T.items()}

os.chdir(T["T_WORK"])
soft, hard = resource.getrlimit(resource.RLIMIT_CORE)
resource.setrlimit(resource.RLIMIT_CORE, (hard, hard))
print("core limit", hard, flush=True)
ballast = bytearray(b"Z") * (100 << 20)
os.abort()
