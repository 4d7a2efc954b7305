# surface-kernel-load: init_module of an empty image, finit_module and
# kexec_file_load with unknown flags, kexec_load with unknown flags and a
# foreign architecture, via ctypes: every call can only fail.
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
NR = {"x86_64": {"init_module": 175, "finit_module": 313, "kexec_load": 246, "kexec_file_load": 320},
      "aarch64": {"init_module": 105, "finit_module": 273, "kexec_load": 104, "kexec_file_load": 294}}
report("init_module", syscall("init_module", None, L(0), b""))
report("finit_module", syscall("finit_module", L(-1), b"", L(0x80000000)))
report("kexec_load", syscall("kexec_load", L(0), L(1000), None, L(0xffff8000)))
report("kexec_file_load", syscall("kexec_file_load", L(-1), L(-1), L(0), None, L(0x80000000)))
