import os, tempfile, shutil
d = tempfile.mkdtemp()
for i in range(100):
    with open(os.path.join(d, "f%d.txt" % i), "w") as f:
        f.write("line %d\n" % i)
names = os.listdir(d)
size = sum(os.path.getsize(os.path.join(d, n)) for n in names)
print("@@ files", len(names), "bytes", size)
shutil.rmtree(d)
print("@@ removed", "no" if os.path.exists(d) else "yes")
print("@@ done")
