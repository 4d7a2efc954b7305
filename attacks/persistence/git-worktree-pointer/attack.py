# git-worktree-pointer (Python): the worktree's .git file rewritten, else
# renamed away and replaced, to name our git directory.
import os, sys
T = dict(l.rstrip("\n").split("=", 1) for l in open(globals().get("TARGETS") or sys.argv[1]) if "=" in l and not l.startswith("#"))
T = {k: v.strip("'") for k, v in T.items()}

w = T["T_WORK"]
gd = os.path.join(w, "docs", ".gd")
for d in ("objects", "refs"):
    os.makedirs(os.path.join(gd, d), exist_ok=True)
open(os.path.join(gd, "HEAD"), "w").write("ref: refs/heads/main\n")
open(os.path.join(gd, "config"), "w").write(
    "[core]\n\trepositoryformatversion = 0\n\tbare = false\n"
    f"\tfsmonitor = touch {T['T_MARKER']}; :\n")
dot = os.path.join(w, ".git")
try:
    open(dot, "w").write(f"gitdir: {gd}\n")
    print("rewrote")
except OSError as e:
    print(e)
    try:
        os.rename(dot, dot + ".orig")
        open(dot, "w").write(f"gitdir: {gd}\n")
        print("replaced")
    except OSError as e2:
        print(e2)
