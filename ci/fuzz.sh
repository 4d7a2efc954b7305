#!/bin/sh
# Fuzzes what the host reads from a sandboxed child (lib/tests/fuzz_proto.c)
# and what `securer mcp` reads from a client (lib/cli/tests/fuzz_mcp.c), each
# for a bounded time: FUZZ_SECONDS (default 30).  Fails on any crash, leak,
# sanitizer report or broken invariant; the input that did it is kept in
# $BUILD/fuzz/ (crash-*, leak-*, ...) to reproduce with
#   $BUILD/fuzz/fuzz_proto $BUILD/fuzz/crash-...   (or fuzz_mcp)
# New inputs go to a temp dir: the committed seeds stay as they are.
set -eu
cd "$(dirname "$0")/.."
build=${BUILD:-build}
seconds=${FUZZ_SECONDS:-30}
make BUILD="$build" fuzz
corpus=$(mktemp -d)
trap 'rm -rf "$corpus"' EXIT
# Each target with its committed seeds: what the host reads from a
# sandboxed child (proto), what `securer mcp` reads from a client (mcp).
for target in proto:lib/tests/fuzz_corpus mcp:lib/cli/tests/fuzz_mcp_corpus; do
	name=${target%%:*}
	seeds=${target#*:}
	mkdir -p "$corpus/$name"
	"$build/fuzz/fuzz_$name" -max_total_time="$seconds" -timeout=10 \
		-rss_limit_mb=2048 -max_len=8192 -print_final_stats=1 \
		-artifact_prefix="$build/fuzz/" "$corpus/$name" "$seeds"
	echo "fuzz: fuzz_$name clean after $seconds s"
done
