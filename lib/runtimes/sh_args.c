/*
 * sh_args.c - parsing the spec, giving words to arguments, converting
 * values to their declared JSON types.
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json_read.h"
#include "json_utf8.h"
#include "sh_args.h"

/* Integers from 2^53 on do not survive the host's doubles (and strtod
 * has already rounded 2^53 + 1 to 2^53). */
#define MAX_EXACT 9007199254740992.0

static const char *const type_names[] = {
    [SH_STRING] = "string",   [SH_NUMBER] = "number", [SH_INTEGER] = "integer",
    [SH_BOOLEAN] = "boolean", [SH_OBJECT] = "object", [SH_ARRAY] = "array",
};

int sh_type_parse(const char *s, size_t n)
{
	for (size_t i = 0; i < sizeof(type_names) / sizeof(type_names[0]); i++)
		if (strlen(type_names[i]) == n &&
		    memcmp(type_names[i], s, n) == 0)
			return (int)i;
	return -1;
}

const char *sh_type_name(enum sh_type t)
{
	return type_names[t];
}

int sh_is_identifier(const char *s, size_t n)
{
	if (n == 0 || isdigit((unsigned char)s[0]))
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '_')
			return 0;
	return 1;
}

static struct sh_param *find_param(const struct sh_call *call, const char *name,
                                   size_t len)
{
	for (size_t i = 0; i < call->n; i++)
		if (call->params[i].len == len &&
		    memcmp(call->params[i].name, name, len) == 0)
			return &call->params[i];
	return NULL;
}

static size_t count_words(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		if (*s != ' ' && (s[1] == ' ' || s[1] == '\0'))
			n++;
	return n;
}

int sh_call_parse(struct sh_call *call, const char *tool, const char *spec,
                  char *msg, size_t size)
{
	size_t words = count_words(spec);
	const char *p = spec;

	call->tool = tool;
	call->n = 0;
	if (!sh_is_identifier(tool, strlen(tool))) {
		snprintf(msg, size, "invalid tool name '%.64s'", tool);
		return (call->params = NULL, -1);
	}
	if (!(call->params =
	          calloc(words ? words : 1, sizeof(*call->params)))) {
		snprintf(msg, size, "out of memory");
		return -1;
	}
	while (call->n < words) {
		struct sh_param *a = &call->params[call->n];
		const char *end, *colon;
		int type;

		while (*p == ' ')
			p++;
		end = p + strcspn(p, " ");
		colon = memchr(p, ':', (size_t)(end - p));
		if (!colon || !sh_is_identifier(p, (size_t)(colon - p)) ||
		    (type = sh_type_parse(colon + 1,
		                          (size_t)(end - colon - 1))) < 0 ||
		    find_param(call, p, (size_t)(colon - p))) {
			snprintf(msg, size, "invalid argument spec '%.*s'",
			         (int)(end - p), p);
			return -1;
		}
		*a = (struct sh_param){p, (size_t)(colon - p), type, NULL};
		call->n++;
		p = end;
	}
	return 0;
}

void sh_call_release(struct sh_call *call)
{
	free(call->params);
	call->params = NULL;
	call->n = 0;
}

static int give(struct sh_param *a, const char *value, char *msg, size_t size)
{
	if (a->value) {
		snprintf(msg, size, "argument '%.*s' given twice", (int)a->len,
		         a->name);
		return -1;
	}
	a->value = value;
	return 0;
}

int sh_call_assign(struct sh_call *call, char *const *words, size_t n,
                   char *msg, size_t size)
{
	size_t plain = 0;

	for (size_t i = 0; i < n; i++) {
		const char *w = words[i], *eq = strchr(w, '=');
		struct sh_param *a;

		if (eq && sh_is_identifier(w, (size_t)(eq - w))) {
			if (!(a = find_param(call, w, (size_t)(eq - w)))) {
				snprintf(msg, size, "unknown argument '%.*s'",
				         (int)(eq - w), w);
				return -1;
			}
			if (give(a, eq + 1, msg, size) < 0)
				return -1;
		} else if (plain >= call->n) {
			snprintf(msg, size, "too many arguments");
			return -1;
		} else if (give(&call->params[plain++], w, msg, size) < 0) {
			return -1;
		}
	}
	for (size_t i = 0; i < call->n; i++)
		if (!call->params[i].value) {
			snprintf(msg, size, "missing argument '%.*s'",
			         (int)call->params[i].len,
			         call->params[i].name);
			return -1;
		}
	return 0;
}

