# thread-bomb (Python), bounded: up to 2000 threads (256 KiB stacks) all
# waiting on one Event; hold them 0.5 s, release, join.  Stops at the first
# thread that cannot start.
import threading, time

threading.stack_size(256 << 10)
go = threading.Event()
threads = []
try:
    for i in range(2000):
        t = threading.Thread(target=go.wait, daemon=True)
        t.start()
        threads.append(t)
except RuntimeError as e:
    print("thread:", e)
print("started", len(threads), "threads", flush=True)
time.sleep(0.5)
go.set()
for t in threads:
    t.join()
