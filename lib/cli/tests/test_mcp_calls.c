/*
 * test_mcp_calls.c - tool calls of `securer mcp` over raw stdio, as they
 * run: a ping answered while code runs, progress notifications (and none
 * after the response), cancellation (no response, the sandbox's
 * processes gone, the session restarted, the server serving), the end of
 * input (calls received are answered) and SIGTERM (they are stopped),
 * output that is not UTF-8, and tool descriptions that follow the policy.
 */
#include <cjson/cJSON.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "mcp_harness.h"
#include "common.h"

static struct mcp_srv srv;

static int teardown(void **state)
{
	(void)state;
	mcp_srv_close(&srv, 10000); /* a temp workspace is removed */
	mcp_srv_free(&srv);
	return 0;
}

static void start(void)
{
	mcp_srv_start(&srv, "--runtime", "sh", "--tools",
	              "docs/examples/tools.json", (char *)NULL);
	mcp_srv_init(&srv, "2025-11-25");
}

/* Sends run_sh |code| as request |id| with progress token |token| (NULL:
 * none), without waiting. */
static void run_async(int id, const char *code, const char *token)
{
	cJSON *args = cJSON_CreateObject();
	char *a;

	cJSON_AddStringToObject(args, "code", code);
	a = cJSON_PrintUnformatted(args);
	if (token)
		mcp_srv_sendf(&srv,
		              "{\"jsonrpc\":\"2.0\",\"id\":%d,\"method\":"
		              "\"tools/call\",\"params\":{\"name\":\"run_sh\","
		              "\"arguments\":%s,\"_meta\":{\"progressToken\":"
		              "\"%s\"}}}",
		              id, a, token);
	else
		mcp_srv_sendf(&srv,
		              "{\"jsonrpc\":\"2.0\",\"id\":%d,\"method\":"
		              "\"tools/call\",\"params\":{\"name\":\"run_sh\","
		              "\"arguments\":%s}}",
		              id, a);
	free(a);
	cJSON_Delete(args);
}

static void test_ping_while_running(void **state)
{
	int64_t t0;
	cJSON *r;

	(void)state;
	start();
	run_async(1, "sleep 3; echo slept", NULL);
	usleep(200000);
	t0 = securer_monotonic_ms();
	mcp_srv_ping(&srv, 2); /* its answer comes first */
	assert_true(securer_monotonic_ms() - t0 < 1000);
	r = mcp_srv_response(&srv, 20000);
	assert_int_equal(cJSON_GetObjectItem(r, "id")->valueint, 1);
	assert_string_equal(mcp_text(r, 0), "slept\n");
	cJSON_Delete(r);
}

static void test_progress(void **state)
{
	double last = 0;
	int seen = 0;
	cJSON *m;

	(void)state;
	start();
	run_async(7, "for i in 1 2 3 4 5; do echo line$i; sleep 1; done",
	          "tok");
	for (;;) {
		const cJSON *p;

		m = mcp_srv_recv(&srv, 20000);
		assert_non_null(m);
		if (cJSON_GetObjectItem(m, "id"))
			break;
		assert_string_equal(
		    cJSON_GetObjectItem(m, "method")->valuestring,
		    "notifications/progress");
		p = cJSON_GetObjectItem(m, "params");
		assert_string_equal(
		    cJSON_GetObjectItem(p, "progressToken")->valuestring,
		    "tok");
		assert_true(cJSON_GetObjectItem(p, "progress")->valuedouble >
		            last);
		last = cJSON_GetObjectItem(p, "progress")->valuedouble;
		assert_non_null(strstr(
		    cJSON_GetObjectItem(p, "message")->valuestring, "line"));
		seen++;
		cJSON_Delete(m);
	}
	assert_int_equal(cJSON_GetObjectItem(m, "id")->valueint, 7);
	assert_false(mcp_is_error(m));
	cJSON_Delete(m);
	assert_true(seen >= 1);
	/* None after the response, none without a token. */
	run_async(8, "sleep 3", NULL);
	m = mcp_srv_recv(&srv, 20000);
	assert_non_null(m);
	assert_int_equal(cJSON_GetObjectItem(m, "id")->valueint, 8);
	cJSON_Delete(m);
	m = mcp_srv_recv(&srv, 2500);
	assert_null(m);
}

