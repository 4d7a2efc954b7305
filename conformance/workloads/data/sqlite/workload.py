import sqlite3, os
db = sqlite3.connect("wl.db")
db.execute("create table t (k text, v integer)")
with db:
    db.executemany("insert into t values (?, ?)", [("k%d" % (i % 5), i) for i in range(1000)])
for k, s, n in db.execute("select k, sum(v), count(*) from t group by k order by k"):
    print("@@", k, s, n)
db.close(); os.unlink("wl.db")
print("@@ done")
