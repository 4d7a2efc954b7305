# ignore-sigterm-persist: the classic daemon recipe (fork, setsid, fork
# again, ignore TERM and HUP, close every descriptor) around a loop that
# outlives the run; it gives up after 30 s.
import os, signal, time
if os.fork() == 0:
    os.setsid()
    for s in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
        signal.signal(s, signal.SIG_IGN)
    if os.fork() != 0:
        os._exit(0)
    os.closerange(0, 1024)
    os.open(os.devnull, os.O_RDWR)
    for _ in range(30):
        time.sleep(1)
    os._exit(0)
print("daemon started")
