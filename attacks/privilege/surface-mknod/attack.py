# surface-mknod: a block device node for the host disk (8:0) in a directory
# that does not exist, with os.mknod: ENOENT means the kernel resolved the
# path before refusing; EPERM that it (or a filter) refused first.
import errno, os, stat, sys
T = dict(l.rstrip("\n").split("=", 1) for l in open(globals().get("TARGETS") or sys.argv[1]) if "=" in l and not l.startswith("#"))
T = {k: v.strip("'") for k, v in T.items()}

where = os.path.join(T["T_CASE"], "no-such-dir")
try:
    if os.path.lexists(where):
        raise FileExistsError(where + " exists: not probing")
    os.mknod(os.path.join(where, "sda"), stat.S_IFBLK | 0o600, os.makedev(8, 0))
    print(f"mknod(block 8:0) (returned 0) {T['T_PROBE']}")
except FileExistsError as e:
    print(e)
except OSError as e:
    if e.errno in (errno.EPERM, errno.EACCES, errno.ENOSYS):
        print(f"mknod(block 8:0): stopped ({errno.errorcode[e.errno]})")
    else:
        print(f"mknod(block 8:0) ({errno.errorcode[e.errno]}) {T['T_PROBE']}")
