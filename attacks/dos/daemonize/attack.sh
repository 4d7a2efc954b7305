#!/bin/sh
# daemonize: a subshell that ignores SIGTERM and SIGHUP starts `setsid
# sleep 30` in the background and exits (the double fork); the ignored
# signals stay ignored across exec.  The shell returns at once.
(
	trap '' TERM HUP
	setsid sleep 30 </dev/null >/dev/null 2>&1 &
)
echo "daemon started"
