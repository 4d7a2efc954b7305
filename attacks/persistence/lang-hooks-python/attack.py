# lang-hooks-python: run 1 drops a .pth into the user site; run 2 starts
# python3 as any later job would.
import os, site, subprocess, sys
T = dict(l.rstrip("\n").split("=", 1) for l in open(globals().get("TARGETS") or sys.argv[1]) if "=" in l and not l.startswith("#"))
T = {k: v.strip("'") for k, v in T.items()}
if T["T_STAGE"] == "1":
    user_site = site.getusersitepackages()
    os.makedirs(user_site, exist_ok=True)
    with open(os.path.join(user_site, "zz-update.pth"), "w") as f:
        f.write("import os; open(%r, 'w').close()\n" % T["T_MARKER"])
    print(os.listdir(user_site))
else:
    subprocess.run(["python3", "-c", "print('analysis done')"])
