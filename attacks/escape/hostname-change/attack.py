# hostname-change: rename the machine with socket.sethostname().
import socket

socket.sethostname("build-box-7")
print(socket.gethostname())
