/*
 * test_session_protocol.c - sessions of each runtime under real bwrap when
 * the code misuses the protocol channel: it writes garbage, forged or
 * malformed messages or an endless line to fd 4, closes fd 4, or closes
 * fd 3 before a tool call.  Each time the host stays up, the execute ends
 * with the documented kind (a forged but well-formed tool_call is checked
 * and answered like any other), the state is lost when the host had to
 * restart the sandbox, and the next execute in the same session works.
 * (Timeouts, crashes, floods and limits: test_session_recovery.c.)
 */
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "session.h"
#include "support.h"

/* Code of each scenario; "%s" is the frame it is given.  x is set and
 * printed with test_code_set_x() and test_code_print_x(). */
struct lang {
	securer_runtime rt;
	const char *send_frame; /* writes the line %s to fd 4 */
	/* writes the line %s to fd 4, then prints the host's answer line */
	const char *forge;
	const char *long_line; /* a 2 MiB line to fd 4 */
};

static const struct lang langs[] = {
    {
        .rt = SECURER_RUNTIME_SH,
        .send_frame = "echo '%s' >&4",
        .forge = "echo '%s' >&4; head -n 1 <&3",
        .long_line = "head -c 2097152 /dev/zero | tr '\\0' x >&4; echo >&4",
    },
    {
        .rt = SECURER_RUNTIME_PYTHON,
        .send_frame = "import os\nos.write(4, b'%s\\n')",
        .forge = "import os\nos.write(4, b'%s\\n')\n"
                 "print(os.read(3, 65536).decode(), end='')",
        .long_line = "import os\nos.write(4, b'x' * (2 << 20) + b'\\n')",
    },
    {
        .rt = SECURER_RUNTIME_R,
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

#define EACH_RUNTIME(fn) TEST_EACH_RUNTIME(fn, langs)

#define MIB (1024 * 1024)

static const struct lang *lang_of(void **state)
{
	return *state;
}

/* ---- the protocol channel ----------------------------------------------- */

static void test_garbage_frame(void **state)
{
	const struct lang *l = lang_of(state);
	struct test_session ts;
	securer_result *r;

	test_session_open(&ts, l->rt, NULL, NULL, true);
	test_session_expect(&ts, test_code_set_x(l->rt), "");
	r = test_session_run(&ts, test_code_with(l->send_frame, "garbage"),
	                     NULL);
	test_expect_kind(r, SECURER_ERROR_PROTOCOL);
	assert_non_null(strstr(securer_result_message(r), "not JSON"));
	test_session_expect_recovered(&ts, r);
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
	test_session_expect(&ts, test_code_set_x(l->rt), "");
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		securer_result *r = test_session_run(
		    &ts, test_code_with(l->forge, cases[i].frame), NULL);

		test_expect_kind(r, SECURER_ERROR_NONE);
		test_expect_stdout(r, cases[i].answer);
		assert_int_equal(securer_result_state_lost(r), 0);
		assert_int_equal(ts.add_calls,
		                 i + 1 == sizeof(cases) / sizeof(cases[0]));
		securer_result_free(r);
	}
	test_session_expect(&ts, test_code_print_x(l->rt), "41\n");
	test_session_close(&ts);
}

/* A 2 MiB line: refused without holding more than the limit and a read. */
static void test_long_line(void **state)
{
	const struct lang *l = lang_of(state);
	struct test_session ts;
	securer_result *r;

	test_session_open(&ts, l->rt, NULL, NULL, true);
	test_session_expect(&ts, test_code_set_x(l->rt), "");
	r = test_session_run(&ts, l->long_line, NULL);
	test_expect_kind(r, SECURER_ERROR_PROTOCOL);
	assert_non_null(
	    strstr(securer_result_message(r), "longer than the limit"));
	assert_int_equal(ts.s->lines.max, MIB);
	assert_true(ts.s->lines.cap <= ts.s->lines.max + 65536 + 1);
	test_session_expect_recovered(&ts, r);
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

		test_session_expect(&ts, test_code_set_x(l->rt), "");
		snprintf(code, sizeof(code),
		         "import os\nos.write(4, b'x' * %d + b'\\n')",
		         65536 + cases[i].extra);
		r = test_session_run(&ts, code, NULL);
		test_expect_kind(r, SECURER_ERROR_PROTOCOL);
		if (!strstr(securer_result_message(r), cases[i].why))
			fail_msg("%d bytes: '%s'", 65536 + cases[i].extra,
			         securer_result_message(r));
		test_session_expect_recovered(&ts, r);
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
	test_session_expect(&ts, test_code_set_x(l->rt), "");
	r = test_session_run(
	    &ts, "import os, time\nos.close(4)\ntime.sleep(30)", NULL);
	test_expect_kind(r, SECURER_ERROR_PROTOCOL);
	assert_non_null(
	    strstr(securer_result_message(r), "closed its protocol channel"));
	assert_true(securer_result_duration_ms(r) >= 1500);
	assert_true(securer_result_duration_ms(r) < 10000);
	test_session_expect_recovered(&ts, r);
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

		test_session_expect(&ts, test_code_set_x(l->rt), "");
		r = test_session_run(
		    &ts, test_code_with(l->send_frame, cases[i].frame), NULL);
		test_expect_kind(r, SECURER_ERROR_PROTOCOL);
		if (!strstr(securer_result_message(r), cases[i].why))
			fail_msg("%s: '%s'", cases[i].frame,
			         securer_result_message(r));
		test_session_expect_recovered(&ts, r);
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
	test_session_expect(&ts, test_code_set_x(l->rt), "");
	snprintf(frame, sizeof(frame),
	         "{\"type\": \"error\", \"id\": %lld, \"kind\": \"weird\", "
	         "\"message\": \"x\"}",
	         (long long)ts.s->executes + 1);
	r = test_session_run(&ts, test_code_with(l->send_frame, frame), NULL);
	test_expect_kind(r, SECURER_ERROR_PROTOCOL);
	assert_non_null(strstr(securer_result_message(r), "an error needs"));
	test_session_expect_recovered(&ts, r);
	/* Control: the same frame with a valid kind ends the execute as the
	 * code said, without a restart. */
	snprintf(frame, sizeof(frame),
	         "{\"type\": \"error\", \"id\": %lld, \"kind\": \"runtime\", "
	         "\"message\": \"forged\"}",
	         (long long)ts.s->executes + 1);
	r = test_session_run(&ts, test_code_with(l->send_frame, frame), NULL);
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
	    EACH_RUNTIME(test_garbage_frame),
	    EACH_RUNTIME(test_forged_call),
	    EACH_RUNTIME(test_long_line),
	    cmocka_unit_test(test_limit_boundary),
	    cmocka_unit_test(test_closed_channel),
	    cmocka_unit_test(test_bad_frames),
	    cmocka_unit_test(test_bad_error_frame),
	    cmocka_unit_test(test_host_survives_closed_fd3),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
