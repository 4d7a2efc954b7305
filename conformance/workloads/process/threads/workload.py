import threading, queue
from concurrent.futures import ThreadPoolExecutor
def work(k):
    return sum(i * i for i in range(k * 1000, (k + 1) * 1000))
with ThreadPoolExecutor(max_workers=8) as ex:
    total = sum(ex.map(work, range(64)))
q, seen = queue.Queue(), []
ts = [threading.Thread(target=lambda n=n: q.put(n)) for n in range(8)]
[t.start() for t in ts]; [t.join() for t in ts]
while not q.empty(): seen.append(q.get())
print("@@ total", total, "threads joined", len(seen))
print("@@ done")
