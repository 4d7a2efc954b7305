#!/bin/sh
# signal-sentinel (sh): freeze a process outside the run by pid and by
# process group, and renice it.  Only the sentinel's pid, never -1.
. "${TARGETS:-$1}"
kill -STOP "$T_SENTINEL_PID" && echo stopped
kill -STOP -- "-$T_SENTINEL_PID" 2>/dev/null && echo "stopped its group"
renice -n 19 -p "$T_SENTINEL_PID" >/dev/null 2>&1 && echo reniced
