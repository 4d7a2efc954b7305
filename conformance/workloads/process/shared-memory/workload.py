import os, mmap
from multiprocessing import shared_memory
shm = shared_memory.SharedMemory(create=True, size=4096)
shm.buf[:5] = b"hello"
peer = shared_memory.SharedMemory(name=shm.name)
print("@@ shm_open", bytes(peer.buf[:5]).decode())
peer.close(); shm.close(); shm.unlink()
m = mmap.mmap(-1, 4096)
if os.fork() == 0:
    m[:6] = b"child!"; os._exit(0)
os.wait()
print("@@ anonymous shared", m[:6].decode())
print("@@ done")
