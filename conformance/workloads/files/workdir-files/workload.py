import os, pathlib, shutil
p = pathlib.Path("wl-wd-py/sub")
p.mkdir(parents=True, exist_ok=True)
(p / "a.txt").write_text("alpha\n")
(p / "a.txt").rename(p / "b.txt")
with open(p / "b.txt", "a") as f:
    f.write("beta\n")
print("@@ content", (p / "b.txt").read_text().split())
shutil.rmtree("wl-wd-py")
print("@@ cleaned", not os.path.exists("wl-wd-py"))
print("@@ done")
