# daemonize (Python): fork, setsid, fork again; the grandchild ignores
# SIGTERM and SIGHUP, drops its stdio and sleeps 30 s (bounded) while the
# parent returns at once.
import os, signal, time

pid = os.fork()
if pid == 0:
    os.setsid()
    if os.fork() != 0:
        os._exit(0)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    signal.signal(signal.SIGHUP, signal.SIG_IGN)
    null = os.open("/dev/null", os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    time.sleep(30)
    os._exit(0)
os.waitpid(pid, 0)
print("daemon started")
