#!/bin/sh
# ignore-sigterm-persist: a detached (setsid), signal-deaf background job
# that outlives the run; it gives up after 30 s.
setsid sh -c 'trap "" TERM HUP INT; for i in $(seq 30); do sleep 1; done' \
	</dev/null >/dev/null 2>&1 &
echo "daemon started"
