/*
 * opt.h - command-line options parsed from a table.
 *
 * Each subcommand declares a table of struct cli_opt and one callback; the
 * parser handles --long, --long=VALUE, --long VALUE, -s and -s VALUE, stops
 * at "--" or at the first operand, and prints usage from the same table, so
 * help text and parser cannot drift apart.
 */
#ifndef SECURER_CLI_OPT_H
#define SECURER_CLI_OPT_H

#include <stdbool.h>
#include <stdio.h>

#include "exit_status.h"

struct cli_opt {
	const char *name;    /* long name without "--" */
	char short_name;     /* 0 when none */
	const char *metavar; /* NULL: a flag without value */
	int id;              /* passed to the callback */
	const char *help;
};

/* Returns 0 to go on, or a non-zero exit status to stop with. */
typedef int (*cli_opt_fn)(void *ctx, int id, const char *value);

/* Parses argv[1..] (argv[0] is the subcommand).  On success returns 0 and
 * sets *first_operand to the index of the first operand (argc when none).
 * On a bad option prints the reason and returns CLI_EXIT_CANNOT_RUN.
 * --help prints usage and returns -1 (the caller exits 0). */
int cli_parse(int argc, char **argv, const struct cli_opt *table, size_t n,
              cli_opt_fn fn, void *ctx, const char *usage, int *first_operand);

void cli_usage(FILE *out, const char *usage, const struct cli_opt *table,
               size_t n);

/* Errors of the CLI: "securer: <message>" on stderr. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Seconds as a decimal number ("2", "0.5") to milliseconds; -1 if bad. */
long long cli_parse_seconds(const char *s);

#endif
