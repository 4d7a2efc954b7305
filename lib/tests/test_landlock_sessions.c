/*
 * test_landlock_sessions.c - sessions and pools under the landlock backend,
 * in each runtime (sh, Python, R): state across executes, tool calls (the
 * sh runtime's tools re-execute securer-init through /proc/PID/exe, which
 * Landlock must let through), the private directory as HOME, a timeout's
 * recovery, and a pool of two.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support.h"

static const securer_runtime runtimes[SECURER_RUNTIME_COUNT_] = {
    SECURER_RUNTIME_SH, SECURER_RUNTIME_PYTHON, SECURER_RUNTIME_R};

static void open_landlock(struct test_session *ts, securer_runtime rt)
{
	securer_session_opts o;

	securer_session_opts_init(&o);
	o.backend = SECURER_BACKEND_LANDLOCK;
	test_session_open(ts, rt, NULL, &o, true);
}

/* Per runtime: a tool call, and code writing and reading $HOME. */
static const struct {
	const char *tool, *home;
} code[SECURER_RUNTIME_COUNT_] = {
    [SECURER_RUNTIME_SH] = {"x=$(add a=2 b=3); echo $((x * 2))",
                            "echo hi > \"$HOME/f\"; cat \"$HOME/f\"; "
                            "cat /etc/passwd 2>/dev/null || echo denied"},
    [SECURER_RUNTIME_PYTHON] =
        {"print(add(2, 3) * 2)",
         "import os\n"
         "open(os.path.join(os.environ['HOME'], 'f'), 'w').write('hi\\n')\n"
         "print(open(os.path.join(os.environ['HOME'], 'f')).read(), end='')\n"
         "try:\n    open('/etc/passwd')\nexcept OSError:\n    print('denied')"},
    [SECURER_RUNTIME_R] =
        {"cat(add(2, 3) * 2, '\\n', sep = '')",
         "f <- file.path(Sys.getenv('HOME'), 'f'); writeLines('hi', f); "
         "cat(readLines(f), sep = '\\n'); "
         "cat(if (file.access('/etc/passwd', 4) == 0 && "
         "!inherits(try(readLines('/etc/passwd'), silent = TRUE), "
         "'try-error')) 'readable' else 'denied', '\\n', sep = '')"},
};

static const char *const loop_forever[SECURER_RUNTIME_COUNT_] = {
    [SECURER_RUNTIME_SH] = "while :; do :; done",
    [SECURER_RUNTIME_PYTHON] = "while True: pass",
    [SECURER_RUNTIME_R] = "repeat {}",
};

static void test_session(void **state)
{
	securer_runtime rt = *(const securer_runtime *)*state;
	securer_execute_opts eo;
	struct test_session ts;
	securer_result *r;

	open_landlock(&ts, rt);
	test_session_expect(&ts, test_code_print_x(rt), "unset\n");
	test_session_expect(&ts, test_code_set_x(rt), "");
	test_session_expect(&ts, test_code_print_x(rt), "41\n");
	test_session_expect(&ts, code[rt].tool, "10\n");
	assert_int_equal(ts.add_calls, 1);
	test_session_expect(&ts, code[rt].home, "hi\ndenied\n");
	/* A timeout kills the whole sandbox; a fresh one serves the next
	 * execute. */
	securer_execute_opts_init(&eo);
	eo.timeout_ms = 1000;
	r = test_session_run(&ts, loop_forever[rt], &eo);
	test_expect_kind(r, SECURER_ERROR_TIMEOUT);
	test_session_expect_recovered(&ts, r);
	test_session_close(&ts);
}

static void test_pool(void **state)
{
	securer_pool_opts o;
	securer_pool *p;
	securer_result *r = NULL;
	securer_pool_stats st;

	(void)state;
	test_require_backend(SECURER_BACKEND_LANDLOCK);
	securer_pool_opts_init(&o);
	o.size = 2;
	o.max_executes = 2;
	o.backend = SECURER_BACKEND_LANDLOCK;
	p = securer_pool_new(NULL, SECURER_RUNTIME_PYTHON, NULL, &o);
	assert_non_null(p);
	if (securer_pool_wait_ready(p, 30000) != 0)
		fail_msg("pool not ready: %s", securer_pool_error(p));
	for (int i = 0; i < 5; i++) {
		assert_int_equal(
		    securer_pool_execute(p, "print(6 * 7)", NULL, 10000, &r),
		    0);
		test_expect_kind(r, SECURER_ERROR_NONE);
		test_expect_stdout(r, "42\n");
		securer_result_free(r);
	}
	securer_pool_get_stats(p, &st);
	assert_true(st.restarts >= 2); /* recycled after two executes */
	securer_pool_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    TEST_EACH_RUNTIME(test_session, runtimes),
	    cmocka_unit_test(test_pool),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
