/*
 * test_session_recovery.c - sessions of each runtime under real bwrap when
 * the code misbehaves without breaking the protocol: it sleeps past its
 * deadline, kills its runtime, floods its output, calls tools too often;
 * and a freed session takes its processes with it.  Each time the execute
 * ends with the documented kind, the state is lost when the host had to
 * kill the sandbox, nothing of the old sandbox survives, and the next
 * execute in the same session works.  (Misuse of the protocol channel
 * itself: test_session_protocol.c.)
 *
 * Processes the code starts carry a token with our pid (`sleep TOKEN`), so
 * counting them from /proc finds only ours; the teardown kills, by pid,
 * any a failed test left behind.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "support.h"

/* Code of each scenario; "%s" is the token it is given.  x is set and
 * printed with test_code_set_x() and test_code_print_x(). */
struct lang {
	securer_runtime rt;
	const char *spawn_sleep; /* starts `sleep %s` in the background */
	const char *sleep_long;  /* sleeps 100 s */
	const char *flood;       /* 3 MB on stdout, then "done\n" on stderr */
	const char *crash;       /* kills the runtime with SIGKILL */
	const char *many_calls;  /* calls add 10 times */
};

static const struct lang langs[] = {
    {
        .rt = SECURER_RUNTIME_SH,
        .spawn_sleep = "sleep %s >/dev/null 2>&1 &",
        .sleep_long = "sleep 100",
        .flood = "head -c 3000000 /dev/zero | tr '\\0' x; echo done >&2",
        /* $PPID is the runtime's driver; `kill -9 $$` is another case */
        .crash = "kill -9 $PPID; sleep 10",
        .many_calls = "i=0; while [ $i -lt 10 ]; do add a=$i b=1; "
                      "i=$((i + 1)); done",
    },
    {
        .rt = SECURER_RUNTIME_PYTHON,
        .spawn_sleep = "import subprocess\n"
                       "p = subprocess.Popen(['sleep', '%s'])",
        .sleep_long = "import time\ntime.sleep(100)",
        .flood = "import sys\nprint('x' * 3_000_000)\n"
                 "print('done', file=sys.stderr)",
        .crash = "import os\nos.kill(os.getpid(), 9)",
        .many_calls = "for i in range(10):\n    add(i, 1)",
    },
    {
        .rt = SECURER_RUNTIME_R,
        .spawn_sleep = "system('sleep %s', wait = FALSE)",
        .sleep_long = "Sys.sleep(100)",
        .flood = "cat(strrep('x', 3e6)); cat('done\\n', file = stderr())",
        .crash = "tools::pskill(Sys.getpid(), 9)",
        .many_calls = "for (i in 1:10) add(i, 1)",
    },
};

#define EACH_RUNTIME(fn) TEST_EACH_RUNTIME(fn, langs)

#define MIB (1024 * 1024)

/* One token per runtime and per use; main() appends our pid. */
enum { T_TIMEOUT, T_FREE, T_COUNT };
static char tokens[T_COUNT][SECURER_RUNTIME_COUNT_][32];

static int teardown(void **state)
{
	(void)state;
	for (int i = 0; i < T_COUNT; i++)
		for (int r = 0; r < SECURER_RUNTIME_COUNT_; r++)
			if (test_kill_procs(tokens[i][r]) > 0)
				fprintf(stderr, "killed leftovers of %s\n",
				        tokens[i][r]);
	return 0;
}

static const struct lang *lang_of(void **state)
{
	return *state;
}

/* Starts `sleep TOKEN` from the code and waits until it runs. */
static void spawn_sleep(struct test_session *ts, const struct lang *l,
                        const char *token)
{
	test_session_expect(ts, test_code_with(l->spawn_sleep, token), NULL);
	for (int i = 0; i < 500 && test_count_procs(token) == 0; i++) {
		struct timespec ts_ = {0, 10 * 1000000L};

		nanosleep(&ts_, NULL);
	}
	if (test_count_procs(token) == 0)
		fail_msg("`sleep %s` never ran", token);
}

/* ---- deadlines ---------------------------------------------------------- */

static void test_timeout(void **state)
{
	const struct lang *l = lang_of(state);
	const char *token = tokens[T_TIMEOUT][l->rt];
	securer_execute_opts eo;
	struct test_session ts;
	securer_result *r;
	int64_t ms;

	test_session_open(&ts, l->rt, NULL, NULL, true);
	test_session_expect(&ts, test_code_set_x(l->rt), "");
	spawn_sleep(&ts, l, token); /* control: it runs */
	securer_execute_opts_init(&eo);
	eo.timeout_ms = 1000;
	r = test_session_run(&ts, l->sleep_long, &eo);
	ms = securer_result_duration_ms(r);
	test_expect_kind(r, SECURER_ERROR_TIMEOUT);
	assert_non_null(strstr(securer_result_message(r), "1000 ms"));
	assert_true(ms >= 900);
	assert_true(ms < 5000);
	/* Nothing of the old sandbox is left. */
	assert_int_equal(test_procs_gone_within(token, 1000), 0);
	test_session_expect_recovered(&ts, r);
	test_session_close(&ts);
}

