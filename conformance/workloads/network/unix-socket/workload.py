import os, socket, tempfile, threading
d = tempfile.mkdtemp()
path = os.path.join(d, "s")
srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
srv.bind(path); srv.listen(1)
def serve():
    c, _ = srv.accept()
    c.sendall(c.recv(64).upper()); c.close()
t = threading.Thread(target=serve); t.start()
cli = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
cli.connect(path); cli.sendall(b"over a unix socket")
print("@@ reply", cli.recv(64).decode())
cli.close(); t.join(); srv.close(); os.unlink(path); os.rmdir(d)
print("@@ done")
