#!/bin/sh
# The unit tests under AddressSanitizer and UndefinedBehaviorSanitizer, and
# the pool test under ThreadSanitizer.
# The library and the tests are instrumented; programs that run inside a
# sandbox (securer-init, the probe, the attacks) are not: the seccomp filter
# and ASan do not mix, and the filter is only ever installed in a child that
# then executes one of those uninstrumented programs.  The library itself is
# never weakened under a sanitizer.
set -eu
cd "$(dirname "$0")/.."
export SECURER_MUST_WORK="${SECURER_MUST_WORK:-1}"
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
make CC="${CC:-gcc}" BUILD=build-asan SANITIZE=address,undefined -j"$(nproc)" check
# The pool under ThreadSanitizer: its locking, and the library's state
# shared by sessions that threads start, execute and free at once.
export TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1"
make CC="${CC:-gcc}" BUILD=build-tsan SANITIZE=thread -j"$(nproc)" \
	build-tsan/tests/test_pool
SECURER_BUILD="$PWD/build-tsan" build-tsan/tests/test_pool
