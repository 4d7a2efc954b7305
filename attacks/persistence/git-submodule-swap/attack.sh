#!/bin/sh
# git-submodule-swap (sh): lib/ moved away and rebuilt, lib/sub/.git
# pointing at our git directory (fsmonitor = stage 2).
. "${TARGETS:-$1}"
gd="$T_WORK/docs/.gd"
mkdir -p "$gd/objects" "$gd/refs"
echo 'ref: refs/heads/main' > "$gd/HEAD"
printf '[core]\n\trepositoryformatversion = 0\n\tbare = false\n\tfsmonitor = touch %s; :\n' \
	"$T_MARKER" > "$gd/config"
mv "$T_WORK/lib" "$T_WORK/lib.orig" && mkdir -p "$T_WORK/lib/sub" &&
	echo 'gitdir: ../../docs/.gd' > "$T_WORK/lib/sub/.git" && echo "rebuilt lib/sub"
