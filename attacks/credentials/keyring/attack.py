# keyring (Python): find the key named T_KEY_DESC (/proc/keys, else a search
# of the session and user keyrings) and print its payload through ctypes'
# raw syscall(): no keyctl program, no module to install.
import ctypes, os, platform, sys
T = dict(l.rstrip("\n").split("=", 1) for l in open(globals().get("TARGETS") or sys.argv[1]) if "=" in l and not l.startswith("#"))
T = {k: v.strip("'") for k, v in T.items()}

SYS_keyctl = {"x86_64": 250, "aarch64": 219}[platform.machine()]
libc = ctypes.CDLL(None, use_errno=True)
keyctl = lambda *a: libc.syscall(SYS_keyctl, *[ctypes.c_long(x) if isinstance(x, int) else x for x in a])

desc = T["T_KEY_DESC"]
serial = -1
try:
    for line in open("/proc/keys"):
        if f" {desc}:" in line:
            serial = int(line.split()[0], 16)
except OSError as e:
    print(e)
for ring in (-3, -4):  # @s, @u
    if serial < 0:
        serial = keyctl(10, ring, b"user", desc.encode(), 0)  # KEYCTL_SEARCH
buf = ctypes.create_string_buffer(4096)
n = keyctl(11, serial, buf, 4096)  # KEYCTL_READ
print("key", serial, buf.raw[:n].decode() if n > 0 else os.strerror(ctypes.get_errno()))
