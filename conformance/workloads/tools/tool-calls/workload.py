r = wl_stats(values=[3, 1.5, 10, -2], label="sample")
print("@@ stats", r["label"], r["n"], r["sum"], r["max"])
print("@@ twice", [wl_stats(values=list(range(k)), label="k")["sum"] for k in (3, 5)])
print("@@ done")
