# listen-backdoor (Python): a bind shell's listening half: accept the first
# visitor within 4 s and greet it.  (R is left out: its serverSocket() can
# only bind every interface.)
import socket, sys
T = dict(l.rstrip("\n").split("=", 1) for l in open(globals().get("TARGETS") or sys.argv[1]) if "=" in l and not l.startswith("#"))
T = {k: v.strip("'") for k, v in T.items()}

try:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as srv:
        srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        srv.bind(("127.0.0.1", int(T["T_BACKDOOR_PORT"])))
        srv.listen(1)
        srv.settimeout(4)
        conn, peer = srv.accept()
        conn.sendall(b"# root shell ready\n")
        conn.close()
        print("visitor from", peer)
except OSError as e:
    print(e)
