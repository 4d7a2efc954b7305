/*
 * test_mcp_stdio.c - what `securer mcp` does with whatever a client
 * writes: protocol versions, malformed JSON, wrong types, ids of every
 * JSON type, notifications (never answered), batches, unknown methods,
 * bad tool calls, a line far past the limit (answered to its id, in
 * bounded memory), too many calls at once.  After each, the server keeps
 * serving: a ping is the next thing answered.
 */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

static void start(const char *extra)
{
	mcp_srv_start(&srv, "--runtime", "sh", extra, (char *)NULL);
}

static void test_versions(void **state)
{
	(void)state;
	start(NULL);
	assert_string_equal(mcp_srv_init(&srv, "2025-11-25"), "2025-11-25");
	assert_string_equal(mcp_srv_init(&srv, "2025-06-18"), "2025-06-18");
	/* An older or unknown version gets the latest supported one. */
	assert_string_equal(mcp_srv_init(&srv, "2024-11-05"), "2025-11-25");
	assert_string_equal(mcp_srv_init(&srv, "1999-01-01"), "2025-11-25");
	mcp_srv_send(&srv, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":"
	                   "\"initialize\",\"params\":{}}");
	cJSON *r = mcp_srv_response(&srv, 5000);
	assert_int_equal(mcp_error_code(r), -32602);
	cJSON_Delete(r);
	mcp_srv_ping(&srv, 2);
}

/* A line, the error code it must get (0: no answer at all), and the id
 * the answer must carry (the JSON of the id; "none": the id could not be
 * read, and the error has none: MCP's schema makes it optional and has
 * no null). */
