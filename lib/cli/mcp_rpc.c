/*
 * mcp_rpc.c - JSON-RPC 2.0 as MCP uses it: what a message is (request,
 * notification, a client's response, or invalid), and the one writer of
 * stdout.  Every line leaves through send_line(): whole, under out_mu,
 * valid UTF-8, and never longer than a client accepts.
 */
#include <errno.h>
#include <math.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mcp.h"

void mcp_log(const char *fmt, ...)
{
	char buf[2048];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	/* One write, so that lines of several threads do not interleave. */
	dprintf(2, "securer mcp: %s\n", buf);
}

bool mcp_id_valid(const cJSON *id)
{
	if (cJSON_IsString(id))
		return true;
	return cJSON_IsNumber(id) && isfinite(id->valuedouble) &&
	       id->valuedouble == floor(id->valuedouble) &&
	       fabs(id->valuedouble) <= 9007199254740992.0;
}

bool mcp_id_equal(const cJSON *a, const cJSON *b)
{
	if (cJSON_IsString(a) && cJSON_IsString(b))
		return strcmp(a->valuestring, b->valuestring) == 0;
	return cJSON_IsNumber(a) && cJSON_IsNumber(b) &&
	       a->valuedouble == b->valuedouble;
}

cJSON *mcp_id_dup(const cJSON *id)
{
	char num[32];

	if (!cJSON_IsNumber(id))
		return cJSON_Duplicate(id, 0);
	/* cJSON prints 2^53 as 9.00719925474099e+15 (close enough for it,
	 * not for a client matching its id): integers exactly, as text. */
	snprintf(num, sizeof(num), "%.0f", id->valuedouble);
	return cJSON_CreateRaw(num);
}

static cJSON *member(const cJSON *o, const char *name)
{
	return cJSON_GetObjectItemCaseSensitive(o, name);
}

void mcp_classify(cJSON *msg, struct mcp_msg *m)
{
	cJSON *id, *method, *version, *params;

	memset(m, 0, sizeof(*m));
	m->kind = MCP_MSG_INVALID;
	m->code = MCP_INVALID_REQUEST;
	if (cJSON_IsArray(msg)) {
		m->why = "batches are not part of this protocol version: "
		         "send one message per line";
		return;
	}
	if (!cJSON_IsObject(msg)) {
		m->why = "a message is a JSON object";
		return;
	}
	id = member(msg, "id");
	method = member(msg, "method");
	version = member(msg, "jsonrpc");
	params = member(msg, "params");
	if (id && mcp_id_valid(id))
		m->id = id;
	if (!method && id && (member(msg, "result") || member(msg, "error"))) {
		m->kind = MCP_MSG_RESPONSE;
		return;
	}
	if (!cJSON_IsString(method)) {
		m->why =
		    method ? "\"method\" must be a string" : "no \"method\"";
		return;
	}
	if (id && !m->id) {
		m->why = "\"id\" must be a string or an integer";
		return;
	}
	if (!cJSON_IsString(version) ||
	    strcmp(version->valuestring, "2.0") != 0) {
		m->why = "\"jsonrpc\" must be \"2.0\"";
		return;
	}
	m->method = method->valuestring;
	m->kind = id ? MCP_MSG_REQUEST : MCP_MSG_NOTIFICATION;
	if (params && !cJSON_IsObject(params)) {
		/* A notification is never answered: it is dropped. */
		m->kind = id ? MCP_MSG_INVALID : MCP_MSG_NOTIFICATION;
		m->code = MCP_INVALID_PARAMS;
		m->why = "\"params\" must be an object";
		return;
	}
	m->params = params;
}

/* ---- writing ------------------------------------------------------------ */

