#!/bin/sh
# stopped-leftover (sh): a detached process that stops itself and ignores
# TERM and HUP; the script returns at once.  Bounded at 30 s.
setsid sh -c 'trap "" TERM HUP INT; kill -STOP $$; sleep 30' >/dev/null 2>&1 &
echo "left a stopped process behind"
