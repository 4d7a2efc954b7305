# surface-keyring: keyctl with an unknown command and add_key of an unknown
# type into keyring 0, via ctypes: both can only fail.
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
NR = {"x86_64": {"keyctl": 250, "add_key": 248}, "aarch64": {"keyctl": 219, "add_key": 217}}
report("keyctl", syscall("keyctl", L(0x7fff), L(0), L(0), L(0), L(0)))
report("add_key", syscall("add_key", b"securer_no_such_type", b"securer-probe", None, L(0), L(0)))
