/*
 * mcp_line.c - stdin cut into newline-delimited messages in bounded
 * memory.  A line is kept up to a limit; past it the rest is read and
 * dropped as it comes, and only the line's top-level "id" is picked out on
 * the way (a few dozen bytes), so that the request can still be answered
 * with an error instead of leaving its client waiting.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "mcp.h"

#define FIRST_CAP (64u << 10)

enum { POS_WANT_KEY, POS_KEY, POS_AFTER_KEY, POS_VALUE };

void mcp_idscan_init(struct mcp_idscan *s)
{
	memset(s, 0, sizeof(*s));
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static void capture(struct mcp_idscan *s, char c)
{
	if (s->raw_len + 1 < sizeof(s->raw))
		s->raw[s->raw_len++] = c;
	else
		s->over = true;
}

static void scan_in_string(struct mcp_idscan *s, char c)
{
	bool key = s->depth == 1 && s->pos == POS_KEY;

	if (s->capturing)
		capture(s, c);
	if (s->esc) {
		s->esc = false;
		return;
	}
	if (c == '\\') {
		s->esc = true;
		s->key_esc |= key;
		return;
	}
	if (c == '"') {
		s->in_str = false;
		if (key) {
			s->pos = POS_AFTER_KEY;
			/* An escaped key ("\u0069d") is not recognized:
			 * the answer then goes to null, never elsewhere. */
			s->key_is_id = !s->key_esc && s->key_len == 2 &&
			               memcmp(s->key, "id", 2) == 0;
		}
		return;
	}
	if (key) {
		if (s->key_len < sizeof(s->key))
			s->key[s->key_len] = c;
		s->key_len += s->key_len <= sizeof(s->key);
	}
}

static void scan_byte(struct mcp_idscan *s, char c)
{
	if (s->depth < 0 || s->ended)
		return;
	if (s->in_str) {
		scan_in_string(s, c);
		return;
	}
	if (s->depth == 0) {
		if (is_space(c))
			return;
		if (c != '{') {
			s->depth = -1;
			return;
		}
		s->depth = 1;
		s->pos = POS_WANT_KEY;
		return;
	}
	if (s->capturing && s->depth == 1 && (c == ',' || c == '}')) {
		s->capturing = false;
		s->captured = true;
		while (s->raw_len && is_space(s->raw[s->raw_len - 1]))
			s->raw_len--;
		s->raw[s->raw_len] = '\0';
	} else if (s->capturing && (s->raw_len || !is_space(c))) {
		capture(s, c);
	}
	switch (c) {
	case '"':
		s->in_str = true;
		if (s->depth == 1 && s->pos == POS_WANT_KEY) {
			s->pos = POS_KEY;
			s->key_len = 0;
			s->key_esc = false;
		}
		break;
	case '{':
	case '[':
		if (s->depth < 1 << 20)
			s->depth++;
		break;
	case '}':
	case ']':
		if (--s->depth == 0)
			s->ended = true;
		break;
	case ':':
		if (s->depth == 1 && s->pos == POS_AFTER_KEY) {
			s->pos = POS_VALUE;
			if (s->key_is_id && !s->captured) {
				s->capturing = true;
				s->raw_len = 0;
			}
		}
		break;
	case ',':
		if (s->depth == 1)
			s->pos = POS_WANT_KEY;
		break;
	}
}

void mcp_idscan_feed(struct mcp_idscan *s, const char *p, size_t n)
{
	for (size_t i = 0; i < n && s->depth >= 0 && !s->ended; i++)
		scan_byte(s, p[i]);
}

enum mcp_scan_id mcp_idscan_result(struct mcp_idscan *s)
{
	if (s->captured && !s->over && s->raw_len)
		return MCP_ID_FOUND;
	if (s->ended && !s->captured && !s->capturing)
		return MCP_ID_ABSENT;
	return MCP_ID_UNKNOWN;
}

/* ---- lines -------------------------------------------------------------- */

void mcp_lines_init(struct mcp_lines *l, size_t max)
{
	memset(l, 0, sizeof(*l));
	l->max = max;
}

void mcp_lines_release(struct mcp_lines *l)
{
	free(l->buf);
	memset(l, 0, sizeof(*l));
}

/* Room for |need| bytes and a NUL; false when the line must be dropped. */
static bool reserve(struct mcp_lines *l, size_t need)
{
	size_t cap = l->cap               ? l->cap
	             : l->max < FIRST_CAP ? l->max + 1
	                                  : FIRST_CAP;
	char *b;

	if (need > l->max)
		return false;
	if (need + 1 <= l->cap)
		return true;
	while (cap < need + 1)
		cap = cap > l->max / 2 ? l->max + 1 : cap * 2;
	if (!(b = realloc(l->buf, cap)))
		return false;
	l->buf = b;
	l->cap = cap;
	return true;
}

static void start_dropping(struct mcp_lines *l)
{
	l->dropping = true;
	mcp_idscan_init(&l->scan);
	mcp_idscan_feed(&l->scan, l->buf, l->len);
	l->dropped = l->len;
	l->len = 0;
}

static void end_line(struct mcp_lines *l, const struct mcp_line_cb *cb)
{
	if (l->dropping) {
		cb->oversized(cb->ud, &l->scan, l->dropped);
		l->dropping = false;
		l->dropped = 0;
		return;
	}
	if (l->len && l->buf[l->len - 1] == '\r')
		l->len--;
	if (!reserve(l, l->len)) { /* only when the buffer never grew */
		l->len = 0;
		return;
	}
	l->buf[l->len] = '\0';
	cb->line(cb->ud, l->buf, l->len);
	l->len = 0;
	/* A huge line's buffer is not kept for the small ones that follow. */
	if (l->cap > (1u << 20)) {
		free(l->buf);
		l->buf = NULL;
		l->cap = 0;
	}
}

void mcp_lines_feed(struct mcp_lines *l, const char *p, size_t n,
                    const struct mcp_line_cb *cb)
{
	while (n > 0) {
		const char *nl = memchr(p, '\n', n);
		size_t chunk = nl ? (size_t)(nl - p) : n;

		if (l->dropping) {
			mcp_idscan_feed(&l->scan, p, chunk);
			l->dropped += chunk;
		} else if (reserve(l, l->len + chunk)) {
			memcpy(l->buf + l->len, p, chunk);
			l->len += chunk;
		} else {
			start_dropping(l);
			mcp_idscan_feed(&l->scan, p, chunk);
			l->dropped += chunk;
		}
		if (nl) {
			end_line(l, cb);
			chunk++;
		}
		p += chunk;
		n -= chunk;
	}
}

void mcp_lines_finish(struct mcp_lines *l, const struct mcp_line_cb *cb)
{
	if (l->len || l->dropping)
		end_line(l, cb);
}
