#!/bin/sh
# daemonize: ignore SIGTERM, SIGHUP and SIGINT (ignored signals stay
# ignored across exec); a subshell starts `setsid sleep 30` in the
# background and exits (the double fork); the shell keeps sleeping too.
trap '' TERM HUP INT
(setsid sleep 30 </dev/null >/dev/null 2>&1 &)
echo "daemon started"
sleep 30
