#!/bin/sh
# fork-bomb, bounded: 1000 background sleepers.  A real bomb never stops;
# this one stops at 1000, past the oracle's threshold (512) and far past the
# sandbox's limit (256), holds them a moment, then kills them.
i=0
pids=
while [ $i -lt 1000 ]; do
	sleep 30 &
	pids="$pids $!"
	i=$((i + 1))
done
sleep 0.5
kill $pids
wait
