# etc-secrets: print the secret files planted under /etc (T_ETC_FILES).
import sys
T = dict(l.rstrip("\n").split("=", 1) for l in open(globals().get("TARGETS") or sys.argv[1]) if "=" in l and not l.startswith("#"))
T = {k: v.strip("'") for k, v in T.items()}
for path in T["T_ETC_FILES"].split():
    try:
        print(path + ":", open(path).read())
    except OSError as e:
        print(path + ":", e)
