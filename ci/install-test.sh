#!/bin/sh
# Installs into a scratch DESTDIR and builds docs/examples/sandbox.c (the
# README's example) against the installed header, pkg-config file and
# shared library, then runs it: it must print 42 from inside the sandbox.
set -eu
cd "$(dirname "$0")/.."
dest=$(mktemp -d)
trap 'rm -rf "$dest"' EXIT
make -s DESTDIR="$dest" PREFIX=/usr/local install
pc="$dest/usr/local/lib/pkgconfig"
cflags=$(PKG_CONFIG_PATH="$pc" pkg-config --cflags securer | sed "s|-I/usr/local|-I$dest/usr/local|")
libs=$(PKG_CONFIG_PATH="$pc" pkg-config --libs securer | sed "s|-L/usr/local|-L$dest/usr/local|")
${CC:-cc} -std=c11 $cflags docs/examples/sandbox.c $libs -o "$dest/example"
out=$(LD_LIBRARY_PATH="$dest/usr/local/lib" "$dest/example")
[ "$out" = 42 ] || { echo "install-test: expected 42, got '$out'" >&2; exit 1; }
"$dest/usr/local/bin/securer" --version
echo "install-test: ok"
