/*
 * sbuf.c - a growable string, JSON string literals, and UTF-8 repair.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "glue.h"

static int grow(struct sbuf *b, size_t more)
{
	size_t cap;
	char *p;

	if (b->oom)
		return -1;
	if (b->len + more + 1 <= b->cap)
		return 0;
	cap = b->cap ? b->cap : 256;
	while (cap < b->len + more + 1)
		cap *= 2;
	p = realloc(b->p, cap);
	if (!p) {
		b->oom = 1;
		return -1;
	}
	b->p = p;
	b->cap = cap;
	return 0;
}

void sbuf_add(struct sbuf *b, const char *s, size_t n)
{
	if (grow(b, n) < 0)
		return;
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

void sbuf_adds(struct sbuf *b, const char *s)
{
	sbuf_add(b, s, strlen(s));
}

void sbuf_addf(struct sbuf *b, const char *fmt, ...)
{
	char small[128];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n < sizeof(small)) {
		sbuf_add(b, small, (size_t)n);
		return;
	}
	if (grow(b, (size_t)n) < 0)
		return;
	va_start(ap, fmt);
	vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

char *sbuf_take(struct sbuf *b)
{
	char *p;

	if (b->oom || grow(b, 0) < 0) {
		sbuf_free(b);
		return NULL;
	}
	p = b->p;
	memset(b, 0, sizeof(*b));
	return p;
}

void sbuf_free(struct sbuf *b)
{
	free(b->p);
	memset(b, 0, sizeof(*b));
}

/* Length of the valid UTF-8 sequence at |s| (at most |n| bytes), 0 when
 * the bytes there are not one: overlongs, surrogates and values past
 * U+10FFFF are invalid. */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
	size_t len, i;
	unsigned cp;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xC2 && s[0] <= 0xDF)
		len = 2, cp = s[0] & 0x1F;
	else if (s[0] >= 0xE0 && s[0] <= 0xEF)
		len = 3, cp = s[0] & 0x0F;
	else if (s[0] >= 0xF0 && s[0] <= 0xF4)
		len = 4, cp = s[0] & 0x07;
	else
		return 0;
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3F);
	}
	if ((len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
	    (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
		return 0;
	return len;
}

void sbuf_json_str(struct sbuf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, run = 0;

	sbuf_add(b, "\"", 1);
	while (i < n) {
		size_t k = utf8_seq(u + i, n - i);
		unsigned char c = u[i];

		if (k == 1 && c >= 0x20 && c != '"' && c != '\\') {
			i++, run++;
			continue;
		}
		sbuf_add(b, s + i - run, run);
		run = 0;
		if (k > 1) {
			sbuf_add(b, s + i, k);
			i += k;
		} else if (k == 0) {
			sbuf_adds(b, "\\ufffd");
			i++;
		} else {
			char e[7] = {'\\',        'u',         '0', '0',
			             hex[c >> 4], hex[c & 15], 0};

			if (c == '"' || c == '\\') {
				e[1] = (char)c;
				e[2] = 0;
			}
			sbuf_adds(b, e);
			i++;
		}
	}
	sbuf_add(b, s + i - run, run);
	sbuf_add(b, "\"", 1);
}

SEXP utf8_char(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	struct sbuf b = {0};
	size_t i = 0;
	SEXP c;

	while (i < n) {
		size_t k = u[i] ? utf8_seq(u + i, n - i) : 0;

		if (k) {
			sbuf_add(&b, s + i, k);
			i += k;
		} else {
			sbuf_adds(&b, "\xef\xbf\xbd");
			i++;
		}
	}
	if (b.oom) {
		sbuf_free(&b);
		return Rf_mkChar("");
	}
	c = Rf_mkCharLenCE(b.p ? b.p : "", (int)b.len, CE_UTF8);
	sbuf_free(&b);
	return c;
}