static const struct {
	const char *line;
	int code;
	const char *id;
} cases[] = {
    {"{", -32700, "none"},
    {"not json", -32700, "none"},
    {"{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"} trailing", -32700,
     "none"},
    {"{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"p\xff\"}", -32700, "none"},
    {"{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"p\xc0\xaf\"}", -32700,
     "none"}, /* overlong '/' */
    {"{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"\xed\xa0\x80\"}", -32700,
     "none"}, /* a surrogate */
    {"[]", -32600, "none"},
    {"[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}]", -32600, "none"},
    {"null", -32600, "none"},
    {"42", -32600, "none"},
    {"\"ping\"", -32600, "none"},
    {"{}", -32600, "none"},
    {"{\"jsonrpc\":\"2.0\",\"id\":3}", -32600, "3"},
    {"{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":5}", -32600, "4"},
    {"{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":null}", -32600, "5"},
    {"{\"jsonrpc\":\"1.0\",\"id\":6,\"method\":\"ping\"}", -32600, "6"},
    {"{\"id\":7,\"method\":\"ping\"}", -32600, "7"},
    {"{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"ping\",\"params\":[1]}",
     -32602, "8"},
    {"{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"ping\",\"params\":\"x\"}",
     -32602, "9"},
    {"{\"jsonrpc\":\"2.0\",\"id\":10,\"method\":\"no/such\"}", -32601, "10"},
    {"{\"jsonrpc\":\"2.0\",\"id\":11,\"method\":\"resources/list\"}", -32601,
     "11"},
    {"{\"jsonrpc\":\"2.0\",\"id\":12,\"method\":\"notifications/cancelled\","
     "\"params\":{\"requestId\":1}}",
     -32601, "12"},
    /* ids of every JSON type */
    {"{\"jsonrpc\":\"2.0\",\"id\":\"abc\",\"method\":\"no/such\"}", -32601,
     "\"abc\""},
    {"{\"jsonrpc\":\"2.0\",\"id\":\"\",\"method\":\"no/such\"}", -32601,
     "\"\""},
    {"{\"jsonrpc\":\"2.0\",\"id\":-7,\"method\":\"no/such\"}", -32601, "-7"},
    {"{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"no/such\"}", -32601, "0"},
    {"{\"jsonrpc\":\"2.0\",\"id\":9007199254740992,\"method\":\"no/such\"}",
     -32601, "9007199254740992"},
    {"{\"jsonrpc\":\"2.0\",\"id\":9007199254740994,\"method\":\"ping\"}",
     -32600, "none"},
    {"{\"jsonrpc\":\"2.0\",\"id\":1.5,\"method\":\"ping\"}", -32600, "none"},
    {"{\"jsonrpc\":\"2.0\",\"id\":1e999,\"method\":\"ping\"}", -32600, "none"},
    {"{\"jsonrpc\":\"2.0\",\"id\":true,\"method\":\"ping\"}", -32600, "none"},
    {"{\"jsonrpc\":\"2.0\",\"id\":null,\"method\":\"ping\"}", -32600, "none"},
    {"{\"jsonrpc\":\"2.0\",\"id\":{},\"method\":\"ping\"}", -32600, "none"},
    {"{\"jsonrpc\":\"2.0\",\"id\":[1],\"method\":\"ping\"}", -32600, "none"},
    {"{\"jsonrpc\":\"2.0\",\"id\":\"caf\xc3\xa9 \\u00e9\",\"method\":"
     "\"no/such\"}",
     -32601, "\"caf\xc3\xa9 \xc3\xa9\""},
    /* notifications: never answered, whatever they hold */
    {"{\"jsonrpc\":\"2.0\",\"method\":\"no/such\"}", 0, NULL},
    {"{\"jsonrpc\":\"2.0\",\"method\":\"ping\"}", 0, NULL},
    {"{\"jsonrpc\":\"2.0\",\"method\":\"tools/call\",\"params\":{}}", 0, NULL},
    {"{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\","
     "\"params\":\"x\"}",
     0, NULL},
    {"{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\","
     "\"params\":{\"requestId\":{\"a\":1}}}",
     0, NULL},
    {"{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\","
     "\"params\":[1,2]}",
     0, NULL},
    /* a client's response: we sent no request, nothing to answer */
    {"{\"jsonrpc\":\"2.0\",\"id\":13,\"result\":{}}", 0, NULL},
    {"{\"jsonrpc\":\"2.0\",\"id\":14,\"error\":{\"code\":1}}", 0, NULL},
    /* blank lines are nothing */
    {"", 0, NULL},
    {"  \t", 0, NULL},
    /* tools/call that are not well formed */
    {"{\"jsonrpc\":\"2.0\",\"id\":20,\"method\":\"tools/call\"}", -32602, "20"},
    {"{\"jsonrpc\":\"2.0\",\"id\":21,\"method\":\"tools/call\",\"params\":"
     "{\"name\":5}}",
     -32602, "21"},
    {"{\"jsonrpc\":\"2.0\",\"id\":22,\"method\":\"tools/call\",\"params\":"
     "{\"name\":\"run_sh\",\"arguments\":[\"echo\"]}}",
     -32602, "22"},
    {"{\"jsonrpc\":\"2.0\",\"id\":23,\"method\":\"tools/call\",\"params\":"
     "{\"name\":\"no_such_tool\",\"arguments\":{}}}",
     -32602, "23"},
    {"{\"jsonrpc\":\"2.0\",\"id\":24,\"method\":\"tools/call\",\"params\":"
     "{\"name\":\"run_sh\",\"arguments\":{\"code\":\"true\"},\"_meta\":"
     "{\"progressToken\":{}}}}",
     -32602, "24"},
    {"{\"jsonrpc\":\"2.0\",\"id\":25,\"method\":\"tools/list\",\"params\":"
     "{\"cursor\":\"x\"}}",
     -32602, "25"},
};

/* An id as JSON text, integers in full (cJSON's printer rounds 2^53);
 * "none" when absent. */
static char *id_text(const cJSON *id)
{
	char *t = NULL;

	if (!id)
		t = strdup("none");
	else if (cJSON_IsNumber(id))
		assert_true(asprintf(&t, "%.0f", id->valuedouble) > 0);
	else
		t = cJSON_PrintUnformatted(id);
	return t;
}

