/*
 * test_session_recovery.c - sessions of each runtime under real bwrap when
 * the code misbehaves: it sleeps past its deadline, kills its runtime,
 * floods its output, calls tools too often, writes garbage or forged
 * messages or an endless line to the protocol channel (fd 4).  Each time
 * the execute ends with the documented kind, the state is lost when the
 * host had to kill the sandbox, nothing of the old sandbox survives, and
 * the next execute in the same session works.
 *
 * Processes the code starts carry a token with our pid (`sleep TOKEN`), so
 * counting them from /proc finds only ours; the teardown kills, by pid,
 * any a failed test left behind.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "session.h"
#include "support.h"

/* Code of each scenario; "%s" is the token or the frame it is given. */
struct lang {
	securer_runtime rt;
	const char *set_x;       /* x = 41 */
	const char *print_x;     /* prints x, or "unset" */
	const char *spawn_sleep; /* starts `sleep %s` in the background */
	const char *sleep_long;  /* sleeps 100 s */
	const char *flood;       /* 3 MB on stdout, then "done\n" on stderr */
	const char *crash;       /* kills the runtime with SIGKILL */
	const char *many_calls;  /* calls add 10 times */
	const char *send_frame;  /* writes the line %s to fd 4 */
	/* writes the line %s to fd 4, then prints the host's answer line */
	const char *forge;
	const char *long_line; /* a 2 MiB line to fd 4 */
};

static const struct lang langs[] = {
    {
        .rt = SECURER_RUNTIME_SH,
        .set_x = "x=41",
        .print_x = "echo \"${x-unset}\"",
        .spawn_sleep = "sleep %s >/dev/null 2>&1 &",
        .sleep_long = "sleep 100",
        .flood = "head -c 3000000 /dev/zero | tr '\\0' x; echo done >&2",
        /* $PPID is the runtime's driver; `kill -9 $$` is another case */
        .crash = "kill -9 $PPID; sleep 10",
        .many_calls = "i=0; while [ $i -lt 10 ]; do add a=$i b=1; "
                      "i=$((i + 1)); done",
        .send_frame = "echo '%s' >&4",
        .forge = "echo '%s' >&4; head -n 1 <&3",
        .long_line = "head -c 2097152 /dev/zero | tr '\\0' x >&4; echo >&4",
    },
    {
        .rt = SECURER_RUNTIME_PYTHON,
        .set_x = "x = 41",
        .print_x = "print(globals().get('x', 'unset'))",
        .spawn_sleep = "import subprocess\n"
                       "p = subprocess.Popen(['sleep', '%s'])",
        .sleep_long = "import time\ntime.sleep(100)",
        .flood = "import sys\nprint('x' * 3_000_000)\n"
                 "print('done', file=sys.stderr)",
        .crash = "import os\nos.kill(os.getpid(), 9)",
        .many_calls = "for i in range(10):\n    add(i, 1)",
        .send_frame = "import os\nos.write(4, b'%s\\n')",
        .forge = "import os\nos.write(4, b'%s\\n')\n"
                 "print(os.read(3, 65536).decode(), end='')",
        .long_line = "import os\nos.write(4, b'x' * (2 << 20) + b'\\n')",
    },
    {
        .rt = SECURER_RUNTIME_R,
        .set_x = "x <- 41",
        .print_x = "cat(if (exists('x')) x else 'unset', '\\n', sep = '')",
        .spawn_sleep = "system('sleep %s', wait = FALSE)",
        .sleep_long = "Sys.sleep(100)",
        .flood = "cat(strrep('x', 3e6)); cat('done\\n', file = stderr())",
        .crash = "tools::pskill(Sys.getpid(), 9)",
        .many_calls = "for (i in 1:10) add(i, 1)",
        .send_frame = "con <- file('/proc/self/fd/4', 'w')\n"
                      "writeLines('%s', con)\nclose(con)",
        .forge = "con <- file('/proc/self/fd/4', 'w')\n"
                 "writeLines('%s', con)\nclose(con)\n"
                 "cat(system('head -n 1 <&3', intern = TRUE), '\\n', "
                 "sep = '')",
        .long_line = "con <- file('/proc/self/fd/4', 'w')\n"
                     "writeLines(strrep('x', 2^21), con)\nclose(con)",
    },
};

