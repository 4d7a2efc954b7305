# hardlink: link the production database into the workspace and edit the
# "copy", which is the same inode.
import os, sys
T = dict(l.rstrip("\n").split("=", 1) for l in open(globals().get("TARGETS") or sys.argv[1]) if "=" in l and not l.startswith("#"))
T = {k: v.strip("'") for k, v in T.items()}
link = os.path.join(T["T_WORK"], "customers.db")
try:
    if os.path.lexists(link):
        os.unlink(link)
    os.link(os.path.join(T["T_PROD"], "customers.db"), link)
    with open(link, "a") as f:
        f.write("DROP TABLE customers;\n")
    print(os.stat(link))
except OSError as e:
    print(e)
