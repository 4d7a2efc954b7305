/*
 * test_mcp_unit.c - the pieces of `securer mcp` that take input apart,
 * without a server: lines in bounded memory (split anywhere, too long,
 * \r\n, a last line without newline), the id of a line too long to keep,
 * strict UTF-8 and its repair, base64 both ways, image types.
 */
#include <cjson/cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mcp.h"
#include "common.h"

struct seen {
	int lines, oversized;
	char last[256];
	size_t last_len, over_len;
	enum mcp_scan_id id_kind;
	char id[128];
};

static void on_line(void *ud, char *line, size_t len)
{
	struct seen *s = ud;

	assert_int_equal(line[len], '\0');
	s->lines++;
	s->last_len = len;
	snprintf(s->last, sizeof(s->last), "%s", line);
}

static void on_oversized(void *ud, struct mcp_idscan *scan, size_t len)
{
	struct seen *s = ud;

	s->oversized++;
	s->over_len = len;
	s->id_kind = mcp_idscan_result(scan);
	snprintf(s->id, sizeof(s->id), "%s",
	         s->id_kind == MCP_ID_FOUND ? scan->raw : "");
}

static void feed_split(struct mcp_lines *l, const char *text, size_t step,
                       struct seen *s)
{
	const struct mcp_line_cb cb = {on_line, on_oversized, s};
	size_t n = strlen(text);

	for (size_t i = 0; i < n; i += step)
		mcp_lines_feed(l, text + i, n - i < step ? n - i : step, &cb);
}

static void test_lines(void **state)
{
	struct mcp_lines l;

	(void)state;
	for (size_t step = 1; step <= 7; step++) {
		struct seen s = {0};

		mcp_lines_init(&l, 16);
		feed_split(&l, "abc\r\n\ndef\n0123456789abcdef\n", step, &s);
		assert_int_equal(s.lines, 4); /* the empty one counts here */
		assert_string_equal(s.last, "0123456789abcdef"); /* 16: fits */
		feed_split(&l, "0123456789abcdefg\nok\n", step, &s);
		assert_int_equal(s.oversized, 1);
		assert_int_equal(s.over_len, 17);
		assert_int_equal(s.lines, 5);
		assert_string_equal(s.last, "ok");
		feed_split(&l, "tail", step, &s);
		assert_int_equal(s.lines, 5);
		mcp_lines_finish(
		    &l, &(struct mcp_line_cb){on_line, on_oversized, &s});
		assert_int_equal(s.lines, 6);
		assert_string_equal(s.last, "tail");
		/* The buffer never grew past the limit and a NUL. */
		assert_true(l.cap <= 17);
		mcp_lines_release(&l);
	}
}

static const struct {
	const char *text;
	enum mcp_scan_id kind;
	const char *id;
} ids[] = {
    {"{\"jsonrpc\":\"2.0\",\"id\":77,\"method\":\"x\",\"params\":{}}",
     MCP_ID_FOUND, "77"},
    {"{\"params\":{\"id\":1,\"s\":\"\\\"id\\\":2\"},\"id\" : \"a,b}\" }",
     MCP_ID_FOUND, "\"a,b}\""},
    {"{\"x\":[{\"id\":3}],\"id\":-4}", MCP_ID_FOUND, "-4"},
    {"{\"id\":{\"a\":[1,2]},\"x\":1}", MCP_ID_FOUND, "{\"a\":[1,2]}"},
    {"{\"method\":\"n\",\"params\":{\"id\":5}}", MCP_ID_ABSENT, ""},
    {"{\"idx\":5,\"i\":6}", MCP_ID_ABSENT, ""},
    {"{\"\\u0069d\":7}", MCP_ID_ABSENT, ""}, /* escaped: not recognized */
    {"[{\"id\":8}]", MCP_ID_UNKNOWN, ""},
    {"{\"id\":9", MCP_ID_UNKNOWN, ""},
    {"{\"method\":\"x\"", MCP_ID_UNKNOWN, ""},
    {"garbage", MCP_ID_UNKNOWN, ""},
};

static void test_idscan(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
		for (size_t step = 1; step <= 5; step += 4) {
			struct mcp_lines l;
			struct seen s = {0};
			char *text;

			/* Made too long by padding inside a string. */
			assert_true(asprintf(&text, "%s\n", ids[i].text) > 0);
			mcp_lines_init(&l, 4);
			feed_split(&l, text, step, &s);
			assert_int_equal(s.oversized, 1);
			if (s.id_kind != ids[i].kind || strcmp(s.id, ids[i].id))
				fail_msg("%s: kind %d id '%s'", ids[i].text,
				         s.id_kind, s.id);
			mcp_lines_release(&l);
			free(text);
		}
	}
}