static void test_malformed(void **state)
{
	char deep[4100];

	(void)state;
	start(NULL);
	mcp_srv_init(&srv, "2025-11-25");
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		cJSON *r;
		char *id;

		mcp_srv_send(&srv, cases[i].line);
		if (cases[i].code == 0) {
			/* Nothing answered it: the ping's answer is next. */
			mcp_srv_ping(&srv, 1000 + (int)i);
			continue;
		}
		r = mcp_srv_response(&srv, 5000);
		id = id_text(cJSON_GetObjectItemCaseSensitive(r, "id"));
		if (mcp_error_code(r) != cases[i].code ||
		    strcmp(id, cases[i].id) != 0)
			fail_msg("case %zu '%s': got code %d id %s", i,
			         cases[i].line, mcp_error_code(r), id);
		free(id);
		cJSON_Delete(r);
		mcp_srv_ping(&srv, 1000 + (int)i);
	}
	/* Nesting deeper than the parser goes, and a NUL byte. */
	memset(deep, '[', sizeof(deep) - 1);
	deep[sizeof(deep) - 1] = '\0';
	mcp_srv_send(&srv, deep);
	cJSON *r = mcp_srv_response(&srv, 5000);
	assert_int_equal(mcp_error_code(r), -32700);
	cJSON_Delete(r);
	{
		static const char nul[] =
		    "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}\0x\n";

		mcp_srv_write(&srv, nul, sizeof(nul) - 1);
	}
	r = mcp_srv_response(&srv, 5000);
	assert_int_equal(mcp_error_code(r), -32700);
	cJSON_Delete(r);
	mcp_srv_ping(&srv, 2);
	/* A line split over many writes, ended with \r\n. */
	mcp_srv_write(&srv, "{\"jsonrpc\":", 11);
	usleep(20000);
	mcp_srv_write(&srv, "\"2.0\",\"id\":3,\"method\":\"ping\"}\r\n", 32);
	r = mcp_srv_response(&srv, 5000);
	assert_int_equal(cJSON_GetObjectItem(r, "id")->valueint, 3);
	cJSON_Delete(r);
	assert_int_equal(mcp_srv_close(&srv, 10000), 0);
}

/* Arguments that fail the schema: -32602 in 2025-06-18, a result with
 * isError (the model reads it) from 2025-11-25 on (SEP-1303). */
static void test_bad_arguments(void **state)
{
	static const char *const bad[] = {
	    "{\"code\":5}",
	    "{}",
	    "{\"code\":\"true\",\"extra\":1}",
	    "{\"code\":\"true\",\"timeout_seconds\":0}",
	    "{\"code\":\"true\",\"timeout_seconds\":-1}",
	    "{\"code\":\"true\",\"timeout_seconds\":100000}",
	    "{\"code\":\"true\",\"timeout_seconds\":\"5\"}",
	    "{\"code\":\"true\",\"code\":\"false\"}",
	};
	cJSON *r;

	(void)state;
	start(NULL);
	mcp_srv_init(&srv, "2025-06-18");
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		r = mcp_srv_call(&srv, (int)i, "run_sh", bad[i]);
		if (mcp_error_code(r) != -32602)
			fail_msg("2025-06-18, %s: code %d", bad[i],
			         mcp_error_code(r));
		cJSON_Delete(r);
	}
	mcp_srv_init(&srv, "2025-11-25");
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		r = mcp_srv_call(&srv, (int)i, "run_sh", bad[i]);
		if (!mcp_is_error(r) ||
		    !strstr(mcp_text(r, 0), "invalid arguments for run_sh"))
			fail_msg("2025-11-25, %s: %s", bad[i], mcp_text(r, 0));
		cJSON_Delete(r);
	}
	/* Nothing of them ran: the session has not even started. */
	r = mcp_srv_call(&srv, 100, "run_sh",
	                 "{\"code\":\"echo ${ran:-none}; ran=yes\"}");
	assert_string_equal(mcp_text(r, 0), "none\n");
	cJSON_Delete(r);
}

/* A line far past the limit is read and dropped as it comes, in bounded
 * memory, and answered to its id (found on the way, even at its end). */
