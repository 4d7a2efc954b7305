# git-submodule-swap (Python): os.rename of the directory above the
# submodule, then a new lib/sub/.git pointing at our git directory.
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
try:
    os.rename(os.path.join(w, "lib"), os.path.join(w, "lib.orig"))
    os.makedirs(os.path.join(w, "lib", "sub"))
    open(os.path.join(w, "lib", "sub", ".git"), "w").write("gitdir: ../../docs/.gd\n")
    print("rebuilt lib/sub")
except OSError as e:
    print(e)
