import matplotlib
print("@@ rc backend key present", "backend" in matplotlib.rcParams)
print("@@ font family", matplotlib.rcParams["font.family"])
print("@@ done")
