#!/bin/sh
# git-gitdir-inside (sh): follow the workspace's .git pointer and set an
# fsmonitor (stage 2) in the git directory it names.
. "${TARGETS:-$1}"
gd=$(sed -n 's/^gitdir: //p' "$T_WORK/.git")
case "$gd" in /*) ;; *) gd="$T_WORK/$gd" ;; esac
printf '[core]\n\tfsmonitor = touch %s; :\n' "$T_MARKER" >> "$gd/config" && echo "edited $gd/config"
