# ro-bind-write (Python): hard link into the workspace and append through
# it, reopen a read-only fd for writing via /proc/self/fd, truncate, chmod,
# rename, delete.
import os, sys
T = dict(l.rstrip("\n").split("=", 1) for l in open(globals().get("TARGETS") or sys.argv[1]) if "=" in l and not l.startswith("#"))
T = {k: v.strip("'") for k, v in T.items()}

d = T["T_PROD"]
def attempt(what, fn):
    try:
        fn()
        print(what, "done")
    except OSError as e:
        print(what, e)

def link_and_append():
    os.link(os.path.join(d, "customers.db"), os.path.join(T["T_WORK"], "db-link"))
    open(os.path.join(T["T_WORK"], "db-link"), "a").write("oops\n")

def reopen():
    fd = os.open(os.path.join(d, "customers.db"), os.O_RDONLY)
    open(f"/proc/self/fd/{fd}", "a").write("oops\n")

attempt("link", link_and_append)
attempt("reopen", reopen)
attempt("truncate", lambda: os.truncate(os.path.join(d, "reports", "q1.csv"), 0))
attempt("chmod", lambda: os.chmod(os.path.join(d, "reports", "q2.csv"), 0))
attempt("rename", lambda: os.rename(os.path.join(d, "reports", "q3.csv"), os.path.join(d, "reports", "q3.old")))
attempt("unlink", lambda: os.unlink(os.path.join(d, "customers.db")))
