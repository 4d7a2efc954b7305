# memfd-bomb (Python): 32 memfds of 64 MiB each, written, never mapped,
# held 1 s (when it got any); stops at the first failure.
import os, time
chunk, fds = b"m" * (1 << 20), []
try:
    for _ in range(32):
        fd = os.memfd_create("cache")
        fds.append(fd)
        for _ in range(64):
            os.write(fd, chunk)
except OSError as e:
    print(e)
print(len(fds), "memfds", flush=True)
if fds:  # nothing to hold when memfd_create is denied
    time.sleep(1)
for fd in fds:
    os.close(fd)
