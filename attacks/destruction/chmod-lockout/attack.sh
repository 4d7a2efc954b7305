#!/bin/sh
# chmod-lockout: every file, then every directory, of production to 000.
. "${TARGETS:-$1}"
find "$T_PROD" -depth -exec chmod 000 {} +
ls -ld "$T_PROD"
