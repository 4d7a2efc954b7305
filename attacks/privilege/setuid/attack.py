# setuid: become root through a setuid-root program (sudo -n, else su); the
# root shell lives 0.3 s so the runner sees it.
import shutil, subprocess

if shutil.which("sudo"):
    cmd = ["sudo", "-n", "sh", "-c", "id; sleep 0.3"]
else:
    cmd = ["su", "root", "-c", "id; sleep 0.3"]
r = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, text=True)
print(r.stdout, r.stderr)
