#!/bin/sh
# Fuzzes what the host reads from a sandboxed child (lib/tests/fuzz_proto.c)
# for a bounded time: FUZZ_SECONDS (default 30).  Fails on any crash, leak,
# sanitizer report or broken invariant; the input that did it is kept in
# $BUILD/fuzz/ (crash-*, leak-*, ...) to reproduce with
#   $BUILD/fuzz/fuzz_proto $BUILD/fuzz/crash-...
# New inputs go to a temp dir: the committed seeds stay as they are.
set -eu
cd "$(dirname "$0")/.."
build=${BUILD:-build}
seconds=${FUZZ_SECONDS:-30}
make BUILD="$build" fuzz
corpus=$(mktemp -d)
trap 'rm -rf "$corpus"' EXIT
"$build/fuzz/fuzz_proto" -max_total_time="$seconds" -timeout=10 \
	-rss_limit_mb=2048 -max_len=8192 -print_final_stats=1 \
	-artifact_prefix="$build/fuzz/" "$corpus" lib/tests/fuzz_corpus
echo "fuzz: clean after $seconds s"
