/*
 * proto.c - the host side of the session protocol (docs/protocol.md):
 * framing, validation and message building.
 *
 * Everything read from the child is hostile.  The line reader never holds
 * more than the message limit of an unfinished line; every line is checked
 * for UTF-8 before cJSON sees it; a message must be an object with a string
 * "type".  Writes go through a queue drained with non-blocking writes, so a
 * child that stops reading can never block the host.
 */
#include <cjson/cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "proto.h"

void securer__lines_init(struct securer__lines *l, size_t max)
{
	memset(l, 0, sizeof(*l));
	l->max = max;
}

void securer__lines_release(struct securer__lines *l)
{
	free(l->buf);
	memset(l, 0, sizeof(*l));
}

void securer__lines_reset(struct securer__lines *l)
{
	l->len = 0;
	l->start = 0;
	l->scan = 0;
}

/* Drops consumed bytes so the unfinished line starts the buffer. */
static void compact(struct securer__lines *l)
{
	if (l->start == 0)
		return;
	memmove(l->buf, l->buf + l->start, l->len - l->start);
	l->len -= l->start;
	l->scan -= l->start;
	l->start = 0;
}

int securer__lines_fill(struct securer__lines *l, int fd)
{
	size_t want;
	ssize_t n;

	compact(l);
	/* Room for one whole line, its newline and a read's worth. */
	want = l->len + 65536;
	if (want > l->max + 65536 + 1)
		want = l->max + 65536 + 1;
	if (want > l->cap) {
		char *b = realloc(l->buf, want + 1);

		if (!b)
			return -ENOMEM;
		l->buf = b;
		l->cap = want;
	}
	if (l->len >= l->cap)
		return -EMSGSIZE;
	do
		n = read(fd, l->buf + l->len, l->cap - l->len);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	if (n == 0)
		return 0;
	l->len += (size_t)n;
	return 1;
}

int securer__lines_next(struct securer__lines *l, char **line, size_t *len)
{
	/* Nothing new (before the first fill buf is NULL: no memchr). */
	char *nl = l->len > l->scan
	               ? memchr(l->buf + l->scan, '\n', l->len - l->scan)
	               : NULL;

	if (!nl) {
		l->scan = l->len;
		/* The unfinished line may not grow past the limit. */
		return l->len - l->start > l->max ? -EMSGSIZE : 0;
	}
	*line = l->buf + l->start;
	*len = (size_t)(nl - *line);
	if (*len > l->max)
		return -EMSGSIZE;
	*nl = '\0';
	l->start = (size_t)(nl - l->buf) + 1;
	l->scan = l->start;
	return 1;
}

bool securer__utf8_valid(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + len;

	while (p < end) {
		unsigned c = *p;
		size_t n;
		unsigned cp;

		if (c < 0x80) {
			p++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf)
			n = 1, cp = c & 0x1f;
		else if (c >= 0xe0 && c <= 0xef)
			n = 2, cp = c & 0x0f;
		else if (c >= 0xf0 && c <= 0xf4)
			n = 3, cp = c & 0x07;
		else
			return false;
		if ((size_t)(end - p) <= n)
			return false;
		for (size_t i = 1; i <= n; i++) {
			if ((p[i] & 0xc0) != 0x80)
				return false;
			cp = (cp << 6) | (p[i] & 0x3f);
		}
		/* overlong forms, surrogates, past U+10FFFF */
		if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) ||
		    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
			return false;
		p += n + 1;
	}
	return true;
}

int securer__proto_parse(const char *line, size_t len, cJSON **out,
                         const char **type, char *err)
{
	const char *end = NULL;
	const cJSON *t;
	cJSON *msg;

	*out = NULL;
	if (!securer__utf8_valid(line, len))
		return securer__fail(err, -EPROTO,
		                     "a message is not valid UTF-8");
	msg = cJSON_ParseWithLengthOpts(line, len, &end, 0);
	if (!msg)
		return securer__fail(err, -EPROTO,
		                     "a message is not JSON: '%.60s'", line);
	/* cJSON stops after the value: what follows must be blank. */
	while (end < line + len &&
	       (*end == ' ' || *end == '\t' || *end == '\r'))
		end++;
	if (end != line + len) {
		cJSON_Delete(msg);
		return securer__fail(err, -EPROTO,
		                     "a message has bytes after its JSON "
		                     "object: '%.40s'",
		                     end);
	}
	if (!cJSON_IsObject(msg)) {
		cJSON_Delete(msg);
		return securer__fail(err, -EPROTO,
		                     "a message is not a JSON object");
	}
	t = cJSON_GetObjectItemCaseSensitive(msg, "type");
	if (!cJSON_IsString(t)) {
		cJSON_Delete(msg);
		return securer__fail(err, -EPROTO,
		                     "a message has no string 'type'");
	}
	*type = t->valuestring;
	*out = msg;
	return 0;
}

int securer__proto_int(const cJSON *msg, const char *key, int64_t *out)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(msg, key);
	double d;

	if (!cJSON_IsNumber(v))
		return -EPROTO;
	d = v->valuedouble;
	if (d < 0 || d >= 9007199254740992.0 || d != (double)(int64_t)d)
		return -EPROTO;
	*out = (int64_t)d;
	return 0;
}

const char *securer__proto_str(const cJSON *msg, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(msg, key);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* ---- the outgoing queue ------------------------------------------------- */

void securer__outq_init(struct securer__outq *q)
{
	memset(q, 0, sizeof(*q));
}

void securer__outq_release(struct securer__outq *q)
{
	free(q->buf);
	memset(q, 0, sizeof(*q));
}

int securer__outq_push_json(struct securer__outq *q, const cJSON *msg)
{
	char *text = cJSON_PrintUnformatted(msg);
	size_t n;

	if (!text)
		return -ENOMEM;
	n = strlen(text);
	if (q->off == q->len)
		q->off = q->len = 0;
	if (q->len + n + 1 > q->cap) {
		size_t cap = q->len + n + 1 + 4096;
		char *b = realloc(q->buf, cap);

		if (!b) {
			free(text);
			return -ENOMEM;
		}
		q->buf = b;
		q->cap = cap;
	}
	memcpy(q->buf + q->len, text, n);
	q->buf[q->len + n] = '\n';
	q->len += n + 1;
	free(text);
	return 0;
}

int securer__outq_flush(struct securer__outq *q, int fd)
{
	while (q->off < q->len) {
		ssize_t n = securer__write_nosigpipe(fd, q->buf + q->off,
		                                     q->len - q->off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN)
			return 1;
		if (n < 0)
			return -errno;
		q->off += (size_t)n;
	}
	q->off = q->len = 0;
	return 0;
}

bool securer__outq_pending(const struct securer__outq *q)
{
	return q->off < q->len;
}
