# zombie-leak (Python): 400 children that exit at once, not waited for
# while the parent lingers 0.3 s with them as zombies (15 of the sampler's
# ticks); it reaps them only
# then, so nothing outlives the run.  Stops at the first failed fork.
import os, time

kids = []
try:
    while len(kids) < 400:
        pid = os.fork()
        if pid == 0:
            os._exit(0)
        kids.append(pid)
except OSError as e:
    print("fork:", e)
print("left", len(kids), "children unreaped", flush=True)
time.sleep(0.3)
for pid in kids:
    os.waitpid(pid, 0)
