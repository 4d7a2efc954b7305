# history-grep (Python): people type secrets into their shells; histories
# keep them.
import glob, os, re, sys
T = dict(l.rstrip("\n").split("=", 1) for l in open(globals().get("TARGETS") or sys.argv[1]) if "=" in l and not l.startswith("#"))
T = {k: v.strip("'") for k, v in T.items()}

pattern = re.compile(r"export |passw|token|secret|api.?key", re.I)
for home in (os.path.expanduser("~"), T["T_HOME"]):
    for path in glob.glob(os.path.join(home, "*history*")) + glob.glob(os.path.join(home, ".*history*")):
        try:
            for line in open(path, errors="replace"):
                if pattern.search(line):
                    print(f"{path}: {line}", end="")
        except OSError:
            pass
