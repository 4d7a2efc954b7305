/*
 * report_text.c - the run's strings made safe for each report.  Evidence
 * is whatever an attack printed: any bytes, cut at its array's size.  JSON
 * needs valid UTF-8, XML 1.0 forbids most control characters even as
 * references, and Markdown would render an attack's output as markup.
 */
#include <stdlib.h>
#include <string.h>

#include "report_int.h"

#define REPLACEMENT 0xFFFDu

static bool cont(unsigned char c)
{
	return (c & 0xC0) == 0x80;
}

size_t text_decode(const char *s, size_t len, uint32_t *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	unsigned char lo = 0x80, hi = 0xBF;
	size_t need;
	uint32_t v;

	*cp = REPLACEMENT;
	if (u[0] < 0x80) {
		*cp = u[0];
		return 1;
	}
	if (u[0] >= 0xC2 && u[0] <= 0xDF) {
		need = 1;
		v = u[0] & 0x1F;
	} else if (u[0] >= 0xE0 && u[0] <= 0xEF) {
		need = 2;
		v = u[0] & 0x0F;
		lo = u[0] == 0xE0 ? 0xA0 : 0x80; /* overlong */
		hi = u[0] == 0xED ? 0x9F : 0xBF; /* surrogates */
	} else if (u[0] >= 0xF0 && u[0] <= 0xF4) {
		need = 3;
		v = u[0] & 0x07;
		lo = u[0] == 0xF0 ? 0x90 : 0x80; /* overlong */
		hi = u[0] == 0xF4 ? 0x8F : 0xBF; /* past U+10FFFF */
	} else {
		return 1;
	}
	if (len <= need || u[1] < lo || u[1] > hi)
		return 1;
	for (size_t i = 1; i <= need; i++) {
		if (!cont(u[i]))
			return 1;
		v = v << 6 | (u[i] & 0x3F);
	}
	*cp = v;
	return need + 1;
}

static size_t encode(uint32_t cp, char *out)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | cp >> 6);
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | cp >> 12);
		out[1] = (char)(0x80 | (cp >> 6 & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | cp >> 18);
	out[1] = (char)(0x80 | (cp >> 12 & 0x3F));
	out[2] = (char)(0x80 | (cp >> 6 & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

static void put(FILE *f, uint32_t cp)
{
	char buf[4];
	size_t n = encode(cp, buf);

	fwrite(buf, 1, n, f);
}

char *text_clean(const char *s, size_t max)
{
	size_t len = strnlen(s, max), used = 0;
	/* each bad byte becomes the 3 bytes of U+FFFD */
	char *out = malloc(len * 3 + 1);

	if (!out)
		return NULL;
	for (size_t i = 0; i < len;) {
		uint32_t cp;

		i += text_decode(s + i, len - i, &cp);
		used += encode(cp, out + used);
	}
	out[used] = '\0';
	return out;
}

static bool xml_char(uint32_t cp)
{
	return cp == 0x9 || cp == 0xA || cp == 0xD ||
	       (cp >= 0x20 && cp <= 0xD7FF) || (cp >= 0xE000 && cp <= 0xFFFD) ||
	       (cp >= 0x10000 && cp <= 0x10FFFF);
}

void text_xml(FILE *f, const char *s, size_t max)
{
	size_t len = strnlen(s, max);

	for (size_t i = 0; i < len;) {
		uint32_t cp;

		i += text_decode(s + i, len - i, &cp);
		switch (cp) {
		case '&':
			fputs("&amp;", f);
			break;
		case '<':
			fputs("&lt;", f);
			break;
		case '>':
			fputs("&gt;", f);
			break;
		case '"':
			fputs("&quot;", f);
			break;
		case '\'':
			fputs("&apos;", f);
			break;
		case '\t':
		case '\n':
		case '\r':
			/* in an attribute a raw one would become a space */
			fprintf(f, "&#%u;", (unsigned)cp);
			break;
		default:
			put(f, xml_char(cp) ? cp : REPLACEMENT);
		}
	}
}

/* Characters that could start markup, a mention or an entity on GitHub. */
static bool md_special(uint32_t cp)
{
	return cp != 0 && cp < 0x80 && strchr("\\`*_[]<>|~#@!$", (int)cp);
}

void text_md(FILE *f, const char *s, size_t max, size_t limit)
{
	size_t len = strnlen(s, max), shown = 0;

	for (size_t i = 0; i < len; shown++) {
		uint32_t cp;

		if (shown == limit) {
			fputs("…", f);
			return;
		}
		i += text_decode(s + i, len - i, &cp);
		if (cp == '\n')
			fputs(" ↵ ", f);
		else if (cp == '\t' || cp == '\r')
			fputc(' ', f);
		else if (cp == '&')
			fputs("&amp;", f);
		else if (md_special(cp))
			fprintf(f, "\\%c", (char)cp);
		else
			put(f, cp < 0x20 || cp == 0x7F ? REPLACEMENT : cp);
	}
}

const char *report_oracles(uint64_t fired, const char *sep, char *buf,
                           size_t size)
{
	size_t used = 0;

	buf[0] = '\0';
	for (int i = 0; i < 64 && used < size; i++) {
		char unknown[16];
		const char *name;
		int n;

		if (!(fired & UINT64_C(1) << i))
			continue;
		name = i < ORACLE_COUNT ? oracle_name((enum oracle)i) : NULL;
		if (!name) {
			snprintf(unknown, sizeof(unknown), "bit%d", i);
			name = unknown;
		}
		n = snprintf(buf + used, size - used, "%s%s", used ? sep : "",
		             name);
		used += n > 0 ? (size_t)n : 0;
	}
	return buf;
}

const char *report_label(const struct column *c)
{
	return c->control ? "control" : c->sandbox ? "sandbox" : "unsandboxed";
}
