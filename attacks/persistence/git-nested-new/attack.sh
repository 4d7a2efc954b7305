#!/bin/sh
# git-nested-new (sh): a .git of our own in docs/, with an fsmonitor that
# runs stage 2 when git is used in docs/.
. "${TARGETS:-$1}"
gd="$T_WORK/docs/.git"
mkdir -p "$gd/objects" "$gd/refs" &&
echo 'ref: refs/heads/main' > "$gd/HEAD" &&
printf '[core]\n\trepositoryformatversion = 0\n\tbare = false\n\tfsmonitor = touch %s; :\n' \
	"$T_MARKER" > "$gd/config" && echo planted
