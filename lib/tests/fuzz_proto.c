/*
 * fuzz_proto.c - libFuzzer target for what the host reads from a hostile
 * child: the input is the byte stream the child writes on fd 4.  It goes
 * through the line reader over a real pipe (in chunks, under a few message
 * limits), every complete line through the message parser, and every
 * tool_call through the registry's checks and, when they pass, a callback.
 *
 * Built by `make fuzz` (clang, -fsanitize=fuzzer,address,undefined), run
 * by ci/fuzz.sh for a bounded time; never part of `make check`.  Seeds:
 * lib/tests/fuzz_corpus/, one protocol conversation per file.
 *
 * Besides the sanitizers, the oracles are the reader's promises: a line is
 * never longer than the limit and holds no newline, the buffer never grows
 * past the limit and one read, and a call that passed the checks carries
 * exactly the tool's arguments.
 */
#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "proto.h"
#include "tools.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond)                                                            \
	do {                                                                   \
		if (!(cond))                                                   \
			__builtin_trap();                                      \
	} while (0)

/* Echoes its arguments: the value is their JSON, which must parse. */
static int echo_fn(void *userdata, const char *args_json, char **result_json,
                   char **error)
{
	(void)userdata;
	(void)error;
	*result_json = strdup(args_json);
	return 0;
}

static int fail_fn(void *userdata, const char *args_json, char **result_json,
                   char **error)
{
	(void)userdata;
	(void)args_json;
	(void)result_json;
	*error = strdup("failed");
	return -1;
}

static securer_tools *registry(void)
{
	static const securer_tool_arg ab[] = {{"a", SECURER_TYPE_NUMBER, NULL},
	                                      {"b", SECURER_TYPE_NUMBER, NULL}};
	static const securer_tool_arg typed[] = {
	    {"s", SECURER_TYPE_STRING, NULL},
	    {"n", SECURER_TYPE_NUMBER, NULL},
	    {"i", SECURER_TYPE_INTEGER, NULL},
	    {"b", SECURER_TYPE_BOOLEAN, NULL},
	    {"o", SECURER_TYPE_OBJECT, NULL},
	    {"a", SECURER_TYPE_ARRAY, NULL},
	};
	static securer_tools *t;

	if (t)
		return t;
	t = securer_tools_new();
	CHECK(t);
	CHECK(securer_tools_add(t, "add", "", ab, 2, echo_fn, NULL) == 0);
	CHECK(securer_tools_add(t, "typed", "", typed, 6, echo_fn, NULL) == 0);
	CHECK(securer_tools_add(t, "boom", "", NULL, 0, fail_fn, NULL) == 0);
	return t;
}

/* What the session does with a tool_call. */
static void tool_call(const cJSON *msg)
{
	const char *name = securer__proto_str(msg, "tool");
	const cJSON *args = cJSON_GetObjectItemCaseSensitive(msg, "args");
	const struct securer__tool *tool = NULL;
	cJSON *value = NULL;
	char why[600], *error = NULL;
	int64_t id;

	if (securer__proto_int(msg, "id", &id) == 0)
		CHECK(id >= 0 && id < (INT64_C(1) << 53));
	if (!name)
		return;
	if (securer__tools_check(registry(), name, args, &tool, why,
	                         sizeof(why)) < 0) {
		CHECK(!tool && why[0]);
		return;
	}
	CHECK(tool && cJSON_GetArraySize(args) == (int)tool->n_args);
	if (securer__tools_invoke(tool, args, &value, &error) == 0) {
		CHECK(value && !error);
		cJSON_Delete(value);
	} else {
		CHECK(!value && error);
		free(error);
	}
}

static void message(const char *line, size_t len)
{
	char err[SECURER__ERR_SIZE];
	const char *type = NULL;
	cJSON *msg = NULL;
	char *text;

	if (securer__proto_parse(line, len, &msg, &type, err) < 0) {
		CHECK(!msg && err[0]);
		return;
	}
	CHECK(msg && type);
	CHECK(securer__utf8_valid(line, len));
	if (strcmp(type, "tool_call") == 0)
		tool_call(msg);
	/* The host re-encodes what it keeps (values, audit fields). */
	text = cJSON_PrintUnformatted(msg);
	free(text);
	cJSON_Delete(msg);
}

/* Takes every complete line; after a refused one, starts afresh as the
 * session does with a new child. */
static void drain(struct securer__lines *l)
{
	char *line;
	size_t len;
	int rc;

	while ((rc = securer__lines_next(l, &line, &len)) == 1) {
		CHECK(len <= l->max);
		CHECK(!memchr(line, '\n', len) && line[len] == '\0');
		message(line, len);
	}
	if (rc == -EMSGSIZE)
		securer__lines_reset(l);
	CHECK(l->cap <= l->max + 65536 + 1);
}

static void feed(const uint8_t *data, size_t size, size_t max, size_t chunk)
{
	struct securer__lines l;
	size_t off = 0;
	int p[2], rc;

	if (pipe2(p, O_CLOEXEC | O_NONBLOCK) < 0)
		abort();
	securer__lines_init(&l, max);
	while (off < size) {
		size_t n = size - off < chunk ? size - off : chunk;
		ssize_t w = write(p[1], data + off, n);

		CHECK(w > 0);
		off += (size_t)w;
		while ((rc = securer__lines_fill(&l, p[0])) == 1)
			drain(&l);
		if (rc == -EMSGSIZE)
			securer__lines_reset(&l);
		drain(&l);
	}
	close(p[1]);
	while ((rc = securer__lines_fill(&l, p[0])) != 0) {
		CHECK(rc == 1 || rc == -EMSGSIZE);
		if (rc == -EMSGSIZE)
			securer__lines_reset(&l);
		drain(&l);
	}
	drain(&l);
	securer__lines_release(&l);
	close(p[0]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* A tight limit read byte by byte, a small one in odd chunks, and
	 * the default limit in large reads. */
	feed(data, size, 16, 1);
	feed(data, size, 200, 7);
	feed(data, size, 1 << 20, 4096);
	return 0;
}
