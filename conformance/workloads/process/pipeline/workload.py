import subprocess
p = subprocess.run(["sh", "-c", "sort | uniq -c"], input="pear\napple\npear\nplum\napple\npear\n", capture_output=True, text=True, check=True)
for line in p.stdout.splitlines():
    n, w = line.split()
    print("@@", w, n)
print("@@ exit status seen:", subprocess.run(["sh", "-c", "exit 3"]).returncode)
print("@@ done")
