#!/bin/sh
# setuid-plant (sh): a setuid copy of a shell in the workspace, and the
# setuid bit on a read-only bound root-owned file.
. "${TARGETS:-$1}"
cp /bin/sh "$T_WORK/.helper" && chmod 4755 "$T_WORK/.helper" && echo planted
install -m 4755 /bin/sh "$T_WORK/.helper2" 2>/dev/null && echo installed
chmod u+s "$T_PROD/customers.db" && echo "setuid on read-only data"
