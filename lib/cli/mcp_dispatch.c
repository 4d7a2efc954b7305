/*
 * mcp_dispatch.c - what the reader does with each line: parse, classify,
 * answer at once (initialize, ping, tools/list, every error), or hand a
 * tools/call to a worker.  Nothing here waits for code to run, so the
 * server answers a ping while an execute is in flight.
 *
 * Notifications are never answered, even when unknown or malformed; a
 * line that is not a message at all (not JSON, not an object, a batch)
 * gets an error without an id (JSON-RPC 2.0 says null; MCP's schema makes
 * the id of an error optional and has no null: see mcp_send_error).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mcp.h"

/* Newest first: an initialize asking for another gets the first. */
const char *const mcp_versions[] = {"2025-11-25", "2025-06-18", NULL};

struct call {
	struct mcp_server *srv;
	struct mcp_msg *m;
	size_t len; /* of the request line */
};

static cJSON *param(const struct call *c, const char *name)
{
	return cJSON_GetObjectItemCaseSensitive(c->m->params, name);
}

static void on_initialize(struct call *c)
{
	const cJSON *asked = param(c, "protocolVersion"),
	            *client = param(c, "clientInfo");
	const char *version = mcp_versions[0];
	cJSON *r, *caps, *info;

	if (!cJSON_IsString(asked)) {
		mcp_send_error(c->srv, c->m->id, MCP_INVALID_PARAMS,
		               "initialize: params.protocolVersion must be a "
		               "string");
		return;
	}
	for (size_t i = 0; mcp_versions[i]; i++)
		if (strcmp(asked->valuestring, mcp_versions[i]) == 0)
			version = mcp_versions[i];
	snprintf(c->srv->version, sizeof(c->srv->version), "%s", version);
	if (c->srv->cfg.verbose) {
		const cJSON *name =
		    cJSON_GetObjectItemCaseSensitive(client, "name");

		mcp_log("client %.64s asked for protocol %.32s; using %s",
		        cJSON_IsString(name) ? name->valuestring : "(unnamed)",
		        asked->valuestring, version);
	}
	r = cJSON_CreateObject();
	cJSON_AddStringToObject(r, "protocolVersion", version);
	caps = cJSON_AddObjectToObject(r, "capabilities");
	cJSON_AddBoolToObject(cJSON_AddObjectToObject(caps, "tools"),
	                      "listChanged", false);
	info = cJSON_AddObjectToObject(r, "serverInfo");
	cJSON_AddStringToObject(info, "name", "securer");
	cJSON_AddStringToObject(info, "title", "securer: sandboxed sessions");
	cJSON_AddStringToObject(info, "version", securer_version());
	cJSON_AddStringToObject(r, "instructions", c->srv->instructions);
	mcp_send_result(c->srv, c->m->id, r);
}

static void on_ping(struct call *c)
{
	mcp_send_result(c->srv, c->m->id, cJSON_CreateObject());
}

static void on_tools_list(struct call *c)
{
	cJSON *r;

	/* The whole list fits one page: no cursor was ever handed out. */
	if (param(c, "cursor")) {
		mcp_send_error(c->srv, c->m->id, MCP_INVALID_PARAMS,
		               "tools/list: unknown cursor");
		return;
	}
	r = cJSON_CreateObject();
	cJSON_AddItemToObject(r, "tools",
	                      cJSON_Duplicate(c->srv->tools_json, 1));
	mcp_send_result(c->srv, c->m->id, r);
}

/* Arguments that fail a tool's schema: a protocol error in 2025-06-18; a
 * tool execution error from 2025-11-25 on (SEP-1303), so that the model
 * sees the reason and can correct its call. */
static void bad_arguments(struct call *c, const char *tool, const char *why)
{
	if (strcmp(c->srv->version, "2025-06-18") == 0) {
		mcp_send_error(c->srv, c->m->id, MCP_INVALID_PARAMS, "%s: %s",
		               tool, why);
	} else {
		char text[1024];

		snprintf(text, sizeof(text), "invalid arguments for %s: %s",
		         tool, why);
		mcp_send_result(c->srv, c->m->id,
		                mcp_text_result(text, strlen(text), true));
	}
}

static void submit(struct call *c, const struct mcp_tool *tool, cJSON *args,
                   cJSON *token)
{
	struct mcp_job *job = calloc(1, sizeof(*job));
	int rc;

	if (!job || !(job->id = cJSON_Duplicate(c->m->id, 0)) ||
	    (token && !(job->token = cJSON_Duplicate(token, 0)))) {
		cJSON_Delete(args);
		mcp_job_free(job);
		mcp_send_error(c->srv, c->m->id, MCP_INTERNAL_ERROR,
		               "out of memory");
		return;
	}
	job->tool = tool;
	job->args = args;
	job->cost = c->len;
	rc = mcp_submit(c->srv, job);
	if (rc == -EBUSY)
		mcp_send_error(c->srv, c->m->id, MCP_SERVER_BUSY,
		               "too many calls in flight: wait for some to "
		               "finish");
	else if (rc == -EEXIST)
		mcp_send_error(c->srv, c->m->id, MCP_INVALID_REQUEST,
		               "a request with this id is in flight");
}

