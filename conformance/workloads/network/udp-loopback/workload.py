import socket
a = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); a.bind(("127.0.0.1", 0))
b = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); b.bind(("127.0.0.1", 0))
b.settimeout(5); a.settimeout(5)
a.sendto(b"ping", b.getsockname())
msg, addr = b.recvfrom(64)
b.sendto(msg + b" pong", addr)
print("@@ reply", a.recvfrom(64)[0].decode())
print("@@ done")
