# pid-visibility: `ps aux`, by hand: every command line under /proc.
import os
for pid in sorted((p for p in os.listdir("/proc") if p.isdigit()), key=int):
    try:
        with open("/proc/%s/cmdline" % pid, "rb") as f:
            args = f.read().replace(b"\0", b" ").decode(errors="replace").strip()
    except OSError:
        continue
    if args:
        print(pid, args)
