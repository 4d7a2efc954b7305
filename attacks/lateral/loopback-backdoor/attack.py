# loopback-backdoor (Python): under network "loopback", a bind shell's
# first step: listen on the backdoor port and greet whoever connects, until
# the first connection (the effect: the host reached it), at most 4 s.
import select, socket, sys, time
T = dict(l.rstrip("\n").split("=", 1) for l in open(globals().get("TARGETS") or sys.argv[1]) if "=" in l and not l.startswith("#"))
T = {k: v.strip("'") for k, v in T.items()}

port, socks = int(T["T_BACKDOOR_PORT"]), []
for family, addr in ((socket.AF_INET, "127.0.0.1"), (socket.AF_INET6, "::")):
    try:
        s = socket.socket(family, socket.SOCK_STREAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if family == socket.AF_INET6:
            s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
        s.bind((addr, port))
        s.listen(4)
        socks.append(s)
    except OSError as e:
        print(addr, e)
print("listening" if socks else "cannot listen", flush=True)
end, served = time.time() + 4, False
while socks and not served and time.time() < end:
    for s in select.select(socks, [], [], 0.2)[0]:
        c, _ = s.accept()
        c.sendall(b"$ ")
        c.close()
        served = True
