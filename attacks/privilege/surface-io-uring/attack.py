# surface-io-uring: io_uring_setup with NULL parameters, via ctypes: EFAULT
# means the kernel tried to read them.
import ctypes, errno, os, platform, sys
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
NR = {"x86_64": {"io_uring_setup": 425}, "aarch64": {"io_uring_setup": 425}}
fd = syscall("io_uring_setup", L(1), None)
report("io_uring_setup", fd)
if fd >= 0:
    os.close(fd)
