/*
 * result.c - what one execute produced: value, output, error, counts.
 */
#include <cjson/cJSON.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "proto.h"
#include "result.h"

static const char *const kind_names[SECURER_ERROR_COUNT_] = {
    "none",   "syntax", "runtime",  "timeout",
    "killed", "limit",  "protocol", "interrupted",
};

const char *securer_error_kind_name(securer_error_kind k)
{
	return (unsigned)k < SECURER_ERROR_COUNT_ ? kind_names[k] : "unknown";
}

void securer__capture_init(struct securer__capture *c, size_t max)
{
	memset(c, 0, sizeof(*c));
	c->max = max;
}

void securer__capture_release(struct securer__capture *c)
{
	free(c->buf);
	memset(c, 0, sizeof(*c));
}

/* Hands every complete line of buf past line_start to on_line; with
 * |all|, the rest too (the stream ended, or was cut at the cap). */
static void emit_lines(struct securer__capture *c, bool all)
{
	while (c->line_start < c->len) {
		char *line = c->buf + c->line_start;
		char *nl = memchr(line, '\n', c->len - c->line_start);
		size_t n =
		    nl ? (size_t)(nl + 1 - line) : c->len - c->line_start;
		char after;

		if (!nl && !all)
			return;
		/* The callback gets a C string too: buf[len] is already NUL,
		 * and a byte after a newline is put back after the call. */
		after = line[n];
		line[n] = '\0';
		c->on_line(c->line_userdata, c->stream, line, n);
		line[n] = after;
		c->line_start += n;
	}
}

void securer__capture_stream(struct securer__capture *c, int stream,
                             securer_output_fn fn, void *userdata)
{
	c->on_line = fn;
	c->line_userdata = userdata;
	c->stream = stream;
	c->line_start = c->len;
}

void securer__capture_flush(struct securer__capture *c)
{
	if (c->on_line)
		emit_lines(c, true);
}

void securer__capture_add(struct securer__capture *c, const char *data,
                          size_t n)
{
	if (c->len + n > c->max) {
		c->truncated = true;
		n = c->max - c->len;
	}
	if (n > 0 && c->len + n + 1 > c->cap) {
		size_t cap = c->cap ? c->cap : 4096;
		char *b;

		while (cap < c->len + n + 1)
			cap *= 2;
		if (!(b = realloc(c->buf, cap))) {
			c->truncated = true;
			n = 0;
		} else {
			c->buf = b;
			c->cap = cap;
		}
	}
	if (n > 0) {
		memcpy(c->buf + c->len, data, n);
		c->len += n;
		c->buf[c->len] = '\0';
	}
	/* Once cut, the stream ends here: its last line goes out as is. */
	if (c->on_line)
		emit_lines(c, c->truncated);
}

int securer__capture_read(struct securer__capture *c, int fd)
{
	char buf[65536];

	for (;;) {
		ssize_t n = read(fd, buf, sizeof(buf));

		if (n > 0) {
			/* Past the cap the bytes are read and dropped, so a
			 * flood never blocks the child nor fills our memory. */
			securer__capture_add(c, buf, (size_t)n);
			continue;
		}
		if (n == 0)
			return 0;
		if (errno == EINTR)
			continue;
		return 1;
	}
}

securer_result *securer__result_new(size_t output_max)
{
	securer_result *r = calloc(1, sizeof(*r));

	if (!r)
		return NULL;
	securer__capture_init(&r->out, output_max);
	securer__capture_init(&r->err, output_max);
	r->value = securer__strdup("null");
	if (!r->value) {
		free(r);
		return NULL;
	}
	return r;
}

void securer__result_fail(securer_result *r, securer_error_kind kind,
                          const char *fmt, ...)
{
	va_list ap;
	char *m = NULL;

	va_start(ap, fmt);
	if (vasprintf(&m, fmt, ap) < 0)
		m = NULL;
	va_end(ap);
	free(r->message);
	r->message = m;
	r->error = kind;
}

void securer_result_free(securer_result *r)
{
	if (!r)
		return;
	free(r->message);
	free(r->traceback);
	free(r->value);
	free(r->repr);
	securer__capture_release(&r->out);
	securer__capture_release(&r->err);
	free(r);
}