/* The shortest of %.15g, %.16g, %.17g that reads back as |d|. */
static void add_double(struct json_buf *b, double d)
{
	char tmp[40];

	for (int prec = 15; prec <= 17; prec++) {
		snprintf(tmp, sizeof(tmp), "%.*g", prec, d);
		if (strtod(tmp, NULL) == d)
			break;
	}
	json_buf_adds(b, tmp);
}

static int add_number(struct json_buf *b, const char *s, int integer)
{
	char *end;
	double d;

	if (!*s || isspace((unsigned char)*s))
		return -1;
	errno = 0;
	d = strtod(s, &end);
	if (*end || !isfinite(d))
		return -1;
	if (integer) {
		if (d <= -MAX_EXACT || d >= MAX_EXACT ||
		    d != (double)(long long)d)
			return -1;
		json_buf_addf(b, "%lld", (long long)d);
	} else if (json_number_syntax(s, strlen(s))) {
		json_buf_adds(b, s); /* exactly as written */
	} else {
		add_double(b, d); /* "+5", ".5", "0x10", "1." */
	}
	return 0;
}

static int add_value(struct json_buf *b, const struct sh_param *a)
{
	const char *s = a->value;
	struct json_span v;
	size_t n = strlen(s);

	switch (a->type) {
	case SH_STRING:
		if (!json_utf8_valid(s, n))
			return -1;
		json_buf_add_string(b, s, n);
		return 0;
	case SH_NUMBER:
	case SH_INTEGER:
		return add_number(b, s, a->type == SH_INTEGER);
	case SH_BOOLEAN:
		if (strcmp(s, "true") != 0 && strcmp(s, "false") != 0)
			return -1;
		json_buf_adds(b, s);
		return 0;
	case SH_OBJECT:
	case SH_ARRAY:
		if (json_parse(s, n, &v) < 0 ||
		    json_type(v) !=
		        (a->type == SH_OBJECT ? JSON_OBJECT : JSON_ARRAY))
			return -1;
		json_buf_add(b, v.p, v.n);
		return 0;
	}
	return -1;
}

static const char *expected(enum sh_type t)
{
	switch (t) {
	case SH_STRING:
		return "valid UTF-8";
	case SH_NUMBER:
		return "a number";
	case SH_INTEGER:
		return "an integer";
	case SH_BOOLEAN:
		return "true or false";
	case SH_OBJECT:
		return "a JSON object";
	default:
		return "a JSON array";
	}
}

int sh_call_args_json(const struct sh_call *call, struct json_buf *b, char *msg,
                      size_t size)
{
	json_buf_add(b, "{", 1);
	for (size_t i = 0; i < call->n; i++) {
		const struct sh_param *a = &call->params[i];

		if (i)
			json_buf_add(b, ",", 1);
		json_buf_add_string(b, a->name, a->len);
		json_buf_add(b, ":", 1);
		if (add_value(b, a) < 0) {
			snprintf(msg, size,
			         "argument '%.*s' must be %s, not '%.40s%s'",
			         (int)a->len, a->name, expected(a->type),
			         a->value, strlen(a->value) > 40 ? "..." : "");
			return -1;
		}
	}
	json_buf_add(b, "}", 1);
	return 0;
}

void sh_call_usage(const struct sh_call *call, char *out, size_t size)
{
	size_t len = (size_t)snprintf(out, size, "%s", call->tool);

	for (size_t i = 0; i < call->n && len < size; i++)
		len += (size_t)snprintf(out + len, size - len, " %.*s=<%s>",
		                        (int)call->params[i].len,
		                        call->params[i].name,
		                        sh_type_name(call->params[i].type));
}
