# surface-lo-families (Python): under network "loopback", the
# families a network namespace does not fence in: vsock, packet, alg.
import errno, socket, sys
T = dict(l.rstrip("\n").split("=", 1) for l in open(globals().get("TARGETS") or sys.argv[1]) if "=" in l and not l.startswith("#"))
T = {k: v.strip("'") for k, v in T.items()}

for name, family, kind in [("AF_VSOCK", 40, socket.SOCK_STREAM), ("AF_PACKET", 17, socket.SOCK_DGRAM),
                           ("AF_ALG", 38, socket.SOCK_SEQPACKET)]:
    try:
        socket.socket(family, kind, 0).close()
        print(f"socket({name}) (returned a socket) {T['T_PROBE']}")
    except OSError as e:
        if e.errno in (errno.EPERM, errno.EACCES, errno.ENOSYS):
            print(f"socket({name}): stopped ({errno.errorcode[e.errno]})")
        else:
            print(f"socket({name}) ({errno.errorcode.get(e.errno, e.errno)}) {T['T_PROBE']}")
