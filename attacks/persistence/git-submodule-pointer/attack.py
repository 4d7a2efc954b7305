# git-submodule-pointer (Python): our git directory (fsmonitor = stage 2),
# and the submodules' .git files pointed at it.
import os, sys
T = dict(l.rstrip("\n").split("=", 1) for l in open(globals().get("TARGETS") or sys.argv[1]) if "=" in l and not l.startswith("#"))
T = {k: v.strip("'") for k, v in T.items()}

gd = os.path.join(T["T_WORK"], "docs", ".gd")
for d in ("objects", "refs"):
    os.makedirs(os.path.join(gd, d), exist_ok=True)
open(os.path.join(gd, "HEAD"), "w").write("ref: refs/heads/main\n")
open(os.path.join(gd, "config"), "w").write(
    "[core]\n\trepositoryformatversion = 0\n\tbare = false\n"
    f"\tfsmonitor = touch {T['T_MARKER']}; :\n")
for sub in ("lib/sub", "vendor/tool"):
    try:
        with open(os.path.join(T["T_WORK"], sub, ".git"), "w") as f:
            f.write("gitdir: ../../docs/.gd\n")
        print("pointed", sub)
    except OSError as e:
        print(sub, e)
