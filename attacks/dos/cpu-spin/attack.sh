#!/bin/sh
# cpu-spin: a busy loop in the shell itself, no child to kill, bounded by
# count (about 30 s in dash).
i=0
while [ $i -lt 30000000 ]; do
	i=$((i + 1))
done
