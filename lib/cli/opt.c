/*
 * opt.c - the table-driven option parser of the securer command.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "opt.h"

void cli_error(const char *fmt, ...)
{
	va_list ap;

	fputs("securer: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

long long cli_parse_seconds(const char *s)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (errno || end == s || *end || !isfinite(v) || v < 0 || v > 1e9)
		return -1;
	return llround(v * 1000.0);
}

void cli_usage(FILE *out, const char *usage, const struct cli_opt *t, size_t n)
{
	fprintf(out, "usage: %s\n\noptions:\n", usage);
	for (size_t i = 0; i < n; i++) {
		char left[64];

		snprintf(left, sizeof(left), "%s%c%s--%s%s%s",
		         t[i].short_name ? "-" : "   ",
		         t[i].short_name ? t[i].short_name : ' ',
		         t[i].short_name ? ", " : "", t[i].name,
		         t[i].metavar ? " " : "",
		         t[i].metavar ? t[i].metavar : "");
		fprintf(out, "  %-30s %s\n", left, t[i].help);
	}
	fprintf(out, "  %-30s %s\n", "-h, --help", "show this help");
}

static const struct cli_opt *find_long(const struct cli_opt *t, size_t n,
                                       const char *name, size_t len)
{
	for (size_t i = 0; i < n; i++)
		if (strlen(t[i].name) == len &&
		    strncmp(t[i].name, name, len) == 0)
			return &t[i];
	return NULL;
}

static const struct cli_opt *find_short(const struct cli_opt *t, size_t n,
                                        char c)
{
	for (size_t i = 0; i < n; i++)
		if (t[i].short_name == c)
			return &t[i];
	return NULL;
}

/* Two entries with one name: the second could never be reached, and the
 * usage would promise it. */
static bool table_ok(const struct cli_opt *t, size_t n)
{
	for (size_t i = 0; i < n; i++)
		for (size_t j = i + 1; j < n; j++) {
			if (strcmp(t[i].name, t[j].name) == 0 ||
			    (t[i].short_name &&
			     t[i].short_name == t[j].short_name)) {
				cli_error(
				    "internal error: the options --%s and --%s "
				    "share a name",
				    t[i].name, t[j].name);
				return false;
			}
		}
	return true;
}

int cli_parse(int argc, char **argv, const struct cli_opt *t, size_t n,
              cli_opt_fn fn, void *ctx, const char *usage, int *first_operand)
{
	int i;

	if (!table_ok(t, n))
		return CLI_EXIT_CANNOT_RUN;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *value = NULL, *eq;
		const struct cli_opt *o;
		int rc;

		if (strcmp(a, "--") == 0) {
			i++;
			break;
		}
		if (a[0] != '-' || a[1] == '\0')
			break;
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			cli_usage(stdout, usage, t, n);
			return -1;
		}
		if (a[1] == '-') {
			eq = strchr(a + 2, '=');
			o = find_long(t, n, a + 2,
			              eq ? (size_t)(eq - a - 2)
			                 : strlen(a + 2));
			if (eq)
				value = eq + 1;
		} else {
			o = a[2] == '\0' ? find_short(t, n, a[1]) : NULL;
		}
		if (!o) {
			cli_error("unknown option '%s' (see --help)", a);
			return CLI_EXIT_CANNOT_RUN;
		}
		if (o->metavar && !value) {
			if (i + 1 >= argc) {
				cli_error("option '--%s' needs a value (%s)",
				          o->name, o->metavar);
				return CLI_EXIT_CANNOT_RUN;
			}
			value = argv[++i];
		} else if (!o->metavar && value) {
			cli_error("option '--%s' takes no value", o->name);
			return CLI_EXIT_CANNOT_RUN;
		}
		if ((rc = fn(ctx, o->id, value)) != 0)
			return rc;
	}
	*first_operand = i;
	return 0;
}
