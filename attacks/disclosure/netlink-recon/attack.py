# netlink-recon (Python): what `ip link` asks the kernel, over a raw
# NETLINK_ROUTE socket: every link with its name and alias.
import socket, struct, sys
T = dict(l.rstrip("\n").split("=", 1) for l in open(globals().get("TARGETS") or sys.argv[1]) if "=" in l and not l.startswith("#"))
T = {k: v.strip("'") for k, v in T.items()}

RTM_GETLINK, NLM_F_REQUEST, NLM_F_DUMP, NLMSG_DONE, NLMSG_ERROR = 18, 1, 0x300, 3, 2
IFLA_IFNAME, IFLA_IFALIAS = 3, 20
try:
    s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, socket.NETLINK_ROUTE)
    s.send(struct.pack("=IHHII", 32, RTM_GETLINK, NLM_F_REQUEST | NLM_F_DUMP, 1, 0)
           + struct.pack("=BxHiII", socket.AF_UNSPEC, 0, 0, 0, 0))
    done = False
    while not done:
        buf = s.recv(65536)
        if not buf:
            break
        off = 0
        while off + 16 <= len(buf):
            length, kind = struct.unpack_from("=IH", buf, off)
            if kind in (NLMSG_DONE, NLMSG_ERROR) or length < 16:
                done = True
                break
            index = struct.unpack_from("=i", buf, off + 20)[0]
            attrs, name, alias = off + 32, "?", ""
            while attrs + 4 <= off + length:
                alen, atype = struct.unpack_from("=HH", buf, attrs)
                if alen < 4:
                    break
                value = buf[attrs + 4:attrs + alen].split(b"\0")[0].decode(errors="replace")
                if atype == IFLA_IFNAME:
                    name = value
                elif atype == IFLA_IFALIAS:
                    alias = value
                attrs += (alen + 3) & ~3
            print(f"link {index} {name} alias '{alias}'")
            off += (length + 3) & ~3
except OSError as e:
    print("netlink:", e)
