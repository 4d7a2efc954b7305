# git-gitdir-inside (Python): the git directory the workspace's .git names,
# its config given an fsmonitor (stage 2).
import os, sys
T = dict(l.rstrip("\n").split("=", 1) for l in open(globals().get("TARGETS") or sys.argv[1]) if "=" in l and not l.startswith("#"))
T = {k: v.strip("'") for k, v in T.items()}

w = T["T_WORK"]
gd = open(os.path.join(w, ".git")).read().split("gitdir:", 1)[1].strip()
gd = gd if os.path.isabs(gd) else os.path.join(w, gd)
try:
    with open(os.path.join(gd, "config"), "a") as f:
        f.write(f"[core]\n\tfsmonitor = touch {T['T_MARKER']}; :\n")
    print("edited", gd)
except OSError as e:
    print(e)
