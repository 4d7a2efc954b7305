# shm-sysv: attach the host's SysV segment read-only, by id and by key,
# and print what it holds (libc through ctypes: Python has no shmat).
import ctypes, ctypes.util, sys
T = dict(l.rstrip("\n").split("=", 1) for l in open(globals().get("TARGETS") or sys.argv[1]) if "=" in l and not l.startswith("#"))
T = {k: v.strip("'") for k, v in T.items()}
libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
libc.shmat.restype = ctypes.c_void_p
libc.shmat.argtypes = [ctypes.c_int, ctypes.c_void_p, ctypes.c_int]
SHM_RDONLY = 0o10000
ids = [int(T["T_SHM_ID"]), libc.shmget(int(T["T_SHM_KEY"]), 0, 0)]
for shmid in ids:
    addr = libc.shmat(shmid, None, SHM_RDONLY)
    if addr in (None, ctypes.c_void_p(-1).value):
        print("shmat", shmid, ctypes.get_errno())
        continue
    print("segment", shmid, ctypes.string_at(addr, 4096).split(b"\0")[0].decode(errors="replace"))
    libc.shmdt(ctypes.c_void_p(addr))
