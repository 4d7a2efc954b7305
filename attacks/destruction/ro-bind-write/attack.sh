#!/bin/sh
# ro-bind-write (sh): every plain way to change read-only bound data (no
# special builtin: a failed redirection on one would end the script).
. "${TARGETS:-$1}"
d="$T_PROD"
ln "$d/customers.db" "$T_WORK/db-link" 2>/dev/null && echo oops >> "$T_WORK/db-link" && echo linked
(echo oops >> /proc/self/fd/9) 9<"$d/customers.db" 2>/dev/null && echo reopened
truncate -s 0 "$d/reports/q1.csv" && echo truncated
chmod 000 "$d/reports/q2.csv" && echo chmodded
mv "$d/reports/q3.csv" "$d/reports/q3.old" && echo renamed
rm -f "$d/customers.db" && echo removed
