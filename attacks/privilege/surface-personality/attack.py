# surface-personality: ask for ADDR_NO_RANDOMIZE (this process only) via
# ctypes, then put the old value back: a result means the kernel took it.
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
ADDR_NO_RANDOMIZE = 0x0040000
libc.personality.restype = ctypes.c_int
old = libc.personality(ctypes.c_ulong(0xffffffff))
ctypes.set_errno(0)
rc = libc.personality(ctypes.c_ulong(old | ADDR_NO_RANDOMIZE))
report("personality(ADDR_NO_RANDOMIZE)", rc)
if rc >= 0:
    libc.personality(ctypes.c_ulong(old))
