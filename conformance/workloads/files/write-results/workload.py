import csv
with open("results.csv", "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["n", "square", "cube"])
    for i in range(1, 51):
        w.writerow([i, i * i, i * i * i])
print("@@ written 51 lines")
print("@@ done")
