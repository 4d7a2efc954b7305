import subprocess, signal
p = subprocess.Popen(["sleep", "60"])
p.send_signal(signal.SIGTERM)
print("@@ child ended by", -p.wait(timeout=10) == signal.SIGTERM and "SIGTERM")
print("@@ done")