#define EACH_RUNTIME(fn)                                                       \
	{#fn "(sh)", fn, NULL, NULL, (void *)&langs[0]},                       \
	    {#fn "(python)", fn, NULL, NULL, (void *)&langs[1]},               \
	{                                                                      \
#fn "(r)", fn, NULL, NULL, (void *)&langs[2]                   \
	}

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

/* |tmpl| with its one "%s" replaced by |arg| (static buffer; the code
 * texts are data, not format strings). */
static const char *code_with(const char *tmpl, const char *arg)
{
	static char code[4096];
	const char *at = strstr(tmpl, "%s");

	assert_non_null(at);
	snprintf(code, sizeof(code), "%.*s%s%s", (int)(at - tmpl), tmpl, arg,
	         at + 2);
	return code;
}

/* Starts `sleep TOKEN` from the code and waits until it runs. */
static void spawn_sleep(struct test_session *ts, const struct lang *l,
                        const char *token)
{
	test_session_expect(ts, code_with(l->spawn_sleep, token), NULL);
	for (int i = 0; i < 500 && test_count_procs(token) == 0; i++) {
		struct timespec ts_ = {0, 10 * 1000000L};

		nanosleep(&ts_, NULL);
	}
	if (test_count_procs(token) == 0)
		fail_msg("`sleep %s` never ran", token);
}

/* After a failure the host had to handle: the state is lost, and the
 * session works again. */
static void expect_recovered(struct test_session *ts, const struct lang *l,
                             securer_result *r)
{
	assert_int_equal(securer_result_state_lost(r), 1);
	securer_result_free(r);
	test_session_expect(ts, l->print_x, "unset\n");
	test_session_expect(ts, l->set_x, "");
	test_session_expect(ts, l->print_x, "41\n");
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
	test_session_expect(&ts, l->set_x, "");
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
	expect_recovered(&ts, l, r);
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
	test_session_expect(&ts, l->set_x, "");
	r = test_session_run(&ts, l->crash, NULL);
	test_expect_kind(r, SECURER_ERROR_KILLED);
	assert_non_null(strstr(securer_result_message(r), "signal 9"));
	assert_true(securer_result_duration_ms(r) < 5000);
	expect_recovered(&ts, l, r);
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
	test_session_expect(&ts, l->set_x, "");
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
	test_session_expect(&ts, l->print_x, "41\n");
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
	expect_recovered(&ts, l, r);
	/* Control: with room for them, all ten calls run. */
	eo.max_tool_calls = 10;
	r = test_session_run(&ts, l->many_calls, &eo);
	test_expect_kind(r, SECURER_ERROR_NONE);
	assert_int_equal(ts.add_calls, 13);
	assert_int_equal(securer_result_tool_calls(r), 10);
	securer_result_free(r);
	test_session_close(&ts);
}

/* ---- the protocol channel ----------------------------------------------- */

static void test_garbage_frame(void **state)
{
	const struct lang *l = lang_of(state);
	struct test_session ts;
	securer_result *r;

	test_session_open(&ts, l->rt, NULL, NULL, true);
	test_session_expect(&ts, l->set_x, "");
	r = test_session_run(&ts, code_with(l->send_frame, "garbage"), NULL);
	test_expect_kind(r, SECURER_ERROR_PROTOCOL);
	assert_non_null(strstr(securer_result_message(r), "not JSON"));
	expect_recovered(&ts, l, r);
	test_session_close(&ts);
}

/* A tool_call written by the code itself is checked like any other: the
 * host answers with an error and no callback runs. */
static void test_forged_call(void **state)
{
	static const struct {
		const char *frame, *answer;
	} cases[] = {
	    {"{\"type\":\"tool_call\",\"id\":77,\"tool\":\"nope\",\"args\":{}}",
	     "{\"type\":\"tool_result\",\"id\":77,"
	     "\"error\":\"no tool named 'nope'\"}\n"},
	    {"{\"type\":\"tool_call\",\"id\":78,\"tool\":\"add\","
	     "\"args\":{\"a\":\"x\",\"b\":3}}",
	     "{\"type\":\"tool_result\",\"id\":78,\"error\":\"add(): argument "
	     "'a' must be a number, not a string\"}\n"},
	    {"{\"type\":\"tool_call\",\"id\":79,\"tool\":\"add\","
	     "\"args\":{\"a\":1,\"b\":2,\"c\":3}}",
	     "{\"type\":\"tool_result\",\"id\":79,"
	     "\"error\":\"add(): unexpected argument 'c'\"}\n"},
	    {"{\"type\":\"tool_call\",\"id\":80,\"tool\":\"add\","
	     "\"args\":{\"a\":1}}",
	     "{\"type\":\"tool_result\",\"id\":80,"
	     "\"error\":\"add(): argument 'b' is missing\"}\n"},
	    /* control: a well-formed forged call does run the tool */
	    {"{\"type\":\"tool_call\",\"id\":81,\"tool\":\"add\","
	     "\"args\":{\"a\":1,\"b\":2}}",
	     "{\"type\":\"tool_result\",\"id\":81,\"value\":3}\n"},
	};
	const struct lang *l = lang_of(state);
	struct test_session ts;

	test_session_open(&ts, l->rt, NULL, NULL, true);
	test_session_expect(&ts, l->set_x, "");
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		securer_result *r = test_session_run(
		    &ts, code_with(l->forge, cases[i].frame), NULL);

		test_expect_kind(r, SECURER_ERROR_NONE);
		test_expect_stdout(r, cases[i].answer);
		assert_int_equal(securer_result_state_lost(r), 0);
		assert_int_equal(ts.add_calls,
		                 i + 1 == sizeof(cases) / sizeof(cases[0]));
		securer_result_free(r);
	}
	test_session_expect(&ts, l->print_x, "41\n");
	test_session_close(&ts);
}

/* A 2 MiB line: refused without holding more than the limit and a read. */
static void test_long_line(void **state)
{
	const struct lang *l = lang_of(state);
	struct test_session ts;
	securer_result *r;

	test_session_open(&ts, l->rt, NULL, NULL, true);
	test_session_expect(&ts, l->set_x, "");
	r = test_session_run(&ts, l->long_line, NULL);
	test_expect_kind(r, SECURER_ERROR_PROTOCOL);
	assert_non_null(
	    strstr(securer_result_message(r), "longer than the limit"));
	assert_int_equal(ts.s->lines.max, MIB);
	assert_true(ts.s->lines.cap <= ts.s->lines.max + 65536 + 1);
	expect_recovered(&ts, l, r);
	test_session_close(&ts);
}

/* With a smaller message limit: a whole line of exactly the limit passes
 * the framing (and then fails as JSON); one byte more is refused as too
 * long, even though it arrives complete in one read. */
static void test_limit_boundary(void **state)
{
	static const struct {
		int extra;
		const char *why;
	} cases[] = {{0, "not JSON"},
	             {1, "longer than the limit (65536 bytes)"}};
	const struct lang *l = &langs[SECURER_RUNTIME_PYTHON];
	securer_policy *p;
	struct test_session ts;
	char code[200];

	(void)state;
	test_require_runtime(l->rt);
	p = securer_policy_new();
	assert_int_equal(
	    securer_policy_set_limit(p, SECURER_LIMIT_MESSAGE, 65536), 0);
	test_session_open(&ts, l->rt, p, NULL, true);
	assert_int_equal(ts.s->lines.max, 65536);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		securer_result *r;

		test_session_expect(&ts, l->set_x, "");
		snprintf(code, sizeof(code),
		         "import os\nos.write(4, b'x' * %d + b'\\n')",
		         65536 + cases[i].extra);
		r = test_session_run(&ts, code, NULL);
		test_expect_kind(r, SECURER_ERROR_PROTOCOL);
		if (!strstr(securer_result_message(r), cases[i].why))
			fail_msg("%d bytes: '%s'", 65536 + cases[i].extra,
			         securer_result_message(r));
		expect_recovered(&ts, l, r);
	}
	test_session_close(&ts);
	securer_policy_free(p);
}

