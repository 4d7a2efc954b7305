/*
 * json_read.c - validation (a recursive descent over RFC 8259, depth
 * bounded) and the walkers that rely on it.
 */
#include <stdlib.h>
#include <string.h>

#include "json_read.h"
#include "json_utf8.h"

struct parser {
	const unsigned char *p, *end;
	int depth;
};

static int parse_value(struct parser *ps);

static int is_ws(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static void skip_ws(struct parser *ps)
{
	while (ps->p < ps->end && is_ws(*ps->p))
		ps->p++;
}

static int is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static int hex_value(unsigned char c)
{
	if (is_digit(c))
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static int parse_escape(struct parser *ps)
{
	const unsigned char *p = ps->p; /* just after the backslash */

	if (p >= ps->end)
		return -1;
	if (*p && strchr("\"\\/bfnrt", *p)) {
		ps->p = p + 1;
		return 0;
	}
	if (*p != 'u' || ps->end - p < 5)
		return -1;
	for (int i = 1; i <= 4; i++)
		if (hex_value(p[i]) < 0)
			return -1;
	ps->p = p + 5;
	return 0;
}

static int parse_string(struct parser *ps)
{
	ps->p++; /* the opening quote */
	while (ps->p < ps->end) {
		unsigned char c = *ps->p;
		size_t k;

		if (c == '"') {
			ps->p++;
			return 0;
		}
		if (c < 0x20)
			return -1; /* raw control characters must be escaped */
		if (c == '\\') {
			ps->p++;
			if (parse_escape(ps) < 0)
				return -1;
			continue;
		}
		if (!(k = json_utf8_seq(ps->p, (size_t)(ps->end - ps->p))))
			return -1;
		ps->p += k;
	}
	return -1;
}

static int parse_number(struct parser *ps)
{
	const unsigned char *p = ps->p, *end = ps->end;

	if (p < end && *p == '-')
		p++;
	if (p < end && *p == '0')
		p++;
	else if (p < end && *p >= '1' && *p <= '9')
		while (p < end && is_digit(*p))
			p++;
	else
		return -1;
	if (p < end && *p == '.') {
		if (++p >= end || !is_digit(*p))
			return -1;
		while (p < end && is_digit(*p))
			p++;
	}
	if (p < end && (*p == 'e' || *p == 'E')) {
		p++;
		if (p < end && (*p == '+' || *p == '-'))
			p++;
		if (p >= end || !is_digit(*p))
			return -1;
		while (p < end && is_digit(*p))
			p++;
	}
	ps->p = p;
	return 0;
}

static int parse_literal(struct parser *ps, const char *lit)
{
	size_t n = strlen(lit);

	if ((size_t)(ps->end - ps->p) < n || memcmp(ps->p, lit, n) != 0)
		return -1;
	ps->p += n;
	return 0;
}

/* An object or an array; |close| is '}' or ']'. */
static int parse_container(struct parser *ps, unsigned char close)
{
	if (++ps->depth > JSON_MAX_DEPTH)
		return -1;
	ps->p++;
	skip_ws(ps);
	if (ps->p < ps->end && *ps->p == close) {
		ps->p++;
		ps->depth--;
		return 0;
	}
	for (;;) {
		if (close == '}') {
			if (ps->p >= ps->end || *ps->p != '"' ||
			    parse_string(ps) < 0)
				return -1;
			skip_ws(ps);
			if (ps->p >= ps->end || *ps->p++ != ':')
				return -1;
			skip_ws(ps);
		}
		if (parse_value(ps) < 0)
			return -1;
		skip_ws(ps);
		if (ps->p >= ps->end)
			return -1;
		if (*ps->p == close) {
			ps->p++;
			ps->depth--;
			return 0;
		}
		if (*ps->p++ != ',')
			return -1;
		skip_ws(ps);
	}
}

static int parse_value(struct parser *ps)
{
	if (ps->p >= ps->end)
		return -1;
	switch (*ps->p) {
	case '{':
		return parse_container(ps, '}');
	case '[':
		return parse_container(ps, ']');
	case '"':
		return parse_string(ps);
	case 't':
		return parse_literal(ps, "true");
	case 'f':
		return parse_literal(ps, "false");
	case 'n':
		return parse_literal(ps, "null");
	default:
		return parse_number(ps);
	}
}

int json_parse(const char *text, size_t n, struct json_span *v)
{
	struct parser ps = {(const unsigned char *)text,
	                    (const unsigned char *)text + n, 0};
	const char *start;

	skip_ws(&ps);
	start = (const char *)ps.p;
	if (parse_value(&ps) < 0)
		return -1;
	v->p = start;
	v->n = (size_t)((const char *)ps.p - start);
	skip_ws(&ps);
	return ps.p == ps.end ? 0 : -1;
}

int json_number_syntax(const char *s, size_t n)
{
	struct parser ps = {(const unsigned char *)s,
	                    (const unsigned char *)s + n, 0};

	return parse_number(&ps) == 0 && ps.p == ps.end;
}

enum json_type json_type(struct json_span v)
{
	switch (v.n ? v.p[0] : '\0') {
	case '{':
		return JSON_OBJECT;
	case '[':
		return JSON_ARRAY;
	case '"':
		return JSON_STRING;
	case 't':
		return JSON_TRUE;
	case 'f':
		return JSON_FALSE;
	case 'n':
		return JSON_NULL;
	default:
		return JSON_NUMBER;
	}
}

/* The end of the valid value at |p|: re-parsing it is the simplest way to
 * skip it, and it cannot fail on text json_parse accepted. */
static const char *value_end(const char *p, const char *end)
{
	struct parser ps = {(const unsigned char *)p,
	                    (const unsigned char *)end, 0};

	if (parse_value(&ps) < 0)
		return end;
	return (const char *)ps.p;
}

static const char *skip_ws_text(const char *p, const char *end)
{
	while (p < end && is_ws((unsigned char)*p))
		p++;
	return p;
}

void json_iter_init(struct json_iter *it, struct json_span container)
{
	/* Between the brackets; json_iter_next skips separators. */
	it->p = container.p + 1;
	it->end = container.p + container.n - 1;
}

int json_iter_next(struct json_iter *it, struct json_span *key,
                   struct json_span *val)
{
	const char *p = skip_ws_text(it->p, it->end);

	if (p < it->end && *p == ',')
		p = skip_ws_text(p + 1, it->end);
	if (p >= it->end)
		return 0;
	if (*p == '"' && it->end[0] == '}') {
		const char *k = p;

		p = value_end(p, it->end);
		if (key) {
			key->p = k;
			key->n = (size_t)(p - k);
		}
		p = skip_ws_text(p, it->end);
		p = skip_ws_text(p + 1, it->end); /* the colon */
	}
	val->p = p;
	p = value_end(p, it->end);
	val->n = (size_t)(p - val->p);
	it->p = p;
	return 1;
}

static unsigned long hex4(const char *p)
{
	unsigned long v = 0;

	for (int i = 0; i < 4; i++)
		v = v << 4 | (unsigned long)hex_value((unsigned char)p[i]);
	return v;
}

/* Decodes the \u escape at |*pp| (at the 'u'), joining a surrogate pair;
 * returns the code point and advances |*pp| past what it used. */
static unsigned long decode_u(const char **pp, const char *end)
{
	const char *p = *pp;
	unsigned long cp = hex4(p + 1);

	p += 5;
	if (cp >= 0xD800 && cp <= 0xDBFF && end - p >= 6 && p[0] == '\\' &&
	    p[1] == 'u') {
		unsigned long lo = hex4(p + 2);

		if (lo >= 0xDC00 && lo <= 0xDFFF) {
			cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
			p += 6;
		}
	}
	*pp = p;
	if (cp >= 0xD800 && cp <= 0xDFFF)
		return JSON_UTF8_REPLACEMENT; /* a lone surrogate */
	return cp;
}

static char simple_escape(char c)
{
	switch (c) {
	case 'b':
		return '\b';
	case 'f':
		return '\f';
	case 'n':
		return '\n';
	case 'r':
		return '\r';
	case 't':
		return '\t';
	default:
		return c; /* " \ / */
	}
}

size_t json_string_decode(struct json_span s, char *out, size_t cap)
{
	const char *p = s.p + 1, *end = s.p + s.n - 1;
	size_t n = 0;

	while (p < end) {
		char tmp[4];
		size_t k = 1;

		if (*p != '\\') {
			tmp[0] = *p++;
		} else if (p[1] != 'u') {
			tmp[0] = simple_escape(p[1]);
			p += 2;
		} else {
			p++;
			k = json_utf8_put(decode_u(&p, end), tmp);
		}
		for (size_t i = 0; i < k; i++, n++)
			if (n < cap)
				out[n] = tmp[i];
	}
	return n;
}

char *json_string_dup(struct json_span s, size_t *n)
{
	char *out = malloc(s.n + 1);
	size_t len;

	if (!out)
		return NULL;
	len = json_string_decode(s, out, s.n);
	out[len] = '\0';
	if (n)
		*n = len;
	return out;
}

int json_string_is(struct json_span s, const char *lit)
{
	char buf[64];
	size_t want = strlen(lit), n;

	if (want >= sizeof(buf) || s.n < 2)
		return 0;
	n = json_string_decode(s, buf, sizeof(buf));
	return n == want && memcmp(buf, lit, n) == 0;
}

int json_uint53(struct json_span v, uint64_t *out)
{
	uint64_t x = 0;

	if (v.n == 0 || v.n > 16)
		return -1;
	for (size_t i = 0; i < v.n; i++) {
		if (!is_digit((unsigned char)v.p[i]))
			return -1;
		x = x * 10 + (uint64_t)(v.p[i] - '0');
	}
	if (x >= (UINT64_C(1) << 53))
		return -1;
	*out = x;
	return 0;
}

int json_object_fields(struct json_span obj, struct json_field *f, size_t n)
{
	struct json_iter it;
	struct json_span key, val;

	for (size_t i = 0; i < n; i++)
		f[i].found = 0;
	json_iter_init(&it, obj);
	while (json_iter_next(&it, &key, &val)) {
		for (size_t i = 0; i < n; i++) {
			enum json_type t = json_type(val);

			if (!json_string_is(key, f[i].name))
				continue;
			if (f[i].found++)
				return -1;
			if (t == JSON_FALSE)
				t = JSON_TRUE;
			if (f[i].type != JSON_ANY && f[i].type != t)
				return -1;
			f[i].val = val;
		}
	}
	return 0;
}
