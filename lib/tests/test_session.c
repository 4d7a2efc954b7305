/*
 * test_session.c - sessions of each runtime (sh, Python, R) under real
 * bwrap, where the code behaves: the value of the last expression, stdout
 * and stderr kept apart, state across executes, typed tool calls through C
 * callbacks, arguments of the wrong type that never reach the callback,
 * tool errors the code can catch, syntax errors that run nothing, the
 * caller's environment kept out, and limits of 0.  The audit log is in
 * test_session_audit.c.
 *
 * What happens when the code misbehaves (timeouts, crashes, floods, broken
 * protocol) is in test_session_recovery.c.  Each test takes the runtime
 * from its state: a row of the table below, which holds the code each
 * scenario runs in that language.
 */
#include <cjson/cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "support.h"

struct lang {
	securer_runtime rt;
	/* the last expression: its value and repr (sh: none, stdout) */
	const char *value_code, *value, *repr, *value_stdout;
	const char *quiet_code; /* a statement: no value, no repr */
	const char *streams; /* prints "out\n" on stdout, "err\n" on stderr */
	const char *add;     /* x = add(2, 3), prints x * 2 */
	const char *wrong_type;    /* add("x", 3) */
	bool wrong_type_on_stderr; /* where the language says what was wrong */
	const char *wrong_type_message;
	const char *catch_boom; /* boom(), caught: prints "caught..." */
	const char *caught;     /* what that prints */
	const char *boom;       /* boom(), uncaught */
	const char *boom_message;
	/* prints "ran\n" and calls add; then the same with a syntax error */
	const char *syntax_ok, *syntax_error;
	const char *print_env;
	const char *big_ok;     /* big(1000): prints its length */
	const char *big_fail;   /* big(2000000), caught: prints the error */
	const char *big_failed; /* what that prints */
};

static const struct lang langs[] = {
    {
        .rt = SECURER_RUNTIME_SH,
        .value_code = "echo 2",
        .value = "null",
        .repr = NULL,
        .value_stdout = "2\n",
        .quiet_code = "y=1",
        .streams = "echo out; echo err >&2",
        .add = "x=$(add a=2 b=3); echo $((x * 2))",
        .wrong_type = "add a=x b=3",
        .wrong_type_on_stderr = true,
        .wrong_type_message = "exit status 2",
        .catch_boom = "boom || echo caught",
        .caught = "caught\n",
        .boom = "boom",
        .boom_message = "exit status 1",
        .syntax_ok = "echo ran; add a=1 b=2 >/dev/null",
        .syntax_error = "echo ran; add a=1 b=2 >/dev/null; if then",
        .print_env = "env",
        .big_ok = "y=$(big n=1000); echo ${#y}",
        .big_fail = "big n=2000000 2>&1; echo \"status $?\"",
        .big_failed = "big: the tool's result is larger than the message "
                      "limit\nstatus 1\n",
    },
    {
        .rt = SECURER_RUNTIME_PYTHON,
        .value_code = "1 + 1",
        .value = "2",
        .repr = "2",
        .value_stdout = "",
        .quiet_code = "y = 1",
        .streams = "import sys\nprint('out')\nprint('err', file=sys.stderr)",
        .add = "x = add(2, 3)\nprint(x * 2)",
        .wrong_type = "add('x', 3)",
        .wrong_type_message = "TypeError: add(): argument 'a' must be a "
                              "number",
        .catch_boom = "try:\n    boom()\nexcept securer.ToolError as e:\n"
                      "    print('caught', e)",
        .caught = "caught boom-failed\n",
        .boom = "boom()",
        .boom_message = "securer.ToolError: boom-failed",
        .syntax_ok = "print('ran')\nadd(1, 2)",
        .syntax_error = "print('ran')\nadd(1, 2)\ndef f(:",
        .print_env = "import os\nprint(sorted(os.environ.items()))",
        .big_ok = "print(len(big(1000)))",
        .big_fail = "try:\n    big(2_000_000)\n"
                    "except securer.ToolError as e:\n    print(e)",
        .big_failed = "the tool's result is larger than the message limit\n",
    },
    {
        .rt = SECURER_RUNTIME_R,
        .value_code = "1 + 1",
        .value = "2",
        .repr = "[1] 2",
        .value_stdout = "",
        .quiet_code = "y <- 1",
        .streams = "cat('out\\n'); cat('err\\n', file = stderr())",
        .add = "x <- add(2, 3); cat(x * 2, '\\n', sep = '')",
        .wrong_type = "add('x', 3)",
        .wrong_type_message = "add(): argument 'a' must be a finite number",
        .catch_boom = "tryCatch(boom(), securer_tool_error = function(e)\n"
                      "  cat('caught', conditionMessage(e), '\\n'))",
        .caught = "caught boom-failed \n",
        .boom = "boom()",
        .boom_message = "boom-failed",
        .syntax_ok = "cat('ran\\n'); invisible(add(1, 2))",
        .syntax_error = "cat('ran\\n'); invisible(add(1, 2)); "
                        "f <- function( {",
        .print_env = "print(as.list(Sys.getenv()))",
        .big_ok = "cat(nchar(big(1000)), '\\n', sep = '')",
        .big_fail = "tryCatch(big(2e6), securer_tool_error = function(e)\n"
                    "  cat(conditionMessage(e), '\\n', sep = ''))",
        .big_failed = "the tool's result is larger than the message limit\n",
    },
};

