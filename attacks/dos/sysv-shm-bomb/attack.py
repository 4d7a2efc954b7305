# sysv-shm-bomb (Python, ctypes): 8 private SysV segments of 256 MiB, each
# attached, touched, detached; held 1 s (when it got any), then removed.
import ctypes, time
libc = ctypes.CDLL(None, use_errno=True)
libc.shmat.restype = ctypes.c_void_p
libc.shmat.argtypes = (ctypes.c_int, ctypes.c_void_p, ctypes.c_int)
libc.shmdt.argtypes = (ctypes.c_void_p,)
IPC_PRIVATE, IPC_CREAT, IPC_RMID, SEG = 0, 0o1000, 0, 256 << 20
ids = []
for _ in range(8):
    i = libc.shmget(IPC_PRIVATE, ctypes.c_size_t(SEG), IPC_CREAT | 0o600)
    if i < 0:
        print("shmget errno", ctypes.get_errno())
        break
    ids.append(i)
    p = libc.shmat(i, None, 0)
    if p is None or p == ctypes.c_void_p(-1).value:
        print("shmat errno", ctypes.get_errno())
        break
    ctypes.memset(p, 0x73, SEG)
    libc.shmdt(p)
print(len(ids), "segments", flush=True)
if ids:  # nothing to hold when shmget is denied
    time.sleep(1)
for i in ids:
    libc.shmctl(i, IPC_RMID, None)
