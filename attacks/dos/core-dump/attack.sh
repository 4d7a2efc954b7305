#!/bin/sh
# core-dump: raise the soft core limit to the hard one, then a child shell
# holding a 100 MiB string kills itself with SIGSEGV in the workspace: the
# kernel writes the core file there.
. "${TARGETS:-$1}"
cd "$T_WORK"
ulimit -c "$(ulimit -H -c)"
echo "core limit $(ulimit -c)"
sh -c 'x=$(head -c 104857600 /dev/zero | tr "\0" a); kill -SEGV $$'
