#!/bin/sh
# pid-visibility: `ps aux`, by hand: every command line under /proc.
for c in /proc/[0-9]*/cmdline; do
	args=$(tr '\0' ' ' < "$c" 2>/dev/null)
	[ -n "$args" ] && echo "${c%/cmdline}: $args"
done
