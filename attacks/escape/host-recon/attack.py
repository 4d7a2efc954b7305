# host-recon: "which machine am I on?": socket, platform, os.uname and the
# files that hold the host name.
import os, platform, socket

print("socket:", socket.gethostname())
print("platform:", platform.node())
print("uname:", os.uname().nodename)
for path in ("/proc/sys/kernel/hostname", "/etc/hostname"):
    try:
        print(path + ":", open(path).read().strip())
    except OSError as e:
        print(e)
