# surface-net-families (Python): socket() of each family beside AF_UNIX,
# closed at once; the kernel answering (a socket, or an error of its own)
# shows the family's code is reachable.
import errno, socket, sys
T = dict(l.rstrip("\n").split("=", 1) for l in open(globals().get("TARGETS") or sys.argv[1]) if "=" in l and not l.startswith("#"))
T = {k: v.strip("'") for k, v in T.items()}

FAMILIES = [("AF_INET6", 10, socket.SOCK_STREAM, 0), ("AF_NETLINK", 16, socket.SOCK_RAW, 0),
            ("AF_PACKET", 17, socket.SOCK_DGRAM, 0), ("AF_VSOCK", 40, socket.SOCK_STREAM, 0),
            ("AF_ALG", 38, socket.SOCK_SEQPACKET, 0)]
for name, family, kind, proto in FAMILIES:
    try:
        socket.socket(family, kind, proto).close()
        print(f"socket({name}) (returned a socket) {T['T_PROBE']}")
    except OSError as e:
        if e.errno in (errno.EPERM, errno.EACCES, errno.ENOSYS):
            print(f"socket({name}): stopped ({errno.errorcode[e.errno]})")
        else:
            print(f"socket({name}) ({errno.errorcode.get(e.errno, e.errno)}) {T['T_PROBE']}")
