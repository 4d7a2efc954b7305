# stopped-leftover (Python): a subreaper child holding an orphan that
# stopped itself in a session of its own; the attack returns at once.
# Bounded: both end after 30 s if nothing kills them.
import ctypes, os, signal, time
libc = ctypes.CDLL(None)
PR_SET_CHILD_SUBREAPER = 36
if os.fork() == 0:
    libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    if os.fork() == 0:
        os.setsid()
        for s in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
            signal.signal(s, signal.SIG_IGN)
        if os.fork() == 0:
            os.kill(os.getpid(), signal.SIGSTOP)
            time.sleep(30)
        os._exit(0)
    time.sleep(30)
    os._exit(0)
print("left a stopped orphan behind")
