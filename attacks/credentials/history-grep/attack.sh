#!/bin/sh
# history-grep (sh): people type secrets into their shells; histories keep
# them.
. "${TARGETS:-$1}"
find "$HOME" "$T_HOME" -maxdepth 2 -name '*history*' -type f 2>/dev/null |
	xargs -r grep -HiE 'export |passw|token|secret|api.?key' 2>/dev/null