/* The code closes the protocol channel and lives on: past a grace period
 * that is a broken protocol, not a hang until the deadline. */
static void test_closed_channel(void **state)
{
	const struct lang *l = &langs[SECURER_RUNTIME_PYTHON];
	struct test_session ts;
	securer_result *r;

	(void)state;
	test_session_open(&ts, l->rt, NULL, NULL, true);
	test_session_expect(&ts, l->set_x, "");
	r = test_session_run(
	    &ts, "import os, time\nos.close(4)\ntime.sleep(30)", NULL);
	test_expect_kind(r, SECURER_ERROR_PROTOCOL);
	assert_non_null(
	    strstr(securer_result_message(r), "closed its protocol channel"));
	assert_true(securer_result_duration_ms(r) >= 1500);
	assert_true(securer_result_duration_ms(r) < 10000);
	expect_recovered(&ts, l, r);
	test_session_close(&ts);
}

/* Every kind of bad frame the host can see (written from Python, which
 * can write any bytes). */
static void test_bad_frames(void **state)
{
	static const struct {
		const char *frame; /* Python bytes literal contents */
		const char *why;
	} cases[] = {
	    {"[1, 2]", "not a JSON object"},
	    {"{}", "no string 'type'"},
	    {"{\"type\": 5}", "no string 'type'"},
	    {"{\"type\": \"\\xff\"}", "not valid UTF-8"},
	    {"{\"type\": \"x\", \"s\": \"\\xed\\xa0\\x80\"}",
	     "not valid UTF-8"},
	    {"{\"type\": \"hello\", \"protocol\": 1}", "unexpected message"},
	    {"{\"type\": \"ready\"}", "unexpected message 'ready'"},
	    {"{\"type\": \"result\", \"id\": 999999, \"value\": 1}",
	     "another execute"},
	    {"{\"type\": \"error\", \"id\": 999999, \"kind\": \"runtime\", "
	     "\"message\": \"x\"}",
	     "another execute"},
	    {"{\"type\": \"tool_call\", \"id\": -1, \"tool\": \"add\", "
	     "\"args\": {}}",
	     "integer id"},
	    {"{\"type\": \"tool_call\", \"id\": 1.5, \"tool\": \"add\", "
	     "\"args\": {}}",
	     "integer id"},
	    {"{\"type\": \"tool_call\", \"id\": 1, \"tool\": 5, \"args\": {}}",
	     "string tool"},
	};
	const struct lang *l = &langs[SECURER_RUNTIME_PYTHON];
	struct test_session ts;

	(void)state;
	test_session_open(&ts, l->rt, NULL, NULL, true);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		securer_result *r;

		test_session_expect(&ts, l->set_x, "");
		r = test_session_run(
		    &ts, code_with(l->send_frame, cases[i].frame), NULL);
		test_expect_kind(r, SECURER_ERROR_PROTOCOL);
		if (!strstr(securer_result_message(r), cases[i].why))
			fail_msg("%s: '%s'", cases[i].frame,
			         securer_result_message(r));
		expect_recovered(&ts, l, r);
	}
	assert_int_equal(ts.add_calls, 0);
	test_session_close(&ts);
}

