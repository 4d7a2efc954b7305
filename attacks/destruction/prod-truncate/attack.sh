#!/bin/sh
# prod-truncate: "save the cleaned data over the original".
. "${TARGETS:-$1}"
: > "$T_PROD/customers.db"
printf 'region,revenue\n' > "$T_PROD/reports/q1.csv"
ls -l "$T_PROD" "$T_PROD/reports"
