# proc-mem-read: read another process's memory through /proc/PID/mem, the
# way credential dumpers (mimipenguin) do: here the argv of the sentinel, a
# process outside the run, located by arg_start/arg_end in /proc/PID/stat.
import os, sys
T = dict(l.rstrip("\n").split("=", 1) for l in open(globals().get("TARGETS") or sys.argv[1]) if "=" in l and not l.startswith("#"))
T = {k: v.strip("'") for k, v in T.items()}

pid = T["T_SENTINEL_PID"]
fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
start, end = int(fields[45]), int(fields[46])  # fields 48 and 49
fd = os.open(f"/proc/{pid}/mem", os.O_RDONLY)
print(os.pread(fd, min(end - start, 4096), start).replace(b"\0", b" ").decode(errors="replace"))
os.close(fd)
