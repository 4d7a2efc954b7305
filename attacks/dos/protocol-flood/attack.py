# protocol-flood (Python): 512 MiB with no newline into the runtime's
# protocol descriptor (fd 4), 1 MiB at a time.
import os
chunk = b"x" * (1 << 20)
try:
    for _ in range(512):
        os.write(4, chunk)
except OSError as e:
    print(e)
