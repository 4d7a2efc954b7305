#!/bin/sh
# disk-fill: 13 files of 32 MiB (each under the 64 MiB file-size limit) in
# a directory of $HOME: 416 MiB, past the oracle's 256 MiB.  Held half a
# second, then removed.
d="$HOME/disk-fill.$$"
mkdir -p "$d"
i=0
while [ $i -lt 13 ]; do
	head -c 33554432 /dev/zero > "$d/blob$i" || break
	i=$((i + 1))
done
echo "wrote $i files of 32 MiB"
df -h "$d"
sleep 0.5
rm -rf "$d"
