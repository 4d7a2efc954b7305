import re, collections
lines = ["2024-01-%02d 12:%02d:00 %s user=%d took=%dms" % (1 + i % 28, i % 60, ["INFO", "WARN", "ERROR"][i % 3 if i % 7 else 2], i % 17, i * 13 % 900) for i in range(3000)]
pat = re.compile(r"^(\d{4})-(\d\d)-(\d\d) \S+ (\w+) user=(\d+) took=(\d+)ms$")
c = collections.Counter()
slow = 0
for l in lines:
    m = pat.match(l)
    c[m.group(4)] += 1
    slow += int(m.group(6)) > 500
print("@@ levels", sorted(c.items()))
print("@@ slow", slow)
print("@@ done")
