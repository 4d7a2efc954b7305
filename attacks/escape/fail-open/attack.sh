#!/bin/sh
# fail-open: the plain grab (SSH key, environment secrets) run while the
# sandbox backend is broken: a library that falls back to running it
# unconfined hands both over.
. "${TARGETS:-$1}"
cat "$HOME/.ssh/id_rsa" "$T_HOME/.ssh/id_rsa"
env
