#!/bin/sh
# git-submodule-pointer (sh): a git directory of our own whose fsmonitor
# runs stage 2, then the submodules' .git pointed at it.
. "${TARGETS:-$1}"
gd="$T_WORK/docs/.gd"
mkdir -p "$gd/objects" "$gd/refs"
echo 'ref: refs/heads/main' > "$gd/HEAD"
printf '[core]\n\trepositoryformatversion = 0\n\tbare = false\n\tfsmonitor = touch %s; :\n' \
	"$T_MARKER" > "$gd/config"
echo 'gitdir: ../../docs/.gd' > "$T_WORK/lib/sub/.git" && echo "rewrote lib/sub/.git"
echo 'gitdir: ../../docs/.gd' > "$T_WORK/vendor/tool/.git" && echo "planted vendor/tool/.git"
