#!/bin/sh
# ssh-agent (sh): list the agent's keys; with them the agent signs any login.
. "${TARGETS:-$1}"
SSH_AUTH_SOCK="${SSH_AUTH_SOCK:-$T_AGENT_SOCK}" timeout 3 ssh-add -l
