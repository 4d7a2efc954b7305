# execute-carryover (Python): execute 1 leaves a writer behind on the
# session's stdout (bounded at 30 s); execute 2 is the next request.
import subprocess, sys, time
T = dict(l.rstrip("\n").split("=", 1) for l in open(globals().get("TARGETS") or sys.argv[1]) if "=" in l and not l.startswith("#"))
T = {k: v.strip("'") for k, v in T.items()}

if T["T_STAGE"] == "1":
    subprocess.Popen(["sh", "-c", 'i=0; while [ $i -lt 3000 ]; do echo "carry-$0"; '
                      'i=$((i + 1)); sleep 0.01; done', T["T_NONCE"]])
    print("started")
else:
    time.sleep(0.2)
    print("the second request's answer: 42")
