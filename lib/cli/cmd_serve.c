/*
 * cmd_serve.c - `securer serve`: one persistent session driven through
 * JSON lines, for agent frameworks in any language.
 *
 *   stdin:  {"code": "x <- add(2, 3)"}            one request per line
 *           {"code": "x * 2", "timeout_seconds": 5, "max_tool_calls": 10}
 *   stdout: {"value": 10, "repr": "[1] 10", "stdout": "", ..., "error": null}
 *
 * State persists across requests (until a failure restarts the runtime:
 * the result then says state_lost).  A request that is not a JSON object
 * with a string "code" gets {"error": {"kind": "request", ...}}.  The
 * session ends at end of input.
 */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "sandbox_opts.h"

enum { OPT_RUNTIME = 1, OPT_TOOLS, OPT_AUDIT, OPT_VERBOSE };

static const struct cli_opt serve_opts[] = {
    {"runtime", 'r', "sh|python|r", OPT_RUNTIME,
     "the language (default python)"},
    {"tools", 0, "MANIFEST", OPT_TOOLS,
     "tools the code may call (docs/tools.md)"},
    {"audit-log", 0, "FILE", OPT_AUDIT, "append a JSON-lines audit log"},
    {"verbose", 'v', NULL, OPT_VERBOSE, "log the session's steps on stderr"},
    CLI_SANDBOX_OPTIONS,
};

struct serve_ctx {
	struct cli_sandbox sb;
	securer_runtime runtime;
	const char *manifest;
	const char *audit;
	int verbose;
};

static int on_opt(void *vctx, int id, const char *v)
{
	struct serve_ctx *c = vctx;

	switch (id) {
	case OPT_RUNTIME:
		if (securer_runtime_from_name(v, &c->runtime) < 0) {
			cli_error("unknown runtime '%s' (sh, python, r)", v);
			return CLI_EXIT_CANNOT_RUN;
		}
		return 0;
	case OPT_TOOLS:
		c->manifest = v;
		return 0;
	case OPT_AUDIT:
		c->audit = v;
		return 0;
	case OPT_VERBOSE:
		c->verbose = 1;
		return 0;
	}
	return cli_sandbox_option(&c->sb, id, v);
}

static void log_line(void *userdata, const char *line)
{
	(void)userdata;
	fprintf(stderr, "securer: %s\n", line);
}

static void reply_error(const char *message)
{
	cJSON *o = cJSON_CreateObject(),
	      *e = cJSON_AddObjectToObject(o, "error");
	char *s;

	cJSON_AddStringToObject(e, "kind", "request");
	cJSON_AddStringToObject(e, "message", message);
	s = cJSON_PrintUnformatted(o);
	printf("%s\n", s ? s : "{}");
	free(s);
	cJSON_Delete(o);
}

/* Executes one request line and prints one result line. */
static void serve_one(securer_session *s, const char *line)
{
	cJSON *req = cJSON_Parse(line), *res;
	const cJSON *code = cJSON_GetObjectItemCaseSensitive(req, "code");
	const cJSON *t =
	    cJSON_GetObjectItemCaseSensitive(req, "timeout_seconds");
	const cJSON *m =
	    cJSON_GetObjectItemCaseSensitive(req, "max_tool_calls");
	securer_execute_opts eo;
	securer_result *r = NULL;
	char *text;

	if (!cJSON_IsObject(req) || !cJSON_IsString(code) ||
	    (t && !cJSON_IsNumber(t)) || (m && !cJSON_IsNumber(m))) {
		reply_error(
		    "a request is a JSON object with a string \"code\" "
		    "(and optional numbers timeout_seconds, max_tool_calls)");
		cJSON_Delete(req);
		return;
	}
	securer_execute_opts_init(&eo);
	eo.timeout_ms = t ? (int64_t)(t->valuedouble * 1000) : 0;
	eo.max_tool_calls = m ? (int64_t)m->valuedouble : 0;
	if (securer_session_execute(s, code->valuestring, &eo, &r) < 0) {
		reply_error(securer_session_error(s));
		cJSON_Delete(req);
		return;
	}
	/* Pretty JSON from the library, made one line. */
	text = securer_result_to_json(r);
	res = text ? cJSON_Parse(text) : NULL;
	free(text);
	text = res ? cJSON_PrintUnformatted(res) : NULL;
	printf("%s\n", text ? text : "{}");
	free(text);
	cJSON_Delete(res);
	securer_result_free(r);
	cJSON_Delete(req);
}

int cmd_serve(int argc, char **argv)
{
	struct serve_ctx c;
	securer_session_opts so;
	securer_policy *policy = NULL;
	securer_tools *tools = NULL;
	securer_session *s = NULL;
	char *line = NULL;
	size_t cap = 0;
	int first, rc;

	memset(&c, 0, sizeof(c));
	c.runtime = SECURER_RUNTIME_PYTHON;
	cli_sandbox_init(&c.sb);
	rc = cli_parse(argc, argv, serve_opts,
	               sizeof(serve_opts) / sizeof(serve_opts[0]), on_opt, &c,
	               "securer serve [OPTIONS] < requests.jsonl", &first);
	if (rc)
		return rc < 0 ? 0 : rc;
	rc = CLI_EXIT_CANNOT_RUN;
	if (first < argc) {
		cli_error("serve: unexpected argument '%s'", argv[first]);
		return CLI_EXIT_CANNOT_RUN;
	}
	if (!(policy = cli_sandbox_policy(&c.sb)) ||
	    !(tools = securer_tools_new()))
		goto out;
	if (c.manifest && securer_tools_load_manifest(tools, c.manifest) < 0) {
		cli_error("%s", securer_tools_error(tools));
		goto out;
	}
	securer_session_opts_init(&so);
	so.backend = c.sb.backend;
	so.audit_log = c.audit;
	so.log = c.verbose ? log_line : NULL;
	if (!(s = securer_session_new(policy, c.runtime, tools, &so)) ||
	    securer_session_start(s) < 0) {
		cli_error("%s", s ? securer_session_error(s) : "out of memory");
		goto out;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	while (getline(&line, &cap, stdin) > 0) {
		if (line[strspn(line, " \t\r\n")] == '\0')
			continue;
		serve_one(s, line);
	}
	rc = 0;
out:
	free(line);
	securer_session_free(s);
	securer_tools_free(tools);
	securer_policy_free(policy);
	return rc;
}
