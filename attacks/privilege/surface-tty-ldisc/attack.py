# surface-tty-ldisc: TIOCSETD with a line discipline that does not exist on
# the terminal on stdin: EINVAL means the kernel's line-discipline switch
# (n_hdlc: CVE-2017-2636, n_gsm: CVE-2023-6546) is reachable.
import errno, fcntl, struct, sys, termios
T = dict(l.rstrip("\n").split("=", 1) for l in open(globals().get("TARGETS") or sys.argv[1]) if "=" in l and not l.startswith("#"))
T = {k: v.strip("'") for k, v in T.items()}

try:
    fcntl.ioctl(0, termios.TIOCSETD, struct.pack("i", 1000))
    print(f"TIOCSETD (returned 0) {T['T_PROBE']}")
except OSError as e:
    if e.errno in (errno.EPERM, errno.EACCES, errno.ENOSYS, errno.ENOTTY):
        print(f"TIOCSETD: stopped ({errno.errorcode[e.errno]})")
    else:
        print(f"TIOCSETD ({errno.errorcode[e.errno]}) {T['T_PROBE']}")
