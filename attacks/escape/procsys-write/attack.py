# procsys-write: change a kernel setting by writing /proc/sys (the default
# TTL, T_SYSCTL), as a "network tuning" script would.
import sys
T = dict(l.rstrip("\n").split("=", 1) for l in open(globals().get("TARGETS") or sys.argv[1]) if "=" in l and not l.startswith("#"))
T = {k: v.strip("'") for k, v in T.items()}

with open(T["T_SYSCTL"], "w") as f:
    f.write("128\n")
print(open(T["T_SYSCTL"]).read())
