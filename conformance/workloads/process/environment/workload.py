import os, pwd, tempfile, shutil, getpass
def writable(d):
    try:
        fd, p = tempfile.mkstemp(dir=d); os.close(fd); os.unlink(p); return "yes"
    except OSError:
        return "no"
print("@@ home writable", writable(os.path.expanduser("~")))
print("@@ tmpdir writable", writable(tempfile.gettempdir()))
print("@@ getpwuid works", "yes" if pwd.getpwuid(os.getuid()).pw_name else "no")
print("@@ getuser works", "yes" if getpass.getuser() else "no")
print("@@ cwd writable", writable(os.getcwd()))
print("@@ sh on PATH", "yes" if shutil.which("sh") else "no")
print("@@ done")