/* An error message of the wrong shape for the current execute: its id is
 * the one the host sent, so only the shape is wrong. */
static void test_bad_error_frame(void **state)
{
	const struct lang *l = &langs[SECURER_RUNTIME_PYTHON];
	struct test_session ts;
	securer_result *r;
	char frame[256];

	(void)state;
	test_session_open(&ts, l->rt, NULL, NULL, true);
	test_session_expect(&ts, l->set_x, "");
	snprintf(frame, sizeof(frame),
	         "{\"type\": \"error\", \"id\": %lld, \"kind\": \"weird\", "
	         "\"message\": \"x\"}",
	         (long long)ts.s->executes + 1);
	r = test_session_run(&ts, code_with(l->send_frame, frame), NULL);
	test_expect_kind(r, SECURER_ERROR_PROTOCOL);
	assert_non_null(strstr(securer_result_message(r), "an error needs"));
	expect_recovered(&ts, l, r);
	/* Control: the same frame with a valid kind ends the execute as the
	 * code said, without a restart. */
	snprintf(frame, sizeof(frame),
	         "{\"type\": \"error\", \"id\": %lld, \"kind\": \"runtime\", "
	         "\"message\": \"forged\"}",
	         (long long)ts.s->executes + 1);
	r = test_session_run(&ts, code_with(l->send_frame, frame), NULL);
	test_expect_kind(r, SECURER_ERROR_RUNTIME);
	assert_string_equal(securer_result_message(r), "forged");
	assert_int_equal(securer_result_state_lost(r), 0);
	securer_result_free(r);
	test_session_close(&ts);
}

