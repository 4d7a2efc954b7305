# fd-exhaust (Python): open /dev/null up to 4000 times (each a new open
# file of the kernel's table), hold them half a second, close them.  Stops
# at the first failure.
import os, time

fds = []
try:
    for i in range(4000):
        fds.append(os.open("/dev/null", os.O_RDONLY))
except OSError as e:
    print("open:", e)
print("holding", len(fds), "open files", flush=True)
time.sleep(0.5)
for fd in fds:
    os.close(fd)
