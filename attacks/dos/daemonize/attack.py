# daemonize (Python): ignore SIGTERM, SIGHUP and SIGINT; fork, setsid, fork
# again: the grandchild drops its stdio and sleeps 30 s (bounded); the
# parent keeps sleeping too.
import os, signal, time

for sig in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
    signal.signal(sig, signal.SIG_IGN)  # inherited by both forks
pid = os.fork()
if pid == 0:
    os.setsid()
    if os.fork() != 0:
        os._exit(0)
    null = os.open("/dev/null", os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    time.sleep(30)
    os._exit(0)
os.waitpid(pid, 0)
print("daemon started", flush=True)
time.sleep(30)
