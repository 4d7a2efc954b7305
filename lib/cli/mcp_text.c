/*
 * mcp_text.c - text the MCP server checks or makes: UTF-8 (what a client
 * sends must be; what sandboxed code printed is repaired before it goes
 * out), base64 for file contents, and image types by their magic bytes.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mcp.h"

/* Length of the valid UTF-8 sequence at |s| (at most |n| bytes), or 0 when
 * it is not one.  NUL counts as invalid: JSON text carries it escaped. */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
	unsigned c = s[0];
	size_t len;
	unsigned lo = 0x80, hi = 0xBF;

	if (c >= 0x01 && c <= 0x7F)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		len = 2;
	else if (c >= 0xE0 && c <= 0xEF)
		len = 3;
	else if (c >= 0xF0 && c <= 0xF4)
		len = 4;
	else
		return 0;
	if (n < len)
		return 0;
	/* The second byte's range rules out overlong forms, surrogates and
	 * code points past U+10FFFF. */
	if (c == 0xE0)
		lo = 0xA0;
	else if (c == 0xED)
		hi = 0x9F;
	else if (c == 0xF0)
		lo = 0x90;
	else if (c == 0xF4)
		hi = 0x8F;
	if (s[1] < lo || s[1] > hi)
		return 0;
	for (size_t i = 2; i < len; i++)
		if (s[i] < 0x80 || s[i] > 0xBF)
			return 0;
	return len;
}

bool mcp_utf8_valid(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;

	for (size_t i = 0; i < n;) {
		size_t k = utf8_seq(p + i, n - i);

		if (!k)
			return false;
		i += k;
	}
	return true;
}

char *mcp_utf8_repair(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	char *out, *o;

	if (n > (SIZE_MAX - 1) / 3)
		return NULL;
	/* U+FFFD is 3 bytes and replaces at least one. */
	if (!(out = malloc(3 * n + 1)))
		return NULL;
	o = out;
	for (size_t i = 0; i < n;) {
		size_t k = utf8_seq(p + i, n - i);

		if (k) {
			memcpy(o, p + i, k);
			o += k;
			i += k;
		} else {
			memcpy(o, "\xEF\xBF\xBD", 3);
			o += 3;
			i++;
		}
	}
	*o = '\0';
	return out;
}

static const char b64[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

char *mcp_base64_encode(const unsigned char *p, size_t n)
{
	char *out, *o;
	size_t i;

	if (n > (SIZE_MAX / 4) * 3 - 3)
		return NULL;
	if (!(out = malloc((n + 2) / 3 * 4 + 1)))
		return NULL;
	o = out;
	for (i = 0; i + 3 <= n; i += 3) {
		uint32_t v =
		    (uint32_t)p[i] << 16 | (uint32_t)p[i + 1] << 8 | p[i + 2];

		*o++ = b64[v >> 18];
		*o++ = b64[(v >> 12) & 63];
		*o++ = b64[(v >> 6) & 63];
		*o++ = b64[v & 63];
	}
	if (i < n) {
		uint32_t v = (uint32_t)p[i] << 16 |
		             (i + 1 < n ? (uint32_t)p[i + 1] << 8 : 0);

		*o++ = b64[v >> 18];
		*o++ = b64[(v >> 12) & 63];
		*o++ = i + 1 < n ? b64[(v >> 6) & 63] : '=';
		*o++ = '=';
	}
	*o = '\0';
	return out;
}

static int b64_value(unsigned char c)
{
	const char *at = c ? strchr(b64, c) : NULL;

	return at ? (int)(at - b64) : -1;
}

int mcp_base64_decode(const char *s, size_t max, unsigned char **out,
                      size_t *out_len)
{
	size_t n = strlen(s), pad = 0, len = 0;
	unsigned char *buf;
	uint32_t acc = 0;
	int bits = 0;

	*out = NULL;
	*out_len = 0;
	/* Padding is optional; when present it completes the last quantum. */
	while (pad < 2 && n > pad && s[n - pad - 1] == '=')
		pad++;
	if (pad && (n % 4 != 0 || (n - pad) % 4 != 4 - pad))
		return -EINVAL;
	n -= pad;
	if (n % 4 == 1)
		return -EINVAL;
	if (n / 4 * 3 + (n % 4 ? n % 4 - 1 : 0) > max)
		return -EFBIG;
	if (!(buf = malloc(n / 4 * 3 + 3)))
		return -ENOMEM;
	for (size_t i = 0; i < n; i++) {
		int v = b64_value((unsigned char)s[i]);

		if (v < 0) {
			free(buf);
			return -EINVAL;
		}
		acc = acc << 6 | (uint32_t)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			buf[len++] = (unsigned char)(acc >> bits);
		}
	}
	/* The bits left over must be zero (one encoding per byte string). */
	if (acc & ((1u << bits) - 1)) {
		free(buf);
		return -EINVAL;
	}
	*out = buf;
	*out_len = len;
	return 0;
}

const char *mcp_image_type(const unsigned char *p, size_t n)
{
	static const struct {
		const char *magic;
		size_t len;
		size_t at;
		const char *type;
	} types[] = {
	    {"\x89PNG\r\n\x1a\n", 8, 0, "image/png"},
	    {"\xff\xd8\xff", 3, 0, "image/jpeg"},
	    {"GIF87a", 6, 0, "image/gif"},
	    {"GIF89a", 6, 0, "image/gif"},
	    {"WEBP", 4, 8, "image/webp"}, /* after "RIFF" and a size */
	};

	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		if (n < types[i].at + types[i].len ||
		    memcmp(p + types[i].at, types[i].magic, types[i].len) != 0)
			continue;
		if (types[i].at == 8 && memcmp(p, "RIFF", 4) != 0)
			continue;
		return types[i].type;
	}
	return NULL;
}

void mcp_size_text(char *buf, size_t n, double bytes)
{
	static const char *const units[] = {"bytes", "KiB", "MiB", "GiB",
	                                    "TiB"};
	int u = 0;

	while (bytes >= 1024 && u < 4 && (long long)bytes % 1024 == 0) {
		bytes /= 1024;
		u++;
	}
	snprintf(buf, n, "%.0f %s", bytes, units[u]);
}