/* Freeing a session ends everything its code started. */
static void test_free_kills(void **state)
{
	const struct lang *l = lang_of(state);
	const char *token = tokens[T_FREE][l->rt];
	struct test_session ts;

	test_session_open(&ts, l->rt, NULL, NULL, true);
	spawn_sleep(&ts, l, token);
	test_session_close(&ts);
	assert_int_equal(test_procs_gone_within(token, 1000), 0);
}

/* ---- the runtime dies --------------------------------------------------- */

static void test_crash(void **state)
{
	const struct lang *l = lang_of(state);
	struct test_session ts;
	securer_result *r;

	test_session_open(&ts, l->rt, NULL, NULL, true);
	test_session_expect(&ts, test_code_set_x(l->rt), "");
	r = test_session_run(&ts, l->crash, NULL);
	test_expect_kind(r, SECURER_ERROR_KILLED);
	assert_non_null(strstr(securer_result_message(r), "signal 9"));
	assert_true(securer_result_duration_ms(r) < 5000);
	test_session_expect_recovered(&ts, r);
	test_session_close(&ts);
}

/* In sh, killing the shell (not the driver) is the code's own error: the
 * driver starts a new shell and says the variables were reset. */
static void test_sh_shell_killed(void **state)
{
	struct test_session ts;
	securer_result *r;

	(void)state;
	test_session_open(&ts, SECURER_RUNTIME_SH, NULL, NULL, true);
	test_session_expect(&ts, "x=41", "");
	r = test_session_run(&ts, "kill -9 $$", NULL);
	test_expect_kind(r, SECURER_ERROR_RUNTIME);
	assert_non_null(
	    strstr(securer_result_message(r), "variables were reset"));
	/* the runtime said so, and the host passes it on */
	assert_int_equal(securer_result_state_lost(r), 1);
	securer_result_free(r);
	r = test_session_run(&ts, "echo \"${x-unset}\"", NULL);
	test_expect_kind(r, SECURER_ERROR_NONE);
	assert_int_equal(securer_result_state_lost(r), 0);
	securer_result_free(r);
	test_session_close(&ts);
}

/* ---- output ------------------------------------------------------------- */

static void test_flood(void **state)
{
	const struct lang *l = lang_of(state);
	securer_execute_opts eo;
	struct test_session ts;
	securer_result *r;
	const char *out;
	size_t n = 0;
	int trunc = 0;

	test_session_open(&ts, l->rt, NULL, NULL, true);
	test_session_expect(&ts, test_code_set_x(l->rt), "");
	for (int pass = 0; pass < 2; pass++) {
		size_t cap = pass == 0 ? MIB : 1000;

		/* the policy's cap (1 MiB), then a smaller one per execute */
		securer_execute_opts_init(&eo);
		eo.output_bytes = pass == 0 ? 0 : 1000;
		r = test_session_run(&ts, l->flood, &eo);
		test_expect_kind(r, SECURER_ERROR_NONE);
		out = securer_result_stdout(r, &n, &trunc);
		assert_int_equal(n, cap);
		assert_int_equal(trunc, 1);
		for (size_t i = 0; i < n; i++)
			if (out[i] != 'x')
				fail_msg("byte %zu of stdout is %d", i, out[i]);
		/* the other stream is whole, and the execute completed */
		assert_memory_equal(securer_result_stderr(r, &n, &trunc),
		                    "done\n", 5);
		assert_int_equal(n, 5);
		assert_int_equal(trunc, 0);
		assert_int_equal(securer_result_state_lost(r), 0);
		assert_true(securer_result_duration_ms(r) < 10000);
		securer_result_free(r);
	}
	test_session_expect(&ts, test_code_print_x(l->rt), "41\n");
	test_session_close(&ts);
}

/* ---- limits ------------------------------------------------------------- */

static void test_max_tool_calls(void **state)
{
	const struct lang *l = lang_of(state);
	securer_execute_opts eo;
	struct test_session ts;
	securer_result *r;

	test_session_open(&ts, l->rt, NULL, NULL, true);
	securer_execute_opts_init(&eo);
	eo.max_tool_calls = 3;
	r = test_session_run(&ts, l->many_calls, &eo);
	test_expect_kind(r, SECURER_ERROR_LIMIT);
	assert_non_null(strstr(securer_result_message(r), "more than 3"));
	assert_int_equal(ts.add_calls, 3);
	test_session_expect_recovered(&ts, r);
	/* Control: with room for them, all ten calls run. */
	eo.max_tool_calls = 10;
	r = test_session_run(&ts, l->many_calls, &eo);
	test_expect_kind(r, SECURER_ERROR_NONE);
	assert_int_equal(ts.add_calls, 13);
	assert_int_equal(securer_result_tool_calls(r), 10);
	securer_result_free(r);
	test_session_close(&ts);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    /* deadlines */
	    EACH_RUNTIME(test_timeout),
	    EACH_RUNTIME(test_free_kills),
	    /* the runtime dies */
	    EACH_RUNTIME(test_crash),
	    cmocka_unit_test(test_sh_shell_killed),
	    /* output, limits */
	    EACH_RUNTIME(test_flood),
	    EACH_RUNTIME(test_max_tool_calls),
	};

	for (int i = 0; i < T_COUNT; i++)
		for (int r = 0; r < SECURER_RUNTIME_COUNT_; r++)
			snprintf(tokens[i][r], sizeof(tokens[i][r]),
			         "1000.5%d%d%07d", i, r, (int)getpid());
	return cmocka_run_group_tests(tests, NULL, teardown);
}
