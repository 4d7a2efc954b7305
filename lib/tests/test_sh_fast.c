/*
 * test_sh_fast.c - sh tool calls made by the shell itself go through the
 * driver, with builtins only (lib/runtimes/sh_fast.c); calls from
 * subshells, pipelines and $(...) run the tool command as before.  Seen
 * from outside: the same bytes on stdout and stderr and the same exit
 * status either way, the routing itself (with the shell's own fds 3 and 4
 * closed only the driver can still reach the host), calls in parallel,
 * and a driver that shrugs off garbage on the shell's fd 7.
 */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support.h"

/* Every byte class the reply's escaping must carry: blanks at both ends,
 * tabs, newlines, backslash sequences printf %b would read, a %, UTF-8
 * and a control byte. */
static const char tricky[] = "  a\tb\n\\c \\0101 \\\\ %s %b \"q\" 'q' "
                             "\xc3\xa9\x01 end  \n\n";

static int text_fn(void *userdata, const char *args_json, char **result_json,
                   char **error)
{
	cJSON *s = cJSON_CreateString(tricky);

	(void)userdata;
	(void)args_json;
	(void)error;
	*result_json = cJSON_PrintUnformatted(s);
	cJSON_Delete(s);
	return *result_json ? 0 : -1;
}

static int fail_fn(void *userdata, const char *args_json, char **result_json,
                   char **error)
{
	(void)userdata;
	(void)args_json;
	(void)result_json;
	*error = strdup(tricky);
	return -1;
}

static int add_fn(void *userdata, const char *args_json, char **result_json,
                  char **error)
{
	cJSON *args = cJSON_Parse(args_json);
	double a = cJSON_GetNumberValue(cJSON_GetObjectItem(args, "a"));
	double b = cJSON_GetNumberValue(cJSON_GetObjectItem(args, "b"));
	char buf[64];

	(void)userdata;
	(void)error;
	cJSON_Delete(args);
	snprintf(buf, sizeof(buf), "%g", a + b);
	*result_json = strdup(buf);
	return *result_json ? 0 : -1;
}

static securer_session *open_session(void)
{
	static const securer_tool_arg ab[] = {{"a", SECURER_TYPE_NUMBER, NULL},
	                                      {"b", SECURER_TYPE_NUMBER, NULL}};
	securer_policy *p = securer_policy_new();
	securer_tools *t = securer_tools_new();
	securer_session *s;

	test_require_runtime(SECURER_RUNTIME_SH);
	assert_int_equal(
	    securer_tools_add(t, "text", "", NULL, 0, text_fn, NULL), 0);
	assert_int_equal(
	    securer_tools_add(t, "fails", "", NULL, 0, fail_fn, NULL), 0);
	assert_int_equal(securer_tools_add(t, "add", "", ab, 2, add_fn, NULL),
	                 0);
	s = securer_session_new(p, SECURER_RUNTIME_SH, t, NULL);
	assert_non_null(s);
	securer_tools_free(t);
	securer_policy_free(p);
	if (securer_session_start(s) != 0)
		fail_msg("sh session: %s", securer_session_error(s));
	return s;
}

static securer_result *run(securer_session *s, const char *code)
{
	securer_result *r = NULL;

	assert_int_equal(securer_session_execute(s, code, NULL, &r), 0);
	assert_non_null(r);
	return r;
}

static void expect(securer_session *s, const char *code, const char *out,
                   const char *err)
{
	securer_result *r = run(s, code);
	size_t n = 0;
	const char *e;

	if (securer_result_error(r) != SECURER_ERROR_NONE)
		fail_msg("[%s]: %s", code, securer_result_message(r));
	e = securer_result_stderr(r, &n, NULL);
	test_expect_stdout(r, out);
	if (n != strlen(err) || memcmp(e, err, n) != 0)
		fail_msg("[%s] stderr:\n[%.*s]\nwant\n[%s]", code, (int)n, e,
		         err);
	securer_result_free(r);
}

static void test_same_bytes(void **state)
{
	securer_session *s = open_session();
	char want[256], two[512], err[512];

	(void)state;
	snprintf(want, sizeof(want), "%s\n", tricky);
	/* in the shell (the driver), in a pipeline (the tool command) */
	expect(s, "text", want, "");
	expect(s, "text | cat", want, "");
	snprintf(two, sizeof(two), "%s%s", want, want);
	expect(s, "{ text; text; } >/tmp/two; cat /tmp/two", two, "");
	snprintf(err, sizeof(err), "fails: %s\n", tricky);
	expect(s, "fails; echo \"status $?\"", "status 1\n", err);
	expect(s, "fails | cat; echo \"status $?\"", "status 0\n", err);
	expect(s, "(fails); echo \"status $?\"", "status 1\n", err);
	/* a usage error: nothing is sent, status 2 both ways */
	expect(s,
	       "add a=1 2>/dev/null; echo $?; (add a=1) 2>/dev/null; echo $?",
	       "2\n2\n", "");
	securer_session_free(s);
}

/* The shell's fds 3 and 4 closed: a tool command cannot reach the host
 * any more, the driver still can.  So the shell's own calls go through the
 * driver, and a subshell's through the command. */
static void test_routing(void **state)
{
	securer_session *s = open_session();
	securer_result *r;

	(void)state;
	expect(s, "exec 3<&- 4>&-; add a=1 b=2", "3\n", "");
	expect(s, "add a=2 b=2; x=$(add a=1 b=1 2>/dev/null); echo \"[$x] $?\"",
	       "4\n[] 3\n", "");
	r = run(s, "add a=1 b=1 | cat");
	test_expect_stdout(r, "");
	securer_result_free(r);
	securer_session_free(s);
}

/* Background calls (tool commands) and the shell's own (the driver) at
 * once: each gets its own answer. */
static void test_parallel(void **state)
{
	securer_session *s = open_session();

	(void)state;
	expect(s,
	       "cd /tmp; for i in 1 2 3 4 5; do add a=$i b=100 >o$i & "
	       "add a=$i b=200; done; wait; cat o1 o2 o3 o4 o5",
	       "201\n202\n203\n204\n205\n101\n102\n103\n104\n105\n", "");
	securer_session_free(s);
}

/* Garbage on fd 7 is dropped: the driver lives, and the next call works. */
static void test_garbage(void **state)
{
	securer_session *s = open_session();

	(void)state;
	expect(s, "printf 'garbage\\0\\0\\0' >&7; add a=1 b=2", "3\n", "");
	expect(s, "printf '1\\0009999999999\\0' >&7; add a=1 b=3", "4\n", "");
	expect(s, "add a=2 b=3", "5\n", "");
	securer_session_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_same_bytes),
	    cmocka_unit_test(test_routing),
	    cmocka_unit_test(test_parallel),
	    cmocka_unit_test(test_garbage),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
