# bind-race: run 1 turns output/report.txt into a symlink to a host path;
# run 2 writes its report as usual, through the link.
import os, shutil, sys
T = dict(l.rstrip("\n").split("=", 1) for l in open(globals().get("TARGETS") or sys.argv[1]) if "=" in l and not l.startswith("#"))
T = {k: v.strip("'") for k, v in T.items()}
out = os.path.join(T["T_WORK"], "output")
try:
    if T["T_STAGE"] == "1":
        shutil.rmtree(out, ignore_errors=True)
        os.mkdir(out)
        os.symlink(T["T_MARKER"], os.path.join(out, "report.txt"))
    else:
        with open(os.path.join(out, "report.txt"), "w") as f:
            f.write("revenue: 15010\n")
except OSError as e:
    print(e)
