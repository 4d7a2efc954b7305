# surface-mount: mount a cgroup v1 hierarchy (the release_agent escape,
# CVE-2022-0492) on a path that does not exist, via ctypes: ENOENT means the
# kernel resolved the path.
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
NR = {"x86_64": {"mount": 165}, "aarch64": {"mount": 40}}
where = os.path.join(T["T_CASE"], "no-such-dir")
if os.path.lexists(where):
    print(where, "exists: not probing")
else:
    report("mount(cgroup)", syscall("mount", b"cgroup", os.path.join(where, "cgroup").encode(), b"cgroup", L(0), b"rdma"))