static void on_tools_call(struct call *c)
{
	const cJSON *name = param(c, "name"), *meta = param(c, "_meta"),
	            *token =
	                cJSON_GetObjectItemCaseSensitive(meta, "progressToken");
	cJSON *args = param(c, "arguments");
	const struct mcp_tool *tool;
	char why[512];

	if (!c->m->params || !cJSON_IsString(name)) {
		mcp_send_error(c->srv, c->m->id, MCP_INVALID_PARAMS,
		               "tools/call: params.name must be a string");
		return;
	}
	if (args && !cJSON_IsObject(args)) {
		mcp_send_error(
		    c->srv, c->m->id, MCP_INVALID_PARAMS,
		    "tools/call: params.arguments must be an object");
		return;
	}
	if ((meta && !cJSON_IsObject(meta)) ||
	    (token && !mcp_id_valid(token))) {
		mcp_send_error(c->srv, c->m->id, MCP_INVALID_PARAMS,
		               "tools/call: params._meta.progressToken must be "
		               "a string or an integer");
		return;
	}
	if (!(tool = mcp_tool_find(c->srv, name->valuestring))) {
		mcp_send_error(c->srv, c->m->id, MCP_INVALID_PARAMS,
		               "unknown tool '%.64s' (tools/list names them)",
		               name->valuestring);
		return;
	}
	args = args ? cJSON_DetachItemViaPointer(c->m->params, args)
	            : cJSON_CreateObject();
	if (mcp_tool_check(tool, args, why, sizeof(why)) < 0) {
		cJSON_Delete(args);
		bad_arguments(c, tool->name, why);
		return;
	}
	submit(c, tool, args, (cJSON *)token);
}

static void on_cancelled(struct call *c)
{
	const cJSON *id = param(c, "requestId");

	if (mcp_id_valid(id))
		mcp_cancel(c->srv, id);
}

static void on_initialized(struct call *c)
{
	(void)c;
}

static const struct method {
	const char *name;
	bool notification;
	void (*fn)(struct call *c);
} methods[] = {
    {"initialize", false, on_initialize},
    {"ping", false, on_ping},
    {"tools/list", false, on_tools_list},
    {"tools/call", false, on_tools_call},
    {"notifications/initialized", true, on_initialized},
    {"notifications/cancelled", true, on_cancelled},
};

static void dispatch(struct mcp_server *srv, struct mcp_msg *m, size_t len)
{
	bool request = m->kind == MCP_MSG_REQUEST;
	struct call c = {srv, m, len};

	for (size_t i = 0; i < sizeof(methods) / sizeof(methods[0]); i++) {
		if (strcmp(methods[i].name, m->method) != 0)
			continue;
		if (methods[i].notification == !request) {
			methods[i].fn(&c);
			return;
		}
		break;
	}
	if (request)
		mcp_send_error(srv, m->id, MCP_METHOD_NOT_FOUND,
		               "unknown method '%.64s'", m->method);
	else if (srv->cfg.verbose)
		mcp_log("ignored the notification '%.64s'", m->method);
}

void mcp_handle_line(struct mcp_server *srv, char *line, size_t len)
{
	const char *end = NULL;
	struct mcp_msg m;
	cJSON *msg;

	if (line[strspn(line, " \t\r")] == '\0' && strlen(line) == len)
		return; /* a blank line is nothing */
	if (!mcp_utf8_valid(line, len)) {
		mcp_send_error(srv, NULL, MCP_PARSE_ERROR,
		               "the line is not valid UTF-8, or holds a NUL "
		               "byte");
		return;
	}
	if (!(msg = cJSON_ParseWithOpts(line, &end, 1))) {
		mcp_send_error(srv, NULL, MCP_PARSE_ERROR,
		               "the line is not one JSON value (at byte %zu)",
		               end && end >= line ? (size_t)(end - line) : 0);
		return;
	}
	mcp_classify(msg, &m);
	switch (m.kind) {
	case MCP_MSG_INVALID:
		mcp_send_error(srv, m.id, m.code, "%s", m.why);
		break;
	case MCP_MSG_RESPONSE:
		if (srv->cfg.verbose)
			mcp_log("ignored a response: this server sends no "
			        "requests");
		break;
	default:
		dispatch(srv, &m, len);
	}
	cJSON_Delete(msg);
}

void mcp_handle_oversized(struct mcp_server *srv, struct mcp_idscan *scan,
                          size_t len)
{
	cJSON *id = NULL;

	switch (mcp_idscan_result(scan)) {
	case MCP_ID_ABSENT:
		mcp_log("dropped a notification of %zu bytes (the limit is "
		        "%zu)",
		        len, srv->cfg.max_line);
		return;
	case MCP_ID_FOUND:
		id = cJSON_Parse(scan->raw);
		if (!mcp_id_valid(id)) {
			cJSON_Delete(id);
			id = NULL;
		}
		break;
	case MCP_ID_UNKNOWN:
		break;
	}
	mcp_send_error(srv, id, MCP_INVALID_REQUEST,
	               "the message (%zu bytes) is longer than the %zu bytes "
	               "this server reads in one line (files up to %lld bytes "
	               "can be uploaded)",
	               len, srv->cfg.max_line, (long long)srv->cfg.max_file);
	cJSON_Delete(id);
}
