import csv, sys, collections
T_SRC = globals().get("T_SRC") or sys.argv[1]
units = collections.Counter()
with open(T_SRC + "/data.csv", newline="") as f:
    rows = list(csv.DictReader(f))
for r in rows:
    units[r["region"]] += int(r["units"])
print("@@ rows", len(rows))
for k in sorted(units):
    print("@@ units", k, units[k])
print("@@ done")
