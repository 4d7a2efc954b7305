#!/bin/sh
# memory-bomb: grow a string to 256 MiB, then keep up to 32 copies of it
# (8 GiB).  Each assignment copies, so every byte is touched.
x=$(head -c 1048576 /dev/zero | tr '\0' a)
i=0
while [ $i -lt 8 ]; do
	x="$x$x" || exit 1
	i=$((i + 1))
done
x=${x%a} # a fresh copy of itself, so the doubling's garbage can go
i=0
while [ $i -lt 32 ]; do
	eval "copy$i=\"\$x\"" || exit 1
	i=$((i + 1))
	echo "holding $i copies of 256 MiB"
done
