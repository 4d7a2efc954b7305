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

# The R package against the installed library, found through pkg-config
# (the sysroot maps the installed paths into the scratch DESTDIR), as
# `R CMD INSTALL lib/r` finds it after `make install`; then it must run
# code in the sandbox.
rlib="$dest/R"
mkdir -p "$rlib"
cp -R lib/r "$dest/r-src"
rm -f "$dest/r-src/src/"*.o "$dest/r-src/src/"*.so "$dest/r-src/src/Makevars"
PKG_CONFIG_PATH="$pc" PKG_CONFIG_SYSROOT_DIR="$dest" \
	R CMD INSTALL --no-multiarch --library="$rlib" "$dest/r-src" >"$dest/r.log" 2>&1 ||
	{ cat "$dest/r.log" >&2; echo "install-test: R CMD INSTALL failed" >&2; exit 1; }
out=$(R_LIBS="$rlib" Rscript -e 'cat(securer::execute_r("6 * 7", sandbox = TRUE))')
[ "$out" = 42 ] || { echo "install-test: the R package gave '$out', not 42" >&2; exit 1; }
echo "install-test: ok"
