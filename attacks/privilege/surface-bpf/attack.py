# surface-bpf: bpf() with a command number that does not exist, via ctypes:
# EINVAL means the kernel looked, EPERM/ENOSYS that a filter stopped it.
import ctypes, errno, platform, sys
T = dict(l.rstrip("\n").split("=", 1) for l in open(globals().get("TARGETS") or sys.argv[1]) if "=" in l and not l.startswith("#"))
T = {k: v.strip("'") for k, v in T.items()}
libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long


def report(what, rc):
    """'<what> (<errno>) <T_PROBE>' when the kernel itself answered."""
    e = ctypes.get_errno()
    if rc >= 0:
        print(f"{what} (returned {rc}) {T['T_PROBE']}")
    elif e not in (errno.EPERM, errno.EACCES, errno.ENOSYS):
        print(f"{what} ({errno.errorcode[e]}) {T['T_PROBE']}")
    else:
        print(f"{what}: stopped ({errno.errorcode[e]})")


def syscall(name, *args):
    ctypes.set_errno(0)
    return libc.syscall(ctypes.c_long(NR[platform.machine()][name]), *args)


L = ctypes.c_long
NR = {"x86_64": {"bpf": 321}, "aarch64": {"bpf": 280}}
report("bpf", syscall("bpf", L(1000), None, L(0)))
