/*
 * fuzz_mcp.c - libFuzzer target for the input side of `securer mcp`:
 * the bytes a client writes to its stdin.  They go through the line
 * framing (in chunks whose size the first byte picks, under a small line
 * limit so that oversized lines and their id scan are reached), then every
 * line through the dispatcher: parse, classify, initialize, ping,
 * tools/list, tools/call with its argument checks, cancellation.  Calls
 * that pass the checks reach a stub queue instead of a session.
 *
 * Built by `make fuzz` (clang, -fsanitize=fuzzer,address,undefined), run
 * by ci/fuzz.sh for a bounded time; never part of `make check`.  Seeds:
 * lib/cli/tests/fuzz_mcp_corpus/.
 *
 * Besides the sanitizers, the oracles are the server's promises: every
 * line it writes is valid UTF-8, one JSON object of JSON-RPC 2.0 with a
 * valid id (or none, on an error to an unreadable one); it never writes more
 * answers than it got lines; a call queued passed its tool's checks.
 */
#include <cjson/cJSON.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mcp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond)                                                            \
	do {                                                                   \
		if (!(cond))                                                   \
			__builtin_trap();                                      \
	} while (0)

static struct mcp_server srv;
static size_t lines_in, lines_out;

/* ---- what the workers would do ------------------------------------------ */

void mcp_job_free(struct mcp_job *job)
{
	if (!job)
		return;
	cJSON_Delete(job->id);
	cJSON_Delete(job->token);
	cJSON_Delete(job->args);
	free(job);
}

int mcp_submit(struct mcp_server *s, struct mcp_job *job)
{
	char why[512];

	(void)s;
	CHECK(job->tool && mcp_id_valid(job->id));
	CHECK(!job->token || mcp_id_valid(job->token));
	CHECK(mcp_tool_check(job->tool, job->args, why, sizeof(why)) == 0);
	mcp_job_free(job);
	return 0;
}

void mcp_cancel(struct mcp_server *s, const cJSON *id)
{
	(void)s;
	CHECK(mcp_id_valid(id));
}

/* ---- the output's oracle
 * ----------------------------------------------------- */

static int sink(void *ud, const char *line, size_t len)
{
	char *copy;
	cJSON *m;
	const cJSON *id, *v;

	(void)ud;
	CHECK(len > 0 && line[len - 1] == '\n');
	CHECK(memchr(line, '\n', len - 1) == NULL);
	CHECK(mcp_utf8_valid(line, len - 1));
	copy = malloc(len);
	memcpy(copy, line, len - 1);
	copy[len - 1] = '\0';
	m = cJSON_Parse(copy);
	free(copy);
	CHECK(cJSON_IsObject(m));
	v = cJSON_GetObjectItemCaseSensitive(m, "jsonrpc");
	CHECK(cJSON_IsString(v) && strcmp(v->valuestring, "2.0") == 0);
	id = cJSON_GetObjectItemCaseSensitive(m, "id");
	/* Never a null id: a valid one, or none on an error (MCP's schema). */
	CHECK(!id || mcp_id_valid(id));
	CHECK(!cJSON_GetObjectItemCaseSensitive(m, "result") !=
	      !cJSON_GetObjectItemCaseSensitive(m, "error"));
	CHECK(id || cJSON_GetObjectItemCaseSensitive(m, "error"));
	cJSON_Delete(m);
	lines_out++;
	return 0;
}

/* ---- a server without workers ------------------------------------------- */

static int tool_fn(void *userdata, const char *args_json, char **result_json,
                   char **error)
{
	(void)userdata;
	(void)args_json;
	(void)error;
	*result_json = strdup("null");
	return 0;
}

static void setup(void)
{
	static const securer_tool_arg ab[] = {{"a", SECURER_TYPE_NUMBER, NULL},
	                                      {"b", SECURER_TYPE_NUMBER, NULL}};
	static const securer_tool_arg typed[] = {
	    {"s", SECURER_TYPE_STRING, NULL},
	    {"i", SECURER_TYPE_INTEGER, NULL},
	    {"b", SECURER_TYPE_BOOLEAN, NULL},
	    {"o", SECURER_TYPE_OBJECT, NULL},
	    {"a", SECURER_TYPE_ARRAY, NULL},
	};
	struct mcp_config *cfg = &srv.cfg;

	pthread_mutex_init(&srv.mu, NULL);
	pthread_mutex_init(&srv.out_mu, NULL);
	srv.sink = sink;
	CHECK(cfg->policy = securer_policy_new());
	CHECK(cfg->tools = securer_tools_new());
	CHECK(securer_tools_add(cfg->tools, "add", "", ab, 2, tool_fn, NULL) ==
	      0);
	CHECK(securer_tools_add(cfg->tools, "typed", "", typed, 5, tool_fn,
	                        NULL) == 0);
	cfg->backend = SECURER_BACKEND_BWRAP;
	cfg->sandboxed = true;
	for (int rt = 0; rt < SECURER_RUNTIME_COUNT_; rt++)
		cfg->runtimes[rt] = true;
	cfg->max_timeout_ms = 600000;
	cfg->max_output = 1024;
	cfg->max_file = 1024;
	cfg->max_line = 2048;
	cfg->workspace = strdup("/ws");
	cfg->workspace_fd = -1;
	CHECK(mcp_tools_build(&srv) == 0);
}

static void on_line(void *ud, char *line, size_t len)
{
	(void)ud;
	lines_in++;
	mcp_handle_line(&srv, line, len);
}

static void on_oversized(void *ud, struct mcp_idscan *scan, size_t len)
{
	(void)ud;
	lines_in++;
	CHECK(len > srv.cfg.max_line);
	CHECK(scan->raw_len < sizeof(scan->raw));
	mcp_handle_oversized(&srv, scan, len);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static bool ready;
	const struct mcp_line_cb cb = {on_line, on_oversized, NULL};
	struct mcp_lines lines;
	size_t step;

	if (!ready) {
		setup();
		ready = true;
	}
	if (size == 0)
		return 0;
	step = (size_t)(data[0] % 64) + 1;
	data++;
	size--;
	srv.version[0] = '\0';
	lines_in = lines_out = 0;
	mcp_lines_init(&lines, srv.cfg.max_line);
	for (size_t i = 0; i < size; i += step)
		mcp_lines_feed(&lines, (const char *)data + i,
		               size - i < step ? size - i : step, &cb);
	mcp_lines_finish(&lines, &cb);
	CHECK(lines.cap <= srv.cfg.max_line + 1 || lines.cap <= 65536);
	mcp_lines_release(&lines);
	CHECK(lines_out <= lines_in);
	return 0;
}
