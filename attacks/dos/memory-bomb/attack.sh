#!/bin/sh
# memory-bomb: grow a string to 256 MiB, then keep 6 copies of it: 1.75 GiB,
# past the oracle's 1.5 GiB.  Each assignment copies, so every byte is
# touched.  (No `exit` on failure: in session mode it would end the shell.)
x=$(head -c 1048576 /dev/zero | tr '\0' a)
i=0
while [ $i -lt 8 ]; do
	x="$x$x" || break
	i=$((i + 1))
done
x=${x%a} # a fresh copy of itself, so the doubling's garbage can go
i=0
while [ $i -lt 6 ]; do
	eval "copy$i=\"\$x\"" || break
	i=$((i + 1))
	echo "holding $i copies of 256 MiB"
done
