import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
fig, ax = plt.subplots(figsize=(4, 3), dpi=100)
ax.plot([1, 2, 3, 4], [1, 4, 9, 16], label="squares")
ax.set_title("A plot"); ax.set_xlabel("x"); ax.set_ylabel("y"); ax.legend()
fig.savefig("plot.png")
print("@@ saved plot.png")
print("@@ backend", matplotlib.get_backend())
print("@@ done")