/* ---- known bugs --------------------------------------------------------- */

/* The code closes its end of fd 3, then sends a tool_call: the host's
 * answer hits a pipe without a reader.  The host must not die of SIGPIPE
 * (docs/protocol.md: "The host never crashes").  Runs in a child process,
 * so that the bug, while present, costs that child only. */
static void test_host_survives_closed_fd3(void **state)
{
	static const char code[] =
	    "import os, time\nos.close(3)\n"
	    "os.write(4, b'{\"type\":\"tool_call\",\"id\":1,\"tool\":\"add\","
	    "\"args\":{\"a\":1,\"b\":2}}\\n')\ntime.sleep(1)";
	struct test_session ts;
	int ws;
	pid_t pid;

	(void)state;
	test_require_runtime(SECURER_RUNTIME_PYTHON);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		securer_result *r = NULL;
		int rc;

		test_session_open(&ts, SECURER_RUNTIME_PYTHON, NULL, NULL,
		                  true);
		rc = securer_session_execute(ts.s, code, NULL, &r);
		securer_result_free(r);
		securer_session_free(ts.s);
		_exit(rc == 0 ? 0 : 1);
	}
	assert_int_equal(waitpid(pid, &ws, 0), pid);
	if (WIFSIGNALED(ws))
		fail_msg("the host was killed by signal %d", WTERMSIG(ws));
	assert_int_equal(WEXITSTATUS(ws), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    EACH_RUNTIME(test_timeout),
	    EACH_RUNTIME(test_free_kills),
	    EACH_RUNTIME(test_crash),
	    cmocka_unit_test(test_sh_shell_killed),
	    EACH_RUNTIME(test_flood),
	    EACH_RUNTIME(test_max_tool_calls),
	    EACH_RUNTIME(test_garbage_frame),
	    EACH_RUNTIME(test_forged_call),
	    EACH_RUNTIME(test_long_line),
	    cmocka_unit_test(test_limit_boundary),
	    cmocka_unit_test(test_closed_channel),
	    cmocka_unit_test(test_bad_frames),
	    cmocka_unit_test(test_bad_error_frame),
	    cmocka_unit_test(test_host_survives_closed_fd3),
	};

	for (int i = 0; i < T_COUNT; i++)
		for (int r = 0; r < SECURER_RUNTIME_COUNT_; r++)
			snprintf(tokens[i][r], sizeof(tokens[i][r]),
			         "1000.5%d%d%07d", i, r, (int)getpid());
	return cmocka_run_group_tests(tests, NULL, teardown);
}
