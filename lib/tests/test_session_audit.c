/*
 * test_session_audit.c - the audit log of sessions under real bwrap: one
 * JSON object per line, the events of docs/tools.md in order (a timeout
 * and the restart it causes included) under one session id, the code and
 * the tools' arguments recorded, the file created 0600 and appended to
 * (never truncated, whole lines even when sessions share it), and a start
 * that fails, with the path in the message, when the log cannot be
 * opened.
 */
#include <cjson/cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "support.h"

struct lang {
	securer_runtime rt;
	const char *add;        /* x = add(2, 3), prints x * 2 */
	const char *sleep_long; /* sleeps 100 s */
};

static const struct lang langs[] = {
    {SECURER_RUNTIME_SH, "x=$(add a=2 b=3); echo $((x * 2))", "sleep 100"},
    {SECURER_RUNTIME_PYTHON, "x = add(2, 3)\nprint(x * 2)",
     "import time\ntime.sleep(100)"},
    {SECURER_RUNTIME_R, "x <- add(2, 3); cat(x * 2, '\\n', sep = '')",
     "Sys.sleep(100)"},
};

#define EACH_RUNTIME(fn)                                                       \
	{#fn "(sh)", fn, NULL, NULL, (void *)&langs[0]},                       \
	    {#fn "(python)", fn, NULL, NULL, (void *)&langs[1]},               \
	{                                                                      \
#fn "(r)", fn, NULL, NULL, (void *)&langs[2]                   \
	}

static char *tmp;

static int setup(void **state)
{
	(void)state;
	tmp = test_mkdtemp();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	test_rmtree(tmp);
	free(tmp);
	return 0;
}

/* An audit log that cannot be opened fails the start, and says so. */
static void test_audit_unwritable(void **state)
{
	securer_policy *p;
	securer_session_opts o;
	securer_session *s;
	char path[4200];

	(void)state;
	test_require_runtime(SECURER_RUNTIME_SH);
	p = securer_policy_new();
	snprintf(path, sizeof(path), "%s/no/such/dir/audit.jsonl", tmp);
	securer_session_opts_init(&o);
	o.audit_log = path;
	s = securer_session_new(p, SECURER_RUNTIME_SH, NULL, &o);
	assert_non_null(s);
	assert_int_equal(securer_session_start(s), -ENOENT);
	assert_non_null(strstr(securer_session_error(s), "audit.jsonl"));
	securer_session_free(s);
	securer_policy_free(p);
}

/* ---- the audit log ------------------------------------------------------ */

static void log_line(void *userdata, const char *line)
{
	int *restarts = userdata;

	if (strstr(line, "restarting"))
		(*restarts)++;
}

static void test_audit_log(void **state)
{
	static const char *const want[] = {
	    "session_start", "execute_start", "tool_call", "tool_result",
	    "execute_end",   "execute_start", "timeout",   "session_start",
	    "execute_end",   "session_close",
	};
	const struct lang *l = *state;
	char path[4200], *text, *line, *save = NULL, session[32] = "";
	securer_execute_opts eo;
	securer_session_opts o;
	struct test_session ts;
	securer_result *r;
	struct stat st;
	size_t n = 0;
	int restarts = 0;

	snprintf(path, sizeof(path), "%s/audit-%s.jsonl", tmp,
	         securer_runtime_name(l->rt));
	securer_session_opts_init(&o);
	o.audit_log = path;
	o.log = log_line;
	o.log_userdata = &restarts;
	test_session_open(&ts, l->rt, NULL, &o, true);
	test_session_expect(&ts, l->add, "10\n");
	securer_execute_opts_init(&eo);
	eo.timeout_ms = 1000;
	r = test_session_run(&ts, l->sleep_long, &eo);
	test_expect_kind(r, SECURER_ERROR_TIMEOUT);
	securer_result_free(r);
	test_session_close(&ts);
	assert_int_equal(restarts, 1);

	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	text = securer__read_file(path, 1 << 20);
	assert_non_null(text);
	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save), n++) {
		cJSON *o_ = cJSON_Parse(line);
		const char *event, *id;

		if (!cJSON_IsObject(o_))
			fail_msg("line %zu is not a JSON object: %s", n, line);
		event = cJSON_GetStringValue(cJSON_GetObjectItem(o_, "event"));
		id = cJSON_GetStringValue(cJSON_GetObjectItem(o_, "session"));
		assert_non_null(
		    cJSON_GetStringValue(cJSON_GetObjectItem(o_, "ts")));
		assert_non_null(id);
		assert_int_equal(strlen(id), 16);
		if (!session[0])
			snprintf(session, sizeof(session), "%s", id);
		assert_string_equal(id, session);
		if (n >= sizeof(want) / sizeof(want[0]) ||
		    strcmp(event, want[n]) != 0)
			fail_msg("event %zu is '%s'", n, event);
		if (strcmp(event, "tool_call") == 0) {
			assert_string_equal(
			    cJSON_GetStringValue(
			        cJSON_GetObjectItem(o_, "tool")),
			    "add");
			/* the arguments as the code sent them, as text */
			assert_string_equal(
			    cJSON_GetStringValue(
			        cJSON_GetObjectItem(o_, "args")),
			    "{\"a\":2,\"b\":3}");
		}
		if (strcmp(event, "execute_start") == 0 && n == 1)
			assert_string_equal(
			    cJSON_GetStringValue(
			        cJSON_GetObjectItem(o_, "code")),
			    l->add);
		if (strcmp(event, "execute_end") == 0)
			assert_true(cJSON_IsBool(cJSON_GetObjectItem(
			                o_, "state_lost")) &&
			            cJSON_IsTrue(cJSON_GetObjectItem(
			                o_, "state_lost")) == (n == 8));
		if (strcmp(event, "execute_end") == 0 && n == 8)
			assert_string_equal(
			    cJSON_GetStringValue(
			        cJSON_GetObjectItem(o_, "outcome")),
			    "timeout");
		cJSON_Delete(o_);
	}
	assert_int_equal(n, sizeof(want) / sizeof(want[0]));
	free(text);
}

