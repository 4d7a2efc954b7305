#!/bin/sh
# zombie-leak: a subshell starts 400 children sleeping 1 s, then becomes
# `sleep 2` (exec), which never waits: the children die as its zombies.
(
	i=0
	while [ $i -lt 400 ]; do
		sleep 1 &
		i=$((i + 1))
	done
	exec sleep 2
)
