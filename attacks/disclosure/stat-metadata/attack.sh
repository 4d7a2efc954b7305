#!/bin/sh
# stat-metadata: size and mtime (seconds since the epoch) of a host file.
. "${TARGETS:-$1}"
stat -c '%n size=%s mtime=%Y' "$T_STATFILE"
