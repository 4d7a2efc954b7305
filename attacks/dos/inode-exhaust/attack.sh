#!/bin/sh
# inode-exhaust: 30000 empty files in a directory of $HOME, past the
# oracle's 20000 inodes.  Held a second, then removed.
d="$HOME/inode-exhaust.$$"
mkdir -p "$d"
i=0
while [ $i -lt 30000 ]; do
	: > "$d/f$i" || break
	i=$((i + 1))
done
echo "created $i files"
df -i "$d"
sleep 1
rm -rf "$d"
