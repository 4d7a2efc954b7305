#!/bin/sh
# Unit and integration tests.  In CI a missing capability is a failure,
# not a skip.  CC=clang ci/check.sh builds with clang into build-clang.
set -eu
cd "$(dirname "$0")/.."
export SECURER_MUST_WORK="${SECURER_MUST_WORK:-1}"
cc=${CC:-gcc}
build=build
[ "$cc" = gcc ] || build="build-$cc"
make CC="$cc" BUILD="$build" -j"$(nproc)" check
