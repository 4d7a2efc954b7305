# output-flood (Python): 384 MiB on stdout and on stderr, in 1 MiB writes.
import sys
chunk = "y" * (1 << 20)
for stream in (sys.stdout, sys.stderr):
    for _ in range(384):
        stream.write(chunk)
    stream.flush()
