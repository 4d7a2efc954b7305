#!/bin/sh
# Static analysis: cppcheck over the C sources, and a check that the code
# is formatted with the committed .clang-format (informational: reports,
# does not fail, since clang-format versions disagree on details).
set -eu
cd "$(dirname "$0")/.."
if command -v cppcheck >/dev/null; then
	cppcheck --quiet --error-exitcode=1 --std=c11 --enable=warning,portability \
		--inline-suppr -D_GNU_SOURCE -DSECURER_INIT_PATH=\"securer-init\" -DSECURER_RUNTIMES_DIR=\"lib/runtimes\" -Ilib/include \
		--suppress=missingIncludeSystem \
		lib/src lib/cli lib/runtimes conformance attacks
	echo "lint: cppcheck clean"
else
	echo "lint: cppcheck not installed, skipped" >&2
fi
if command -v clang-format >/dev/null; then
	n=$(git ls-files '*.c' '*.h' | xargs clang-format --dry-run 2>&1 | grep -c 'warning:' || true)
	echo "lint: clang-format would change $n lines (informational)"
fi
