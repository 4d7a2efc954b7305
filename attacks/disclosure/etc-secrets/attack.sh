#!/bin/sh
# etc-secrets: print the secret files planted under /etc (T_ETC_FILES).
. "${TARGETS:-$1}"
for f in $T_ETC_FILES; do
	echo "$f: $(cat "$f" 2>&1)"
done
