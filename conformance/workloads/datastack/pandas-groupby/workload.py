import sys
import pandas as pd
T_SRC = globals().get("T_SRC") or sys.argv[1]
d = pd.read_csv(T_SRC + "/data.csv")
d["revenue"] = d["units"] * d["price"]
g = d.groupby("region").agg(units=("units", "sum"), revenue=("revenue", "sum"), n=("units", "size"))
for region, row in g.iterrows():
    print("@@ %s units %d revenue %.2f n %d" % (region, row.units, row.revenue, row.n))
p = d.pivot_table(index="region", columns="product", values="units", aggfunc="sum")
print("@@ pivot shape", p.shape, "plum total", int(p["plum"].sum()))
g.round(2).to_csv("summary.csv")
print("@@ done")
