/*
 * test_proto_parse.c - what a line from the child must be to count as a
 * message (docs/protocol.md): valid UTF-8 (no overlong forms, surrogates,
 * code points past U+10FFFF or truncated sequences), a JSON object with a
 * string "type", and integer members in [0, 2^53).  Tables of cases, each
 * with the reason the host gives.
 */
#include <cjson/cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proto.h"
#include "support.h"

/* ---- UTF-8 -------------------------------------------------------------- */

static const struct {
	const char *bytes;
	size_t len;
	bool valid;
	const char *why;
} utf8_cases[] = {
    {"", 0, true, "empty"},
    {"plain ascii", 11, true, "ASCII"},
    {"\xc3\xa9", 2, true, "U+00E9, 2 bytes"},
    {"\xe2\x82\xac", 3, true, "U+20AC, 3 bytes"},
    {"\xf0\x9f\x98\x80", 4, true, "U+1F600, 4 bytes"},
    {"\xf4\x8f\xbf\xbf", 4, true, "U+10FFFF, the last code point"},
    {"\xed\x9f\xbf", 3, true, "U+D7FF, just below the surrogates"},
    {"\xee\x80\x80", 3, true, "U+E000, just above the surrogates"},
    {"\xdf\xbf", 2, true, "U+07FF, the last 2-byte form"},
    {"\xe0\xa0\x80", 3, true, "U+0800, the first 3-byte form"},
    {"\xf0\x90\x80\x80", 4, true, "U+10000, the first 4-byte form"},
    {"a\0b", 3, true, "NUL is a character"},
    {"\xc0\x80", 2, false, "overlong NUL"},
    {"\xc1\xbf", 2, false, "overlong U+007F"},
    {"\xe0\x80\x80", 3, false, "overlong 3-byte NUL"},
    {"\xe0\x9f\xbf", 3, false, "overlong 3-byte U+07FF"},
    {"\xf0\x80\x80\x80", 4, false, "overlong 4-byte NUL"},
    {"\xf0\x8f\xbf\xbf", 4, false, "overlong 4-byte U+FFFF"},
    {"\xed\xa0\x80", 3, false, "surrogate U+D800"},
    {"\xed\xbf\xbf", 3, false, "surrogate U+DFFF"},
    {"\xed\xa0\xbd\xed\xb8\x80", 6, false, "CESU-8 surrogate pair"},
    {"\xf4\x90\x80\x80", 4, false, "U+110000"},
    {"\xf5\x80\x80\x80", 4, false, "lead byte F5"},
    {"\xf8\x88\x80\x80\x80", 5, false, "5-byte form"},
    {"\xff", 1, false, "byte FF"},
    {"\xfe", 1, false, "byte FE"},
    {"\x80", 1, false, "lone continuation byte"},
    {"a\xbf", 2, false, "continuation byte after ASCII"},
    {"\xc3", 1, false, "truncated 2-byte"},
    {"\xe2\x82", 2, false, "truncated 3-byte"},
    {"\xf0\x9f\x98", 3, false, "truncated 4-byte"},
    {"\xc3"
     "A",
     2, false, "2-byte lead then ASCII"},
    {"\xe2\x82"
     "A",
     3, false, "3-byte sequence cut by ASCII"},
    {"\xc3\xa9", 1, false, "valid text cut by its length"},
};

static void test_utf8(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(utf8_cases) / sizeof(utf8_cases[0]); i++)
		if (securer__utf8_valid(utf8_cases[i].bytes,
		                        utf8_cases[i].len) !=
		    utf8_cases[i].valid)
			fail_msg("%s: expected %s", utf8_cases[i].why,
			         utf8_cases[i].valid ? "valid" : "invalid");
}

/* ---- parsing ------------------------------------------------------------ */

static const struct {
	const char *line;
	size_t len;         /* 0: strlen */
	const char *type;   /* NULL: -EPROTO expected */
	const char *reason; /* in the error */
} parse_cases[] = {
    {"{\"type\":\"ready\"}", 0, "ready", NULL},
    {"{\"type\":\"result\",\"id\":1,\"value\":[1,{\"a\":null}]}", 0, "result",
     NULL},
    {" {\"type\":\"hello\",\"later\":{\"x\":1}} ", 0, "hello", NULL},
    {"{\"type\":\"\\u00e9t\\u00e9\"}", 0, "\xc3\xa9t\xc3\xa9", NULL},
    {"{\"type\":\"\xc3\xa9t\xc3\xa9\"}", 0, "\xc3\xa9t\xc3\xa9", NULL},
    {"garbage", 0, NULL, "not JSON"},
    {"", 0, NULL, "not JSON"},
    {"{\"type\":\"ready\"", 0, NULL, "not JSON"},
    {"{'type':'ready'}", 0, NULL, "not JSON"},
    {"[{\"type\":\"ready\"}]", 0, NULL, "not a JSON object"},
    {"\"ready\"", 0, NULL, "not a JSON object"},
    {"42", 0, NULL, "not a JSON object"},
    {"null", 0, NULL, "not a JSON object"},
    {"{}", 0, NULL, "no string 'type'"},
    {"{\"Type\":\"ready\"}", 0, NULL, "no string 'type'"},
    {"{\"type\":1}", 0, NULL, "no string 'type'"},
    {"{\"type\":null}", 0, NULL, "no string 'type'"},
    {"{\"type\":[\"ready\"]}", 0, NULL, "no string 'type'"},
    {"{\"type\":\"\xff\"}", 0, NULL, "not valid UTF-8"},
    {"{\"type\":\"ready\",\"x\":\"\xed\xa0\x80\"}", 0, NULL, "not valid UTF-8"},
    {"{\"type\":\"ready\",\"x\":\"\xc0\xaf\"}", 0, NULL, "not valid UTF-8"},
};

