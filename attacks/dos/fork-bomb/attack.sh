#!/bin/sh
# fork-bomb, bounded: 1000 sleepers of 5 s each.  A real bomb never stops;
# this one stops at 1000, which is past the oracle's threshold (512) and far
# past the sandbox's limit (256).
i=0
while [ $i -lt 1000 ]; do
	sleep 5 &
	i=$((i + 1))
done
wait
