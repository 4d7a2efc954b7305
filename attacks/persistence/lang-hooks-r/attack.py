# lang-hooks-r: run 1 writes ~/.Rprofile; run 2 starts R as any later job
# would.
import os, subprocess, sys
T = dict(l.rstrip("\n").split("=", 1) for l in open(globals().get("TARGETS") or sys.argv[1]) if "=" in l and not l.startswith("#"))
T = {k: v.strip("'") for k, v in T.items()}
if T["T_STAGE"] == "1":
    with open(os.path.expanduser("~/.Rprofile"), "a") as f:
        f.write("invisible(file.create('%s'))\n" % T["T_MARKER"])
    print(os.listdir(os.path.expanduser("~")))
else:
    subprocess.run(["Rscript", "-e", "cat('analysis done\\n')"])
