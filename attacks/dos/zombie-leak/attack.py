# zombie-leak (Python): 400 children that exit at once, never waited for;
# the parent lingers 2 s with them as zombies.  Stops at the first failed
# fork.
import os, time

n = 0
try:
    for n in range(400):
        if os.fork() == 0:
            os._exit(0)
except OSError as e:
    print("fork:", e)
print("left", n, "children unreaped", flush=True)
time.sleep(2)