static void test_cancel(void **state)
{
	char code[256], token[64];
	cJSON *r;

	(void)state;
	start();
	r = mcp_srv_call(&srv, 1, "run_sh", "{\"code\":\"x=1\"}");
	cJSON_Delete(r);
	snprintf(token, sizeof(token), "29.%d", (int)getpid());
	snprintf(code, sizeof(code), "sleep %s & echo started; wait", token);
	run_async(2, code, NULL);
	for (int i = 0; i < 100 && test_count_procs(token) == 0; i++)
		usleep(50000);
	assert_int_equal(test_count_procs(token), 1);
	mcp_srv_send(&srv, "{\"jsonrpc\":\"2.0\",\"method\":"
	                   "\"notifications/cancelled\",\"params\":"
	                   "{\"requestId\":2,\"reason\":\"stop\"}}");
	/* Cancelling what does not exist (any more) changes nothing. */
	mcp_srv_send(&srv, "{\"jsonrpc\":\"2.0\",\"method\":"
	                   "\"notifications/cancelled\",\"params\":"
	                   "{\"requestId\":\"2\"}}");
	mcp_srv_ping(&srv, 3); /* the next thing answered: no response to 2 */
	assert_int_equal(test_procs_gone_within(token, 5000), 0);
	r = mcp_srv_call(&srv, 4, "run_sh", "{\"code\":\"echo ${x:-unset}\"}");
	assert_string_equal(mcp_text(r, 0), "unset\n"); /* restarted */
	cJSON_Delete(r);
	/* A queued call is dropped without running: 6 waits behind 5. */
	run_async(5, "sleep 1", NULL);
	run_async(6, "echo ran > /tmp/mark; echo ran", NULL);
	mcp_srv_send(&srv, "{\"jsonrpc\":\"2.0\",\"method\":"
	                   "\"notifications/cancelled\",\"params\":"
	                   "{\"requestId\":6}}");
	r = mcp_srv_response(&srv, 20000);
	assert_int_equal(cJSON_GetObjectItem(r, "id")->valueint, 5);
	cJSON_Delete(r);
	r = mcp_srv_call(&srv, 7, "run_sh",
	                 "{\"code\":\"cat /tmp/mark 2>/dev/null || echo no\"}");
	assert_string_equal(mcp_text(r, 0), "no\n");
	cJSON_Delete(r);
}

/* End of input: the calls received still run and are answered. */
static void test_eof_drains(void **state)
{
	cJSON *r;

	(void)state;
	start();
	run_async(1, "sleep 1; echo done", NULL);
	run_async(2, "echo second", NULL);
	close(srv.in);
	srv.in = -1;
	r = mcp_srv_response(&srv, 20000);
	assert_string_equal(mcp_text(r, 0), "done\n");
	cJSON_Delete(r);
	r = mcp_srv_response(&srv, 20000);
	assert_string_equal(mcp_text(r, 0), "second\n");
	cJSON_Delete(r);
	assert_int_equal(mcp_srv_close(&srv, 10000), 0);
}

/* SIGTERM stops a running call at once: its processes are gone. */
static void test_sigterm(void **state)
{
	char code[128], token[64];
	int64_t t0;

	(void)state;
	start();
	snprintf(token, sizeof(token), "31.%d", (int)getpid());
	snprintf(code, sizeof(code), "sleep %s", token);
	run_async(1, code, NULL);
	for (int i = 0; i < 100 && test_count_procs(token) == 0; i++)
		usleep(50000);
	assert_int_equal(test_count_procs(token), 1);
	t0 = securer_monotonic_ms();
	kill(srv.pid, SIGTERM);
	assert_int_equal(mcp_srv_close(&srv, 10000), 0);
	assert_true(securer_monotonic_ms() - t0 < 5000);
	assert_int_equal(test_procs_gone_within(token, 5000), 0);
}

/* Bytes that are not UTF-8, and NULs, reach the client repaired (the
 * harness fails on any line that is not UTF-8 JSON). */
static void test_binary_output(void **state)
{
	const cJSON *sc;
	cJSON *r;

	(void)state;
	start();
	r = mcp_srv_call(&srv, 1, "run_sh",
	                 "{\"code\":\"printf 'a\\\\377\\\\000b\\\\300\\\\n'; "
	                 "printf '\\\\376' >&2\"}");
	sc = cJSON_GetObjectItem(cJSON_GetObjectItem(r, "result"),
	                         "structuredContent");
	assert_string_equal(cJSON_GetObjectItem(sc, "stdout")->valuestring,
	                    "a\xef\xbf\xbd\xef\xbf\xbd"
	                    "b\xef\xbf\xbd\n");
	assert_string_equal(cJSON_GetObjectItem(sc, "stderr")->valuestring,
	                    "\xef\xbf\xbd");
	cJSON_Delete(r);
}

/* The manifest's tools: called directly (checked first), and from code. */
static void test_host_tools(void **state)
{
	cJSON *r;

	(void)state;
	start();
	r = mcp_srv_call(&srv, 1, "add", "{\"a\":2,\"b\":40}");
	assert_false(mcp_is_error(r));
	assert_string_equal(mcp_text(r, 0), "42");
	cJSON_Delete(r);
	r = mcp_srv_call(&srv, 2, "add", "{\"a\":\"2\",\"b\":40}");
	assert_true(mcp_is_error(r));
	cJSON_Delete(r);
	r = mcp_srv_call(&srv, 3, "run_sh", "{\"code\":\"add a=1 b=2\"}");
	assert_string_equal(mcp_text(r, 0), "3\n");
	cJSON_Delete(r);
}