/* Sessions sharing one log append whole lines to what is there. */
static void test_audit_appends(void **state)
{
	static const char *const want[] = {"session_start", "execute_start",
	                                   "execute_end", "session_close"};
	static const char pre[] = "{\"pre\":\"existing\"}\n";
	struct test_session a, b;
	securer_session_opts o;
	char path[4200], *text, *line, *save = NULL, ids[2][32] = {"", ""};
	size_t seen[2] = {0, 0}, n = 0;

	(void)state;
	snprintf(path, sizeof(path), "%s/shared.jsonl", tmp);
	test_write_file(path, pre);
	securer_session_opts_init(&o);
	o.audit_log = path;
	test_session_open(&a, SECURER_RUNTIME_SH, NULL, &o, true);
	test_session_open(&b, SECURER_RUNTIME_SH, NULL, &o, true);
	test_session_expect(&a, "echo a", "a\n");
	test_session_expect(&b, "echo b", "b\n");
	test_session_close(&a);
	test_session_close(&b);

	text = securer__read_file(path, 1 << 20);
	assert_non_null(text);
	assert_int_equal(strncmp(text, pre, strlen(pre)), 0);
	for (line = strtok_r(text + strlen(pre), "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save), n++) {
		cJSON *o_ = cJSON_Parse(line);
		const char *id, *event;
		int k;

		if (!cJSON_IsObject(o_))
			fail_msg("not a whole JSON line: %s", line);
		id = cJSON_GetStringValue(cJSON_GetObjectItem(o_, "session"));
		event = cJSON_GetStringValue(cJSON_GetObjectItem(o_, "event"));
		assert_non_null(id);
		if (!ids[0][0])
			snprintf(ids[0], sizeof(ids[0]), "%s", id);
		else if (strcmp(id, ids[0]) && !ids[1][0])
			snprintf(ids[1], sizeof(ids[1]), "%s", id);
		k = strcmp(id, ids[0]) == 0 ? 0 : 1;
		assert_string_equal(id, ids[k]);
		/* each session's own events in order */
		assert_true(seen[k] < 4);
		assert_string_equal(event, want[seen[k]]);
		seen[k]++;
		cJSON_Delete(o_);
	}
	assert_int_equal(n, 8);
	assert_int_equal(seen[0], 4);
	assert_int_equal(seen[1], 4);
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    EACH_RUNTIME(test_audit_log),
	    cmocka_unit_test(test_audit_appends),
	    cmocka_unit_test(test_audit_unwritable),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
