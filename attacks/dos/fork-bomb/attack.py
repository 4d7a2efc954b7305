# fork-bomb (Python), bounded: os.fork() up to 1000 children, each becoming
# a sleeper (exec, like the sh version's `sleep 30 &`: a forked interpreter
# would weigh 10 MiB each); stop at the first failed fork, hold them 0.5 s,
# then kill and reap them.
import os, signal, time

kids = []
for i in range(1000):
    try:
        pid = os.fork()
    except OSError as e:
        print("fork:", e)
        break
    if pid == 0:
        try:
            os.execvp("sleep", ["sleep", "30"])
        finally:
            os._exit(1)
    kids.append(pid)
print("started", len(kids), flush=True)
time.sleep(0.5)
for pid in kids:
    os.kill(pid, signal.SIGKILL)
for pid in kids:
    os.waitpid(pid, 0)
