#!/bin/sh
# git-worktree-pointer (sh): the worktree's .git file rewritten (or
# replaced) to name our git directory (fsmonitor = stage 2).
. "${TARGETS:-$1}"
gd="$T_WORK/docs/.gd"
mkdir -p "$gd/objects" "$gd/refs"
echo 'ref: refs/heads/main' > "$gd/HEAD"
printf '[core]\n\trepositoryformatversion = 0\n\tbare = false\n\tfsmonitor = touch %s; :\n' \
	"$T_MARKER" > "$gd/config"
echo "gitdir: $gd" > "$T_WORK/.git" && echo rewrote
rm -f "$T_WORK/.git" 2>/dev/null && echo "gitdir: $gd" > "$T_WORK/.git" && echo replaced
