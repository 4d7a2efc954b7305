#!/bin/sh
# fd-walk: a directory fd leaked by the caller (T_DIRFD) is reachable as
# /proc/self/fd/N: a path through it and "../" walks the host's tree from
# the leaked directory.  Create the host marker next to it.
. "${TARGETS:-$1}"
echo "escaped through a leaked fd" > "/proc/self/fd/$T_DIRFD/../host-marker"