int mcp_sink_stdout(void *ud, const char *line, size_t len)
{
	(void)ud;
	while (len > 0) {
		ssize_t n = write(1, line, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN) {
			struct pollfd p = {1, POLLOUT, 0};

			poll(&p, 1, -1);
			continue;
		}
		if (n <= 0)
			return n < 0 ? -errno : -EIO;
		line += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Writes |text| (malloc'd, taken) as one line; caller holds out_mu. */
static int send_text_locked(struct mcp_server *srv, char *text)
{
	char *line;
	size_t len;
	int rc;

	if (__atomic_load_n(&srv->out_broken, __ATOMIC_RELAXED)) {
		free(text);
		return -EPIPE;
	}
	if (!text) {
		mcp_log("out of memory: a message was not sent");
		return -ENOMEM;
	}
	len = strlen(text);
	/* Strings from sandboxed code were repaired where they were added;
	 * this is the last line of defence for anything that was not. */
	line = mcp_utf8_valid(text, len) ? text : mcp_utf8_repair(text, len);
	if (line != text)
		free(text);
	if (!line)
		return -ENOMEM;
	len = strlen(line);
	line[len] = '\n'; /* the NUL's place; the sink gets len + 1 bytes */
	rc = srv->sink(srv->sink_ud, line, len + 1);
	free(line);
	if (rc < 0) {
		__atomic_store_n(&srv->out_broken, true, __ATOMIC_RELAXED);
		mcp_log("cannot write to stdout (%s): stopping", strerror(-rc));
	}
	return rc;
}

static int send_text(struct mcp_server *srv, char *text)
{
	int rc;

	pthread_mutex_lock(&srv->out_mu);
	rc = send_text_locked(srv, text);
	pthread_mutex_unlock(&srv->out_mu);
	return rc;
}

/* Prints |msg| (and frees it) as one line. */
static int send_line(struct mcp_server *srv, cJSON *msg)
{
	char *text = cJSON_PrintUnformatted(msg);

	cJSON_Delete(msg);
	return send_text(srv, text);
}

static cJSON *envelope(const cJSON *id)
{
	cJSON *m = cJSON_CreateObject();

	cJSON_AddStringToObject(m, "jsonrpc", "2.0");
	if (id)
		cJSON_AddItemToObject(m, "id", mcp_id_dup(id));
	return m;
}

int mcp_send_error(struct mcp_server *srv, const cJSON *id, int code,
                   const char *fmt, ...)
{
	cJSON *m = envelope(id), *e = cJSON_AddObjectToObject(m, "error");
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	cJSON_AddNumberToObject(e, "code", code);
	mcp_add_text(e, "message", buf, strlen(buf));
	return send_line(srv, m);
}

int mcp_send_result(struct mcp_server *srv, const cJSON *id, cJSON *result)
{
	cJSON *m = envelope(id);
	char *text;
	size_t len;

	cJSON_AddItemToObject(m, "result", result);
	text = cJSON_PrintUnformatted(m);
	cJSON_Delete(m);
	/* Results are built within the limits (output, file sizes); a
	 * policy that raises the value's limit can still pass them. */
	if (text && (len = strlen(text)) > MCP_MAX_RESPONSE) {
		free(text);
		return mcp_send_error(srv, id, MCP_INTERNAL_ERROR,
		                      "the result (%zu bytes) is larger than a "
		                      "client accepts (%u MiB): ask for less",
		                      len, MCP_MAX_RESPONSE >> 20);
	}
	return send_text(srv, text);
}

static cJSON *notification(const char *method, cJSON *params)
{
	cJSON *m = cJSON_CreateObject();

	cJSON_AddStringToObject(m, "jsonrpc", "2.0");
	cJSON_AddStringToObject(m, "method", method);
	cJSON_AddItemToObject(m, "params", params);
	return m;
}

int mcp_send_notification(struct mcp_server *srv, const char *method,
                          cJSON *params)
{
	return send_line(srv, notification(method, params));
}

int mcp_send_notification_locked(struct mcp_server *srv, const char *method,
                                 cJSON *params)
{
	cJSON *m = notification(method, params);
	char *text = cJSON_PrintUnformatted(m);

	cJSON_Delete(m);
	return send_text_locked(srv, text);
}

cJSON *mcp_add_text(cJSON *obj, const char *key, const char *s, size_t len)
{
	char *fixed = mcp_utf8_repair(s ? s : "", s ? len : 0);
	cJSON *item = cJSON_AddStringToObject(obj, key, fixed ? fixed : "");

	free(fixed);
	return item;
}

cJSON *mcp_text_result(const char *text, size_t len, bool is_error)
{
	cJSON *r = cJSON_CreateObject(), *content = cJSON_CreateArray(),
	      *block = cJSON_CreateObject();

	cJSON_AddStringToObject(block, "type", "text");
	mcp_add_text(block, "text", text, len);
	cJSON_AddItemToArray(content, block);
	cJSON_AddItemToObject(r, "content", content);
	cJSON_AddBoolToObject(r, "isError", is_error);
	return r;
}
