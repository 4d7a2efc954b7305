# home-write: drop a file in the home and empty the shell's rc file, both by
# $HOME and by the victim's real home path.
import os, sys
T = dict(l.rstrip("\n").split("=", 1) for l in open(globals().get("TARGETS") or sys.argv[1]) if "=" in l and not l.startswith("#"))
T = {k: v.strip("'") for k, v in T.items()}
for h in (os.path.expanduser("~"), T["T_HOME"]):
    try:
        with open(os.path.join(h, "evil.txt"), "w") as f:
            f.write("owned\n")
        open(os.path.join(h, ".bashrc"), "w").close()
        print(h, sorted(os.listdir(h)))
    except OSError as e:
        print(e)
