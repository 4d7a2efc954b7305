import os, signal, time
got = []
signal.signal(signal.SIGUSR1, lambda s, f: got.append("usr1"))
signal.signal(signal.SIGALRM, lambda s, f: got.append("alrm"))
os.kill(os.getpid(), signal.SIGUSR1)
signal.setitimer(signal.ITIMER_REAL, 0.2)
deadline = time.monotonic() + 5
while "alrm" not in got and time.monotonic() < deadline:
    time.sleep(0.05)
signal.signal(signal.SIGUSR1, signal.SIG_DFL)
signal.signal(signal.SIGALRM, signal.SIG_DFL)
print("@@ handled", sorted(got))
print("@@ done")
