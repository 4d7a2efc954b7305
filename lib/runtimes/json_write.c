/*
 * json_write.c - the bounded message buffer.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json_utf8.h"
#include "json_write.h"

void json_buf_init(struct json_buf *b, size_t max)
{
	b->p = NULL;
	b->len = b->cap = 0;
	b->max = max;
	b->failed = 0;
}

void json_buf_release(struct json_buf *b)
{
	free(b->p);
	json_buf_init(b, b->max);
}

void json_buf_reset(struct json_buf *b)
{
	b->len = 0;
	b->failed = 0;
	if (b->p)
		b->p[0] = '\0';
}

/* Makes room for |n| more bytes and the NUL; 0 or -1 (then failed). */
static int reserve(struct json_buf *b, size_t n)
{
	size_t cap;
	char *p;

	if (b->failed || n > b->max - b->len) {
		b->failed = 1;
		return -1;
	}
	if (b->len + n < b->cap)
		return 0;
	cap = b->cap ? b->cap : 256;
	while (cap <= b->len + n)
		cap = cap > b->max / 2 ? b->max + 1 : cap * 2;
	if (!(p = realloc(b->p, cap))) {
		b->failed = 1;
		return -1;
	}
	b->p = p;
	b->cap = cap;
	return 0;
}

void json_buf_add(struct json_buf *b, const void *s, size_t n)
{
	if (reserve(b, n) < 0)
		return;
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

void json_buf_adds(struct json_buf *b, const char *s)
{
	json_buf_add(b, s, strlen(s));
}

void json_buf_addf(struct json_buf *b, const char *fmt, ...)
{
	char small[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0) {
		b->failed = 1;
		return;
	}
	if ((size_t)n < sizeof(small)) {
		json_buf_add(b, small, (size_t)n);
		return;
	}
	if (reserve(b, (size_t)n) < 0)
		return;
	va_start(ap, fmt);
	vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

/* The escape for byte |c| when it needs one, else NULL. */
static const char *escape_of(unsigned char c, char tmp[8])
{
	switch (c) {
	case '"':
		return "\\\"";
	case '\\':
		return "\\\\";
	case '\n':
		return "\\n";
	case '\r':
		return "\\r";
	case '\t':
		return "\\t";
	case '\b':
		return "\\b";
	case '\f':
		return "\\f";
	default:
		if (c >= 0x20)
			return NULL;
		snprintf(tmp, 8, "\\u%04x", c);
		return tmp;
	}
}

void json_buf_add_string(struct json_buf *b, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	json_buf_add(b, "\"", 1);
	while (i < n && !b->failed) {
		size_t run = i, k;
		const char *esc;
		char tmp[8];

		/* Copy the longest run that needs nothing, in one append. */
		while (run < n && (k = json_utf8_seq(p + run, n - run)) &&
		       (k > 1 || !escape_of(p[run], tmp)))
			run += k;
		json_buf_add(b, s + i, run - i);
		if ((i = run) >= n)
			break;
		if ((esc = escape_of(p[i], tmp)) && json_utf8_seq(p + i, 1)) {
			json_buf_adds(b, esc);
		} else {
			json_utf8_put(JSON_UTF8_REPLACEMENT, tmp);
			json_buf_add(b, tmp, 3);
		}
		i++;
	}
	json_buf_add(b, "\"", 1);
}
