/*
 * common.h - what every cmocka test of the project shares, over the public
 * API only: skips, build paths, temporary directories and files.  The
 * library's tests (lib/tests/support.h) and the conformance tests
 * (conformance/tests) both include it.
 *
 * Skips: a test that needs something this machine lacks calls
 * require(cond, reason).  It prints "SKIP: reason" and skips, unless
 * SECURER_MUST_WORK=1 (set in CI), where a missing capability is a failure.
 * A test about one kind of caller (root, say) calls only_if(cond, reason)
 * instead: not being that caller is not a missing capability, so it prints
 * "N/A: reason" and skips in every mode.  CI runs the suite both as an
 * unprivileged user and as root, so every only_if test runs somewhere.
 */
#ifndef SECURER_TEST_COMMON_H
#define SECURER_TEST_COMMON_H

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "securer.h"

/* Skips (or fails under SECURER_MUST_WORK=1) when !cond. */
#define require(cond, ...)                                                     \
	do {                                                                   \
		if (!(cond)) {                                                 \
			if (test_must_work())                                  \
				fail_msg(                                      \
				    "required but missing: " __VA_ARGS__);     \
			test_print_skip(__VA_ARGS__);                          \
			skip();                                                \
		}                                                              \
	} while (0)

/* Skips, in every mode, a test that does not apply to this caller. */
#define only_if(cond, ...)                                                     \
	do {                                                                   \
		if (!(cond)) {                                                 \
			test_print_na(__VA_ARGS__);                            \
			skip();                                                \
		}                                                              \
	} while (0)

/* A test that reproduces a reported bug not fixed yet calls known_bug()
 * first: it then runs only with SECURER_TEST_KNOWN_BUGS=1 (and fails
 * there until the bug is fixed); otherwise it prints "KNOWN BUG: reason"
 * and skips, in every mode.  Remove the call with the fix. */
#define known_bug(...)                                                         \
	do {                                                                   \
		if (!test_known_bugs()) {                                      \
			test_print_known_bug(__VA_ARGS__);                     \
			skip();                                                \
		}                                                              \
	} while (0)

bool test_must_work(void);
bool test_known_bugs(void);
void test_print_known_bug(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));
void test_print_na(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void test_print_skip(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

/* 1 when the bwrap backend can run `true` here; the reason otherwise. */
bool test_bwrap_works(char *reason, size_t size);
/* The same for the landlock backend. */
bool test_landlock_works(char *reason, size_t size);
/* Requires |b| (bwrap or landlock; AUTO: bwrap) to work here. */
void test_require_backend(securer_backend b);

/* Absolute paths of build products, under $SECURER_BUILD (set by `make
 * check`), else ./build: a test program also runs from the top directory. */
const char *test_build_path(const char *rel, char *buf, size_t size);

/* A fresh private directory under $TMPDIR (removed by test_rmtree). */
char *test_mkdtemp(void);
void test_rmtree(const char *path);

/* Writes |text| to |path|; asserts on failure. */
void test_write_file(const char *path, const char *text);

/* Number of live processes whose command line contains |needle|. */
int test_count_procs(const char *needle);
/* Sends SIGKILL, by pid, to each process whose command line contains
 * |needle| (a token unique to this test program); returns how many. */
int test_kill_procs(const char *needle);
/* Polls until no process's command line contains |needle|, at most |ms|;
 * returns how many are left. */
int test_procs_gone_within(const char *needle, long ms);

#endif