static void test_oversized(void **state)
{
	static const char head[] =
	    "{\"jsonrpc\":\"2.0\",\"method\":\"tools/"
	    "call\",\"params\":{\"name\":"
	    "\"upload_file\",\"arguments\":{\"path\":\"big\",\"content\":\"";
	size_t chunk = 1 << 20, total = 64;
	char *fill = malloc(chunk);
	long before, after;
	cJSON *r;

	(void)state;
	start("--max-file=64K");
	mcp_srv_init(&srv, "2025-11-25");
	mcp_srv_ping(&srv, 1);
	before = mcp_srv_peak_kb(&srv);
	memset(fill, 'A', chunk);
	mcp_srv_write(&srv, head, strlen(head));
	for (size_t i = 0; i < total; i++)
		mcp_srv_write(&srv, fill, chunk);
	mcp_srv_send(&srv, "\"}},\"id\":77}");
	r = mcp_srv_response(&srv, 10000);
	assert_int_equal(mcp_error_code(r), -32600);
	assert_int_equal(cJSON_GetObjectItem(r, "id")->valueint, 77);
	assert_non_null(strstr(
	    cJSON_GetObjectItem(cJSON_GetObjectItem(r, "error"), "message")
	        ->valuestring,
	    "longer than"));
	cJSON_Delete(r);
	after = mcp_srv_peak_kb(&srv);
	/* 64 MiB went in; the line limit here is about 1.1 MiB. */
	if (after - before > 8 * 1024)
		fail_msg("peak memory grew by %ld kB for a 64 MiB line",
		         after - before);
	/* The same as a notification: dropped, unanswered. */
	mcp_srv_write(&srv, "{\"jsonrpc\":\"2.0\",\"method\":\"x\",\"p\":\"",
	              35);
	for (size_t i = 0; i < 4; i++)
		mcp_srv_write(&srv, fill, chunk);
	mcp_srv_send(&srv, "\"}");
	mcp_srv_ping(&srv, 2);
	/* A string id; and garbage with no id at all: answered to null. */
	mcp_srv_write(&srv, "{\"id\":\"big\",\"x\":\"", 17);
	for (size_t i = 0; i < 2; i++)
		mcp_srv_write(&srv, fill, chunk);
	mcp_srv_send(&srv, "\"}");
	r = mcp_srv_response(&srv, 10000);
	assert_string_equal(cJSON_GetObjectItem(r, "id")->valuestring, "big");
	cJSON_Delete(r);
	for (size_t i = 0; i < 2; i++)
		mcp_srv_write(&srv, fill, chunk);
	mcp_srv_send(&srv, "");
	r = mcp_srv_response(&srv, 10000);
	assert_null(cJSON_GetObjectItem(r, "id"));
	assert_int_equal(mcp_error_code(r), -32600);
	cJSON_Delete(r);
	mcp_srv_ping(&srv, 3);
	free(fill);
}

/* More calls than the server queues: the rest are refused at once (and
 * answered), the queued ones run, a duplicate id in flight is refused. */
static void test_busy(void **state)
{
	int busy = 0, done = 0;

	(void)state;
	start(NULL);
	mcp_srv_init(&srv, "2025-11-25");
	mcp_srv_send(&srv,
	             "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"tools/call\","
	             "\"params\":{\"name\":\"run_sh\",\"arguments\":"
	             "{\"code\":\"sleep 1\"}}}");
	mcp_srv_send(&srv,
	             "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"tools/call\","
	             "\"params\":{\"name\":\"run_sh\",\"arguments\":"
	             "{\"code\":\"echo twice\"}}}");
	for (int i = 1; i <= 80; i++)
		mcp_srv_sendf(&srv,
		              "{\"jsonrpc\":\"2.0\",\"id\":%d,\"method\":"
		              "\"tools/call\",\"params\":{\"name\":\"run_sh\","
		              "\"arguments\":{\"code\":\"true\"}}}",
		              i);
	for (int i = 0; i < 82; i++) {
		cJSON *r = mcp_srv_response(&srv, 30000);
		int id = cJSON_GetObjectItem(r, "id")->valueint;

		if (id == 0 && mcp_error_code(r) == -32600)
			busy += 1000; /* the duplicate, marked apart */
		else if (mcp_error_code(r) == -32000)
			busy++;
		else if (cJSON_GetObjectItem(r, "result"))
			done++;
		cJSON_Delete(r);
	}
	assert_int_equal(busy / 1000, 1);
	assert_true(busy % 1000 >= 80 - 63);
	assert_int_equal(done + busy % 1000, 81);
	mcp_srv_ping(&srv, 100);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_teardown(test_versions, teardown),
	    cmocka_unit_test_teardown(test_malformed, teardown),
	    cmocka_unit_test_teardown(test_bad_arguments, teardown),
	    cmocka_unit_test_teardown(test_oversized, teardown),
	    cmocka_unit_test_teardown(test_busy, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