static void test_utf8(void **state)
{
	static const struct {
		const char *s;
		size_t n;
		bool valid;
		const char *repaired;
	} cases[] = {
	    {"plain", 5, true, "plain"},
	    {"caf\xc3\xa9", 5, true, "caf\xc3\xa9"},
	    {"\xf0\x9f\x98\x80", 4, true, "\xf0\x9f\x98\x80"},
	    {"a\0b", 3, false,
	     "a\xef\xbf\xbd"
	     "b"},
	    {"\xc0\xaf", 2, false, "\xef\xbf\xbd\xef\xbf\xbd"},
	    {"\xed\xa0\x80", 3, false, "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"},
	    {"\xf4\x90\x80\x80", 4, false,
	     "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"},
	    {"\xe2\x82", 2, false, "\xef\xbf\xbd\xef\xbf\xbd"},
	    {"\xff", 1, false, "\xef\xbf\xbd"},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *r = mcp_utf8_repair(cases[i].s, cases[i].n);

		assert_int_equal(mcp_utf8_valid(cases[i].s, cases[i].n),
		                 cases[i].valid);
		assert_string_equal(r, cases[i].repaired);
		assert_true(mcp_utf8_valid(r, strlen(r)));
		free(r);
	}
}

static void test_base64(void **state)
{
	static const struct {
		const char *in;
		int rc;
		const char *out;
	} cases[] = {
	    {"", 0, ""},
	    {"Zg==", 0, "f"},
	    {"Zg", 0, "f"},
	    {"Zm8=", 0, "fo"},
	    {"Zm8", 0, "fo"},
	    {"Zm9v", 0, "foo"},
	    {"Zm9vYg==", 0, "foob"},
	    {"Z", -EINVAL, NULL},
	    {"Zg=", -EINVAL, NULL},
	    {"Zh==", -EINVAL, NULL}, /* non-zero bits left over */
	    {"Zm9v\n", -EINVAL, NULL},
	    {"Zm 9v", -EINVAL, NULL},
	    {"=Zm9", -EINVAL, NULL},
	    {"Zm9v====", -EINVAL, NULL},
	    {"Zm9vYmFy", -EFBIG, NULL}, /* 6 bytes, the limit is 5 */
	};
	unsigned char all[256];
	char *enc;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		unsigned char *out = NULL;
		size_t len = 0;
		int rc = mcp_base64_decode(cases[i].in, 5, &out, &len);

		if (rc != cases[i].rc)
			fail_msg("'%s': %d", cases[i].in, rc);
		if (rc == 0) {
			assert_int_equal(len, strlen(cases[i].out));
			assert_memory_equal(out, cases[i].out, len);
		}
		free(out);
	}
	for (int i = 0; i < 256; i++)
		all[i] = (unsigned char)i;
	for (size_t n = 0; n <= 256; n += 37) {
		unsigned char *out;
		size_t len;

		enc = mcp_base64_encode(all, n);
		assert_int_equal(strlen(enc), (n + 2) / 3 * 4);
		assert_int_equal(mcp_base64_decode(enc, 256, &out, &len), 0);
		assert_int_equal(len, n);
		assert_memory_equal(out, all, n);
		free(out);
		free(enc);
	}
}

static void test_image_type(void **state)
{
	(void)state;
	assert_string_equal(
	    mcp_image_type((const unsigned char *)"\x89PNG\r\n\x1a\nxx", 10),
	    "image/png");
	assert_string_equal(mcp_image_type((const unsigned char *)"\xff\xd8\xff"
	                                                          "\xe0",
	                                   4),
	                    "image/jpeg");
	assert_string_equal(
	    mcp_image_type((const unsigned char *)"GIF89a..", 8), "image/gif");
	assert_string_equal(
	    mcp_image_type((const unsigned char *)"RIFF\0\0\0\0WEBPVP8 ", 16),
	    "image/webp");
	assert_null(
	    mcp_image_type((const unsigned char *)"RIFF\0\0\0\0WAVE", 12));
	assert_null(mcp_image_type((const unsigned char *)"\x89PNG", 4));
	assert_null(mcp_image_type((const unsigned char *)"<svg>", 5));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_lines),      cmocka_unit_test(test_idscan),
	    cmocka_unit_test(test_utf8),       cmocka_unit_test(test_base64),
	    cmocka_unit_test(test_image_type),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
