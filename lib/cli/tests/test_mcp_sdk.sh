#!/bin/sh
# `securer mcp` with the official MCP TypeScript SDK as its client
# (lib/cli/tests/mcp/sdk.test.mjs).  The SDK is pinned by lib/cli/tests/mcp's
# package-lock.json and installed there with `npm ci` when missing or
# older than the lock.  Without node this skips (SECURER_MUST_WORK=1: fails);
# without npm, or when the install fails, it fails.
set -u
cd "$(dirname "$0")/../../.."
dir=lib/cli/tests/mcp
build=${SECURER_BUILD:-$PWD/build}

skip() {
	if [ "${SECURER_MUST_WORK:-0}" = 1 ]; then
		echo "FAIL: required but missing: $*"
		exit 1
	fi
	echo "SKIP: $*"
	exit 0
}

command -v node >/dev/null 2>&1 ||
	skip "node is not installed (ci/install-deps.sh installs it)"
"$build/bin/securer" exec --backend bwrap -- true 2>/dev/null ||
	skip "bwrap cannot run here (securer doctor says why)"
if [ ! -f "$dir/node_modules/.package-lock.json" ] ||
	[ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
	command -v npm >/dev/null 2>&1 || {
		echo "FAIL: node is here but npm is not (ci/install-deps.sh)"
		exit 1
	}
	echo "installing the pinned MCP SDK into $dir/node_modules"
	npm ci --prefix "$dir" --no-audit --no-fund --loglevel=error || {
		echo "FAIL: npm ci in $dir"
		exit 1
	}
fi
SECURER="$build/bin/securer" exec node --test "$dir/"
