#!/bin/sh
# home-write: drop a file in the home and empty the shell's rc file, both by
# $HOME and by the victim's real home path.
. "${TARGETS:-$1}"
for h in "$HOME" "$T_HOME"; do
	echo 'owned' > "$h/evil.txt"
	: > "$h/.bashrc"
	ls -la "$h"
done