securer_error_kind securer_result_error(const securer_result *r)
{
	return r->error;
}

const char *securer_result_message(const securer_result *r)
{
	return r->message ? r->message : "";
}

const char *securer_result_traceback(const securer_result *r)
{
	return r->traceback;
}

const char *securer_result_value(const securer_result *r)
{
	return r->value ? r->value : "null";
}

const char *securer_result_repr(const securer_result *r)
{
	return r->repr;
}

static const char *stream(const struct securer__capture *c, size_t *len,
                          int *truncated)
{
	if (len)
		*len = c->len;
	if (truncated)
		*truncated = c->truncated;
	return c->buf ? c->buf : "";
}

const char *securer_result_stdout(const securer_result *r, size_t *len,
                                  int *truncated)
{
	return stream(&r->out, len, truncated);
}

const char *securer_result_stderr(const securer_result *r, size_t *len,
                                  int *truncated)
{
	return stream(&r->err, len, truncated);
}

int64_t securer_result_duration_ms(const securer_result *r)
{
	return r->duration_ms;
}

int64_t securer_result_tool_calls(const securer_result *r)
{
	return r->tool_calls;
}

int securer_result_state_lost(const securer_result *r)
{
	return r->state_lost;
}

/* Output is bytes; JSON strings are UTF-8: invalid sequences become U+FFFD,
 * NULs are kept as \u0000 by cJSON. */
static cJSON *text(const struct securer__capture *c)
{
	char *clean = malloc(c->len * 3 + 1);
	size_t o = 0, i = 0;
	cJSON *s;

	if (!clean)
		return cJSON_CreateString("");
	while (i < c->len) {
		size_t n = 1;
		unsigned char b = (unsigned char)c->buf[i];

		if (b >= 0xc2 && b <= 0xdf)
			n = 2;
		else if (b >= 0xe0 && b <= 0xef)
			n = 3;
		else if (b >= 0xf0 && b <= 0xf4)
			n = 4;
		if ((b < 0x80 && b != 0) ||
		    (n > 1 && i + n <= c->len &&
		     securer__utf8_valid(c->buf + i, n))) {
			memcpy(clean + o, c->buf + i, n);
			o += n;
			i += n;
		} else {
			memcpy(clean + o, "\xef\xbf\xbd", 3); /* U+FFFD */
			o += 3;
			i++;
		}
	}
	clean[o] = '\0';
	s = cJSON_CreateString(clean);
	free(clean);
	return s;
}

char *securer_result_to_json(const securer_result *r)
{
	cJSON *o = cJSON_CreateObject(), *v, *e;
	char *s;

	v = cJSON_Parse(securer_result_value(r));
	cJSON_AddItemToObject(o, "value", v ? v : cJSON_CreateNull());
	if (r->repr)
		cJSON_AddStringToObject(o, "repr", r->repr);
	else
		cJSON_AddNullToObject(o, "repr");
	cJSON_AddItemToObject(o, "stdout", text(&r->out));
	cJSON_AddBoolToObject(o, "stdout_truncated", r->out.truncated);
	cJSON_AddItemToObject(o, "stderr", text(&r->err));
	cJSON_AddBoolToObject(o, "stderr_truncated", r->err.truncated);
	if (r->error == SECURER_ERROR_NONE) {
		cJSON_AddNullToObject(o, "error");
	} else {
		e = cJSON_AddObjectToObject(o, "error");
		cJSON_AddStringToObject(e, "kind",
		                        securer_error_kind_name(r->error));
		cJSON_AddStringToObject(e, "message",
		                        securer_result_message(r));
		if (r->traceback)
			cJSON_AddStringToObject(e, "traceback", r->traceback);
	}
	cJSON_AddNumberToObject(o, "duration_ms", (double)r->duration_ms);
	cJSON_AddNumberToObject(o, "tool_calls", (double)r->tool_calls);
	cJSON_AddBoolToObject(o, "state_lost", r->state_lost);
	s = cJSON_Print(o);
	cJSON_Delete(o);
	return s;
}
