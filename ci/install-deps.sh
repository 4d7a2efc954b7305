#!/bin/sh
# Installs the Debian/Ubuntu packages securer needs, and only those missing.
#
#   ci/install-deps.sh               install what is missing (root or sudo)
#   ci/install-deps.sh --check-only  exit 1 and list what is missing
#   ci/install-deps.sh --external    also the other sandboxes securer conform
#                                    compares (firejail; srt's ripgrep and
#                                    socat; srt itself: npm install
#                                    @anthropic-ai/sandbox-runtime)
#
# Idempotent: when everything is present it changes nothing.  Without root
# and without password-less sudo it prints the exact command to run.
#
# bubblewrap must be >= 0.8.0 (--disable-userns, --size).  Where the
# distribution's is older (Ubuntu 22.04 ships 0.6.1), the sandbox refuses to
# run with it; this script then builds the bubblewrap release named below
# into /usr/local, when the network allows.
set -eu

PACKAGES="gcc make pkg-config libc6-dev libcjson-dev libseccomp-dev
libcmocka-dev bubblewrap curl python3 r-base-core r-cran-jsonlite
hyperfine gnuplot-nox cppcheck clang-format git"
# The R package (lib/r): building it, R6, and its tests (testthat; httr for
# the showittome POST).  All from Debian: CRAN is not reachable.
PACKAGES="$PACKAGES r-base-dev r-cran-r6 r-cran-testthat r-cran-httr"
# musl-tools: securer-init, every run's first program, is linked
# statically against musl, whose exec is 4 to 5 times faster here than a
# glibc program's (Makefile).
PACKAGES="$PACKAGES musl-tools"
# clang: .ci/run builds every program with it too, and the protocol
# fuzzers need its libFuzzer.
PACKAGES="$PACKAGES clang"
# The workloads (conformance/workloads, docs/workloads.md): Python's and R's
# data stacks as Debian ships them, and the sqlite3 shell.
PACKAGES="$PACKAGES python3-numpy python3-pandas python3-matplotlib
r-recommended sqlite3"
BWRAP_MIN=0.8.0
BWRAP_SRC_VERSION=0.11.0
BWRAP_SRC_URL="https://github.com/containers/bubblewrap/releases/download/v$BWRAP_SRC_VERSION/bubblewrap-$BWRAP_SRC_VERSION.tar.xz"

check_only=0
[ "${1:-}" = "--check-only" ] && check_only=1
# Not needed by make check or make conformance: only for
# `securer conform --backend external:firejail --backend external:srt`.
[ "${1:-}" = "--external" ] && PACKAGES="$PACKAGES firejail ripgrep socat"

say() { printf 'install-deps: %s\n' "$*" >&2; }

if ! command -v dpkg-query >/dev/null 2>&1; then
	say "this is not a Debian or Ubuntu system; install by hand:"
	say "  a C11 compiler, make, pkg-config, cJSON, libseccomp, cmocka,"
	say "  bubblewrap >= $BWRAP_MIN, curl, python3, R with jsonlite, hyperfine, gnuplot,"
	say "  cppcheck, clang-format, git (the protect_git tests and attacks),"
	say "  numpy, pandas, matplotlib, R's recommended packages, sqlite3"
	say "  (the workloads),"
	say "  node and npm (the MCP tests),"
	say "  and for the R package: R's headers, R6, testthat, httr"
	exit 1
fi

missing=""
for p in $PACKAGES; do
	status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	case "$status" in
	*"install ok installed"*) ;;
	*) missing="$missing $p" ;;
	esac
done

# Node and npm run the MCP server's tests with the official SDK (make check;
# lib/cli/tests/mcp).  Checked by command, not by package: a Node from
# NodeSource (or nvm) ships its own npm, and Debian's npm package on top of
# NodeSource's nodejs conflicts with it.
node_note=""
if ! command -v node >/dev/null 2>&1; then
	missing="$missing nodejs"
	command -v npm >/dev/null 2>&1 || missing="$missing npm"
elif ! command -v npm >/dev/null 2>&1; then
	case "$(dpkg-query -W -f='${Version}' nodejs 2>/dev/null || true)" in
	"" | *nodesource*) node_note="node is installed without npm: install npm with the same Node distribution" ;;
	*) missing="$missing npm" ;;
	esac
fi

# version_ge A B: A >= B for dotted versions
version_ge() {
	[ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n 1)" = "$2" ]
}

bwrap_version() {
	bwrap --version 2>/dev/null | sed -n 's/^bubblewrap //p'
}

bwrap_old=0
if command -v bwrap >/dev/null 2>&1; then
	v=$(bwrap_version)
	if [ -n "$v" ] && ! version_ge "$v" "$BWRAP_MIN"; then
		bwrap_old=1
	fi
fi

if [ -n "$node_note" ]; then
	say "$node_note"
	[ $check_only -eq 1 ] && exit 1
fi

if [ $check_only -eq 1 ]; then
	[ -n "$missing" ] && say "missing packages:$missing"
	[ $bwrap_old -eq 1 ] && say "bwrap $(bwrap_version) is older than $BWRAP_MIN"
	[ -z "$missing" ] && [ $bwrap_old -eq 0 ] && exit 0
	exit 1
fi

if [ "$(id -u)" -eq 0 ]; then
	SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
	SUDO="sudo"
else
	if [ -n "$missing" ]; then
		say "missing packages:$missing"
		say "run as root: apt-get update && apt-get install -y --no-install-recommends$missing"
		exit 1
	fi
	SUDO=""
fi

if [ -n "$missing" ]; then
	say "installing:$missing"
	$SUDO apt-get update -qq
	# shellcheck disable=SC2086
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq \
		--no-install-recommends $missing
	v=$(bwrap_version)
	if [ -n "$v" ] && ! version_ge "$v" "$BWRAP_MIN"; then
		bwrap_old=1
	fi
else
	say "all packages present"
fi

if [ $bwrap_old -eq 1 ]; then
	say "bubblewrap $(bwrap_version) is older than $BWRAP_MIN: building $BWRAP_SRC_VERSION into /usr/local"
	if [ -n "${SUDO}" ] || [ "$(id -u)" -eq 0 ]; then :; else
		say "needs root: run this script as root"
		exit 1
	fi
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq \
		--no-install-recommends meson ninja-build libcap-dev xz-utils
	work=$(mktemp -d)
	trap 'rm -rf "$work"' EXIT
	if ! curl -fsSL "$BWRAP_SRC_URL" -o "$work/bwrap.tar.xz"; then
		say "cannot download $BWRAP_SRC_URL; install bubblewrap >= $BWRAP_MIN"
		say "by hand, or point SECURER_BWRAP at one"
		exit 1
	fi
	tar -xJf "$work/bwrap.tar.xz" -C "$work"
	(cd "$work/bubblewrap-$BWRAP_SRC_VERSION" &&
		meson setup _build --prefix=/usr/local -Dman=disabled \
			-Dbash_completion=disabled -Dzsh_completion=disabled \
			-Dselinux=disabled -Dtests=false >/dev/null &&
		ninja -C _build >/dev/null &&
		$SUDO ninja -C _build install >/dev/null)
	hash -r 2>/dev/null || true
	say "bwrap is now $(bwrap_version) at $(command -v bwrap)"
fi
exit 0