static void test_parse(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(parse_cases) / sizeof(parse_cases[0]);
	     i++) {
		const char *line = parse_cases[i].line;
		size_t len =
		    parse_cases[i].len ? parse_cases[i].len : strlen(line);
		char err[SECURER__ERR_SIZE] = "";
		const char *type = NULL;
		cJSON *msg = (cJSON *)&err; /* must be reset */
		int rc = securer__proto_parse(line, len, &msg, &type, err);

		if (parse_cases[i].type) {
			if (rc != 0)
				fail_msg("'%s': refused: %s", line, err);
			assert_non_null(msg);
			assert_true(cJSON_IsObject(msg));
			assert_string_equal(type, parse_cases[i].type);
			cJSON_Delete(msg);
			continue;
		}
		if (rc != -EPROTO)
			fail_msg("'%s': accepted (rc %d)", line, rc);
		assert_null(msg);
		if (!strstr(err, parse_cases[i].reason))
			fail_msg("'%s': reason '%s' lacks '%s'", line, err,
			         parse_cases[i].reason);
	}
}

/* Bytes after the object make the line no JSON text (RFC 8259), so no
 * message: a child may not hide data behind a valid-looking prefix. */
static void test_parse_trailing_bytes(void **state)
{
	static const char *const lines[] = {
	    "{\"type\":\"ready\"} trailing",
	    "{\"type\":\"ready\"}}",
	    "{\"type\":\"result\",\"id\":1,\"value\":5}{\"type\":\"ready\"}",
	};
	char err[SECURER__ERR_SIZE];
	const char *type;
	cJSON *msg;

	(void)state;
	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		int rc = securer__proto_parse(lines[i], strlen(lines[i]), &msg,
		                              &type, err);

		cJSON_Delete(msg);
		if (rc != -EPROTO)
			fail_msg("accepted: %s", lines[i]);
	}
}

static const struct {
	const char *json;
	int rc;
	int64_t value;
} int_cases[] = {
    {"{\"id\":0}", 0, 0},
    {"{\"id\":5}", 0, 5},
    {"{\"id\":1e3}", 0, 1000},
    {"{\"id\":7.0}", 0, 7},
    {"{\"id\":9007199254740991}", 0, 9007199254740991LL},
    {"{\"id\":9007199254740992}", -EPROTO, 0}, /* 2^53 */
    {"{\"id\":1e300}", -EPROTO, 0},
    {"{\"id\":-1}", -EPROTO, 0},
    {"{\"id\":-9007199254740991}", -EPROTO, 0},
    {"{\"id\":1.5}", -EPROTO, 0},
    {"{\"id\":0.000001}", -EPROTO, 0},
    {"{\"id\":\"5\"}", -EPROTO, 0},
    {"{\"id\":true}", -EPROTO, 0},
    {"{\"id\":null}", -EPROTO, 0},
    {"{\"id\":[5]}", -EPROTO, 0},
    {"{\"ID\":5}", -EPROTO, 0},
    {"{}", -EPROTO, 0},
};

static void test_proto_int(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(int_cases) / sizeof(int_cases[0]); i++) {
		cJSON *msg = cJSON_Parse(int_cases[i].json);
		int64_t v = -42;
		int rc;

		assert_non_null(msg);
		rc = securer__proto_int(msg, "id", &v);
		if (rc != int_cases[i].rc)
			fail_msg("%s: rc %d, expected %d", int_cases[i].json,
			         rc, int_cases[i].rc);
		/* refused: the output is left alone */
		assert_int_equal(v, rc == 0 ? int_cases[i].value : -42);
		cJSON_Delete(msg);
	}
}

static void test_proto_str(void **state)
{
	cJSON *msg = cJSON_Parse("{\"tool\":\"add\",\"n\":1,\"z\":null}");

	(void)state;
	assert_non_null(msg);
	assert_string_equal(securer__proto_str(msg, "tool"), "add");
	assert_null(securer__proto_str(msg, "n"));
	assert_null(securer__proto_str(msg, "z"));
	assert_null(securer__proto_str(msg, "missing"));
	assert_null(securer__proto_str(msg, "Tool"));
	cJSON_Delete(msg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_utf8),
	    cmocka_unit_test(test_parse),
	    cmocka_unit_test(test_parse_trailing_bytes),
	    cmocka_unit_test(test_proto_int),
	    cmocka_unit_test(test_proto_str),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
