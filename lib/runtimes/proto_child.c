/*
 * proto_child.c - the protocol benchmark's child (proto_child.h).
 */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "proto_child.h"
#include "sh_io.h"

/* The next message, its type checked; 1, or 0 at end of input, or -1. */
static int next(struct sh_reader *in, const char *type, struct json_span *msg)
{
	struct json_field f[] = {{"type", JSON_STRING, 0, {0, 0}}};
	char *line;
	size_t n;
	int rc = sh_reader_line(in, &line, &n);

	if (rc <= 0)
		return rc < 0 ? -1 : 0;
	if (json_parse(line, n, msg) < 0 ||
	    json_object_fields(*msg, f, 1) < 0 || !f[0].found ||
	    !json_string_is(f[0].val, type)) {
		fprintf(stderr, "proto child: expected %s: %.80s\n", type,
		        line);
		return -1;
	}
	return 1;
}

/* One execute: |code| is the number of calls. */
static int serve(struct sh_reader *in, struct json_buf *b, struct json_span msg)
{
	struct json_field f[] = {{"id", JSON_NUMBER, 0, {0, 0}},
	                         {"code", JSON_STRING, 0, {0, 0}}};
	struct json_span reply;
	uint64_t id, calls = 0;
	char code[32];
	size_t len;

	if (json_object_fields(msg, f, 2) < 0 || !f[0].found || !f[1].found ||
	    json_uint53(f[0].val, &id) < 0)
		return -1;
	len = json_string_decode(f[1].val, code, sizeof(code) - 1);
	code[len < sizeof(code) ? len : sizeof(code) - 1] = '\0';
	calls = strtoull(code, NULL, 10);
	for (uint64_t i = 1; i <= calls; i++) {
		json_buf_reset(b);
		json_buf_addf(b,
		              "{\"type\":\"tool_call\",\"id\":%llu,"
		              "\"tool\":\"noop\",\"args\":{}}",
		              (unsigned long long)i);
		if (sh_send(b) < 0 || next(in, "tool_result", &reply) != 1)
			return -1;
	}
	json_buf_reset(b);
	json_buf_addf(b, "{\"type\":\"result\",\"id\":%llu,\"value\":null}",
	              (unsigned long long)id);
	return sh_send(b);
}

int proto_child_main(void)
{
	struct sh_reader in;
	struct json_buf b;
	struct json_span msg;
	int rc;

	signal(SIGPIPE, SIG_IGN);
	sh_reader_init(&in, SECURER__FD_FROM_HOST, SH_MSG_MAX);
	json_buf_init(&b, 4096);
	json_buf_addf(&b,
	              "{\"type\":\"hello\",\"protocol\":1,\"runtime\":"
	              "\"proto\",\"version\":\"1\",\"pid\":%d}",
	              (int)getpid());
	rc = sh_send(&b) < 0 || next(&in, "init", &msg) != 1;
	if (!rc) {
		json_buf_reset(&b);
		json_buf_adds(&b, "{\"type\":\"ready\"}");
		rc = sh_send(&b) < 0;
	}
	while (!rc && (rc = next(&in, "execute", &msg)) == 1)
		rc = serve(&in, &b, msg) < 0;
	json_buf_release(&b);
	sh_reader_release(&in);
	return rc < 0 ? 1 : 0;
}