static const char *description(const char *tool)
{
	static char text[8192];
	cJSON *r, *t;

	mcp_srv_send(&srv, "{\"jsonrpc\":\"2.0\",\"id\":\"l\",\"method\":"
	                   "\"tools/list\"}");
	r = mcp_srv_response(&srv, 5000);
	text[0] = '\0';
	cJSON_ArrayForEach(
	    t, cJSON_GetObjectItem(cJSON_GetObjectItem(r, "result"), "tools"))
	{
		if (strcmp(cJSON_GetObjectItem(t, "name")->valuestring, tool) ==
		    0)
			snprintf(
			    text, sizeof(text), "%s",
			    cJSON_GetObjectItem(t, "description")->valuestring);
	}
	cJSON_Delete(r);
	return text;
}

/* What the descriptions say comes from the policy in use. */
static void test_descriptions(void **state)
{
	const char *d;

	(void)state;
	mcp_srv_start(&srv, "--runtime", "sh", (char *)NULL);
	mcp_srv_init(&srv, "2025-11-25");
	d = description("run_sh");
	assert_non_null(strstr(d, "backend bwrap"));
	assert_non_null(strstr(d, "No network"));
	assert_non_null(strstr(d, "wall clock per call 30 s"));
	assert_non_null(strstr(d, "memory (address space) 1 GiB"));
	/* the run-wide cap, exactly where a run gets it */
	if (securer_memory_cap_probe(NULL, 0))
		assert_non_null(
		    strstr(d, "memory of all its processes together 1 GiB"));
	else
		assert_null(strstr(d, "processes together"));
	assert_null(strstr(d, "functions, which run on the host"));
	assert_int_equal(mcp_srv_close(&srv, 10000), 0);
	mcp_srv_free(&srv);

	mcp_srv_start(&srv, "--runtime", "sh", "--net", "loopback", "--timeout",
	              "7", "--ro-bind", "/usr/share:/data", "--env",
	              "SECRET_NAME=hidden-value", (char *)NULL);
	mcp_srv_init(&srv, "2025-11-25");
	d = description("run_sh");
	assert_non_null(strstr(d, "private loopback"));
	assert_non_null(strstr(d, "wall clock per call 7 s"));
	assert_non_null(strstr(d, "/data, read-only"));
	assert_non_null(strstr(d, "SECRET_NAME"));
	assert_null(strstr(d, "hidden-value")); /* names, never values */
	assert_int_equal(mcp_srv_close(&srv, 10000), 0);
	mcp_srv_free(&srv);

	mcp_srv_start(&srv, "--runtime", "sh", "--backend", "none",
	              (char *)NULL);
	mcp_srv_init(&srv, "2025-11-25");
	d = description("run_sh");
	assert_non_null(strstr(d, "NOT SANDBOXED"));
}

/* Fail closed before serving: a backend that cannot run, a runtime that
 * is not there, a manifest tool named like one of the server's. */
static void test_refuses_to_start(void **state)
{
	char *dir = test_mkdtemp(), manifest[4200], bin[4096];
	FILE *f;
	int ws;
	pid_t pid;

	(void)state;
	snprintf(manifest, sizeof(manifest), "%s/tools.json", dir);
	f = fopen(manifest, "w");
	fputs("{\"tools\":[{\"name\":\"list_files\",\"description\":\"x\","
	      "\"args\":{},\"command\":[\"true\"]}]}",
	      f);
	fclose(f);
	test_build_path("bin/securer", bin, sizeof(bin));
	pid = fork();
	if (pid == 0) {
		int null = open("/dev/null", O_RDWR);

		dup2(null, 0);
		dup2(null, 1);
		dup2(null, 2);
		execl(bin, bin, "mcp", "--tools", manifest, (char *)NULL);
		_exit(121);
	}
	waitpid(pid, &ws, 0);
	assert_int_equal(WEXITSTATUS(ws), 125);
	pid = fork();
	if (pid == 0) {
		int null = open("/dev/null", O_RDWR);

		dup2(null, 0);
		dup2(null, 1);
		dup2(null, 2);
		/* An environment where bwrap is not found. */
		static char path[] = "PATH=/nonexistent",
		            bwrap[] = "SECURER_BWRAP=/nonexistent/bwrap";

		execle(bin, bin, "mcp", "--backend", "bwrap", (char *)NULL,
		       (char *const[]){path, bwrap, NULL});
		_exit(121);
	}
	waitpid(pid, &ws, 0);
	assert_int_equal(WEXITSTATUS(ws), 125);
	test_rmtree(dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_teardown(test_ping_while_running, teardown),
	    cmocka_unit_test_teardown(test_progress, teardown),
	    cmocka_unit_test_teardown(test_cancel, teardown),
	    cmocka_unit_test_teardown(test_eof_drains, teardown),
	    cmocka_unit_test_teardown(test_sigterm, teardown),
	    cmocka_unit_test_teardown(test_binary_output, teardown),
	    cmocka_unit_test_teardown(test_host_tools, teardown),
	    cmocka_unit_test_teardown(test_descriptions, teardown),
	    cmocka_unit_test(test_refuses_to_start),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
