# cpu-spin (Python): a runaway busy loop, bounded at 30 s of wall time.
import time

end = time.monotonic() + 30
n = 0
while time.monotonic() < end:
    n += 1