#define EACH_RUNTIME(fn)                                                       \
	{#fn "(sh)", fn, NULL, NULL, (void *)&langs[0]},                       \
	    {#fn "(python)", fn, NULL, NULL, (void *)&langs[1]},               \
	{                                                                      \
#fn "(r)", fn, NULL, NULL, (void *)&langs[2]                   \
	}

static const struct lang *lang_of(void **state)
{
	return *state;
}

/* ---- values and output -------------------------------------------------- */

static void test_value(void **state)
{
	const struct lang *l = lang_of(state);
	struct test_session ts;
	securer_result *r;

	test_session_open(&ts, l->rt, NULL, NULL, true);
	r = test_session_run(&ts, l->value_code, NULL);
	test_expect_kind(r, SECURER_ERROR_NONE);
	assert_string_equal(securer_result_value(r), l->value);
	if (l->repr)
		assert_string_equal(securer_result_repr(r), l->repr);
	else
		assert_null(securer_result_repr(r));
	test_expect_stdout(r, l->value_stdout);
	assert_string_equal(securer_result_message(r), "");
	assert_null(securer_result_traceback(r));
	assert_int_equal(securer_result_state_lost(r), 0);
	assert_int_equal(securer_result_tool_calls(r), 0);
	securer_result_free(r);

	/* A statement has no value and no repr. */
	r = test_session_run(&ts, l->quiet_code, NULL);
	test_expect_kind(r, SECURER_ERROR_NONE);
	assert_string_equal(securer_result_value(r), "null");
	assert_null(securer_result_repr(r));
	test_expect_stdout(r, "");
	securer_result_free(r);
	test_session_close(&ts);
}

static void test_streams(void **state)
{
	const struct lang *l = lang_of(state);
	struct test_session ts;
	securer_result *r;
	size_t n = 0;
	int trunc = -1;

	test_session_open(&ts, l->rt, NULL, NULL, true);
	r = test_session_run(&ts, l->streams, NULL);
	test_expect_kind(r, SECURER_ERROR_NONE);
	assert_memory_equal(securer_result_stdout(r, &n, &trunc), "out\n", 4);
	assert_int_equal(n, 4);
	assert_int_equal(trunc, 0);
	assert_memory_equal(securer_result_stderr(r, &n, &trunc), "err\n", 4);
	assert_int_equal(n, 4);
	assert_int_equal(trunc, 0);
	securer_result_free(r);
	/* The next execute starts with empty streams. */
	r = test_session_run(&ts, l->quiet_code, NULL);
	securer_result_stdout(r, &n, NULL);
	assert_int_equal(n, 0);
	securer_result_stderr(r, &n, NULL);
	assert_int_equal(n, 0);
	securer_result_free(r);
	test_session_close(&ts);
}

static void test_state(void **state)
{
	const struct lang *l = lang_of(state);
	struct test_session ts, other;

	test_session_open(&ts, l->rt, NULL, NULL, true);
	test_session_expect(&ts, test_code_print_x(l->rt), "unset\n");
	test_session_expect(&ts, test_code_set_x(l->rt), "");
	test_session_expect(&ts, test_code_print_x(l->rt), "41\n");
	test_session_expect(&ts, test_code_print_x(l->rt), "41\n");
	/* Another session of the same runtime has its own state. */
	test_session_open(&other, l->rt, NULL, NULL, true);
	test_session_expect(&other, test_code_print_x(l->rt), "unset\n");
	test_session_close(&other);
	test_session_close(&ts);
}

/* ---- tools -------------------------------------------------------------- */

static void test_tool_call(void **state)
{
	const struct lang *l = lang_of(state);
	struct test_session ts;
	securer_result *r;

	test_session_open(&ts, l->rt, NULL, NULL, true);
	r = test_session_run(&ts, l->add, NULL);
	test_expect_kind(r, SECURER_ERROR_NONE);
	test_expect_stdout(r, "10\n");
	assert_int_equal(securer_result_tool_calls(r), 1);
	assert_int_equal(ts.add_calls, 1);
	assert_string_equal(ts.add_args, "{\"a\":2,\"b\":3}");
	securer_result_free(r);
	test_session_close(&ts);
}

/* The runtime checks types before sending; whatever it sends, the host
 * checks again (test_session_recovery.c forges calls). */
static void test_wrong_type(void **state)
{
	const struct lang *l = lang_of(state);
	struct test_session ts;
	securer_result *r;
	const char *where;

	test_session_open(&ts, l->rt, NULL, NULL, true);
	r = test_session_run(&ts, l->wrong_type, NULL);
	test_expect_kind(r, SECURER_ERROR_RUNTIME);
	assert_int_equal(ts.add_calls, 0);
	assert_int_equal(securer_result_state_lost(r), 0);
	assert_non_null(
	    strstr(securer_result_message(r), l->wrong_type_message));
	where = l->wrong_type_on_stderr ? securer_result_stderr(r, NULL, NULL)
	                                : securer_result_message(r);
	if (!strstr(where, "argument 'a' must be a"))
		fail_msg("no word of the type in '%s'", where);
	securer_result_free(r);
	/* Control: the right types do reach it, in the same session. */
	test_session_expect(&ts, l->add, "10\n");
	assert_int_equal(ts.add_calls, 1);
	test_session_close(&ts);
}

static void test_tool_error(void **state)
{
	const struct lang *l = lang_of(state);
	struct test_session ts;
	securer_result *r;

	test_session_open(&ts, l->rt, NULL, NULL, true);
	r = test_session_run(&ts, l->catch_boom, NULL);
	test_expect_kind(r, SECURER_ERROR_NONE);
	test_expect_stdout(r, l->caught);
	assert_int_equal(ts.boom_calls, 1);
	if (l->rt == SECURER_RUNTIME_SH)
		assert_non_null(strstr(securer_result_stderr(r, NULL, NULL),
		                       "boom-failed"));
	securer_result_free(r);

	r = test_session_run(&ts, l->boom, NULL);
	test_expect_kind(r, SECURER_ERROR_RUNTIME);
	assert_non_null(strstr(securer_result_message(r), l->boom_message));
	assert_int_equal(securer_result_state_lost(r), 0);
	assert_int_equal(ts.boom_calls, 2);
	securer_result_free(r);
	/* The session goes on, state intact. */
	test_session_expect(&ts, test_code_set_x(l->rt), "");
	test_session_expect(&ts, test_code_print_x(l->rt), "41\n");
	test_session_close(&ts);
}

/* A tool's value too large for one message reaches the code as a tool
 * error, never as a line the runtime would have to refuse. */
static void test_big_result(void **state)
{
	const struct lang *l = lang_of(state);
	struct test_session ts;

	test_session_open(&ts, l->rt, NULL, NULL, true);
	test_session_expect(&ts, test_code_set_x(l->rt), "");
	test_session_expect(&ts, l->big_fail, l->big_failed);
	assert_int_equal(ts.big_calls, 1);
	/* Control: a value that fits arrives whole; the state is intact. */
	test_session_expect(&ts, l->big_ok, "1000\n");
	test_session_expect(&ts, test_code_print_x(l->rt), "41\n");
	test_session_close(&ts);
}

/* A syntax error runs nothing: no output, no tool call. */
static void test_syntax_error(void **state)
{
	const struct lang *l = lang_of(state);
	struct test_session ts;
	securer_result *r;

	test_session_open(&ts, l->rt, NULL, NULL, true);
	r = test_session_run(&ts, l->syntax_error, NULL);
	test_expect_kind(r, SECURER_ERROR_SYNTAX);
	test_expect_stdout(r, "");
	assert_int_equal(ts.add_calls, 0);
	assert_int_equal(securer_result_state_lost(r), 0);
	assert_true(securer_result_message(r)[0] != '\0');
	securer_result_free(r);
	/* Control: without the error the same code prints and calls. */
	test_session_expect(&ts, l->syntax_ok, "ran\n");
	assert_int_equal(ts.add_calls, 1);
	test_session_close(&ts);
}

/* ---- the caller's environment ------------------------------------------- */

static void test_env_hidden(void **state)
{
	const struct lang *l = lang_of(state);
	struct test_session ts;
	securer_policy *p;
	securer_result *r;
	char token[64];

	test_require_runtime(l->rt);
	p = securer_policy_new();
	snprintf(token, sizeof(token), "s3cr3t-%d-%lld", (int)getpid(),
	         (long long)securer_monotonic_ms());
	assert_int_equal(setenv("SECURER_TEST_SECRET", token, 1), 0);
	test_session_open(&ts, l->rt, NULL, NULL, true);
	r = test_session_run(&ts, l->print_env, NULL);
	test_expect_kind(r, SECURER_ERROR_NONE);
	assert_null(strstr(securer_result_stdout(r, NULL, NULL), token));
	assert_non_null(strstr(securer_result_stdout(r, NULL, NULL), "PATH"));
	securer_result_free(r);
	test_session_close(&ts);

	/* Control: passed on purpose, the same code does see it. */
	assert_int_equal(securer_policy_pass_env(p, "*"), 0);
	test_session_open(&ts, l->rt, p, NULL, true);
	r = test_session_run(&ts, l->print_env, NULL);
	test_expect_kind(r, SECURER_ERROR_NONE);
	assert_non_null(strstr(securer_result_stdout(r, NULL, NULL), token));
	securer_result_free(r);
	test_session_close(&ts);
	securer_policy_free(p);
	unsetenv("SECURER_TEST_SECRET");
}

/* ---- the session's life ------------------------------------------------- */

/* execute starts a session that was never started. */
static void test_execute_starts(void **state)
{
	const struct lang *l = lang_of(state);
	struct test_session ts;
	securer_result *r = (securer_result *)&ts;

	test_session_open(&ts, l->rt, NULL, NULL, false);
	assert_int_equal(securer_session_execute(ts.s, NULL, NULL, &r),
	                 -EINVAL);
	assert_null(r);
	test_session_expect(&ts, l->add, "10\n");
	/* Starting a started session is harmless. */
	assert_int_equal(securer_session_start(ts.s), 0);
	test_session_expect(&ts, test_code_print_x(l->rt), "5\n"); /* add's x */
	test_session_close(&ts);
}

/* R cannot run without the system files: start fails with a reason. */
static void test_start_fails(void **state)
{
	securer_policy *p;
	securer_session *s;
	securer_result *r = NULL;

	(void)state;
	test_require_runtime(SECURER_RUNTIME_R);
	p = securer_policy_new();
	assert_int_equal(securer_policy_set_system_files(p, 0), 0);
	s = securer_session_new(p, SECURER_RUNTIME_R, NULL, NULL);
	assert_non_null(s);
	assert_true(securer_session_start(s) < 0);
	assert_non_null(strstr(securer_session_error(s), "files.system"));
	/* execute tries again, and says why it cannot */
	assert_true(securer_session_execute(s, "1", NULL, &r) < 0);
	assert_null(r);
	assert_true(strlen(securer_session_error(s)) > 10);
	securer_session_free(s);
	securer_policy_free(p);
}

/* ---- limits of 0 -------------------------------------------------------- */

/* docs/policy.md: for every limit 0 means "no limit". */
static void test_output_unlimited(void **state)
{
	securer_policy *p;
	struct test_session ts;
	securer_result *r;
	size_t n = 0;
	int trunc = -1;

	(void)state;
	test_require_runtime(SECURER_RUNTIME_PYTHON);
	p = securer_policy_new();
	assert_int_equal(securer_policy_set_limit(p, SECURER_LIMIT_OUTPUT, 0),
	                 0);
	test_session_open(&ts, SECURER_RUNTIME_PYTHON, p, NULL, true);
	r = test_session_run(&ts, "print('x' * 2_000_000)", NULL);
	test_expect_kind(r, SECURER_ERROR_NONE);
	securer_result_stdout(r, &n, &trunc);
	assert_int_equal(n, 2000001);
	assert_int_equal(trunc, 0);
	securer_result_free(r);
	test_session_close(&ts);
	securer_policy_free(p);
}

static void test_message_unlimited(void **state)
{
	securer_policy *p;
	struct test_session ts;

	(void)state;
	test_require_runtime(SECURER_RUNTIME_PYTHON);
	p = securer_policy_new();
	assert_int_equal(securer_policy_set_limit(p, SECURER_LIMIT_MESSAGE, 0),
	                 0);
	test_session_open(&ts, SECURER_RUNTIME_PYTHON, p, NULL, true);
	test_session_expect(&ts, "print(1)", "1\n");
	test_session_close(&ts);
	securer_policy_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    EACH_RUNTIME(test_value),
	    EACH_RUNTIME(test_streams),
	    EACH_RUNTIME(test_state),
	    EACH_RUNTIME(test_tool_call),
	    EACH_RUNTIME(test_wrong_type),
	    EACH_RUNTIME(test_tool_error),
	    EACH_RUNTIME(test_big_result),
	    EACH_RUNTIME(test_syntax_error),
	    EACH_RUNTIME(test_env_hidden),
	    EACH_RUNTIME(test_execute_starts),
	    cmocka_unit_test(test_start_fails),
	    cmocka_unit_test(test_output_unlimited),
	    cmocka_unit_test(test_message_unlimited),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
