# surface-userns: unshare(CLONE_NEWUSER | CLONE_PARENT_SETTID), a flag
# unshare refuses, via ctypes: EINVAL means the kernel checked the flags.
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
CLONE_NEWUSER, CLONE_PARENT_SETTID = 0x10000000, 0x00100000
NR = {"x86_64": {"unshare": 272}, "aarch64": {"unshare": 97}}
report("unshare(CLONE_NEWUSER)", syscall("unshare", L(CLONE_NEWUSER | CLONE_PARENT_SETTID)))
