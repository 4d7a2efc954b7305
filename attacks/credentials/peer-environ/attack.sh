#!/bin/sh
# peer-environ (sh): the session next door keeps its secret in its
# environment and its home; /proc shows both to whoever can see its pids.
. "${TARGETS:-$1}"
pids=" $T_PEER_PID "
for round in 1 2 3 4 5 6; do # its descendants, six levels deep
	for s in /proc/[0-9]*/stat; do
		read -r pid comm state ppid rest 2>/dev/null <"$s" || continue
		case "$pids" in *" $ppid "*) case "$pids" in *" $pid "*) ;; *) pids="$pids$pid " ;; esac ;; esac
	done
done
for p in $pids; do
	echo "== $p"
	tr '\0' '\n' 2>/dev/null </proc/$p/environ
	home=$(tr '\0' '\n' 2>/dev/null </proc/$p/environ | sed -n 's/^HOME=//p')
	[ -n "$home" ] && cat "/proc/$p/root$home/peer-secret" 2>/dev/null && echo
done
