/*
 * matrix.c - terminal output of the conformance runner.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "matrix.h"

static bool use_color(FILE *f)
{
	const char *nc = getenv("NO_COLOR");

	return isatty(fileno(f)) && !(nc && *nc);
}

static const char *color(FILE *f, const struct result *r,
                         const struct column *c)
{
	if (!use_color(f))
		return "";
	switch (r->outcome) {
	case OUTCOME_BLOCKED:
		return "\033[32m";
	case OUTCOME_SUCCEEDED:
		return c->control ? "" : c->sandbox ? "\033[1;31m" : "\033[33m";
	case OUTCOME_INCONCLUSIVE:
	case OUTCOME_ERROR:
		return "\033[1;33m";
	default:
		return "\033[2m";
	}
}

void matrix_progress(FILE *f, size_t done, size_t total, const struct result *r,
                     const struct column *cols)
{
	const struct column *c = &cols[r->column];

	if (isatty(fileno(f)))
		fprintf(f, "\r\033[K[%zu/%zu] %s/%s %s: %s", done, total,
		        r->attack->id, lang_name(r->lang), c->name,
		        outcome_name(r->outcome));
	else
		fprintf(f, "[%zu/%zu] %s %s %s: %s (%lld ms)\n", done, total,
		        r->attack->id, lang_name(r->lang), c->name,
		        outcome_name(r->outcome), (long long)r->ms);
	fflush(f);
}

/* Does this result need a line of evidence under the matrix? */
static bool noteworthy(const struct result *r, const struct column *c)
{
	if (r->outcome == OUTCOME_INCONCLUSIVE || r->outcome == OUTCOME_ERROR)
		return true;
	if (r->outcome == OUTCOME_SKIPPED)
		return !c->control;
	return r->outcome == OUTCOME_SUCCEEDED && !c->control;
}

void matrix_print(FILE *f, const struct result *res, size_t n,
                  const struct column *cols, int n_cols, bool all)
{
	const char *reset = use_color(f) ? "\033[0m" : "";
	const char *category = "";
	size_t counts[MAX_COLUMNS][5];

	memset(counts, 0, sizeof(counts));
	if (isatty(fileno(f)))
		fprintf(f, "\r\033[K");
	fprintf(f, "\n%-24s %-5s", "attack", "lang");
	for (int c = 0; c < n_cols; c++)
		fprintf(f, " %-13s",
		        cols[c].sandbox || cols[c].control ? cols[c].name
		                                           : "none*");
	fputc('\n', f);
	for (size_t i = 0; i < n; i += (size_t)n_cols) {
		const struct result *row = &res[i];

		if (strcmp(category, row->attack->category)) {
			category = row->attack->category;
			fprintf(f, "%s\n", category);
		}
		fprintf(f, "  %-22s %-5s", row->attack->id,
		        lang_name(row->lang));
		for (int c = 0; c < n_cols; c++) {
			const struct result *r = &res[i + (size_t)c];

			counts[c][r->outcome]++;
			fprintf(f, " %s%-13s%s", color(f, r, &cols[c]),
			        outcome_name(r->outcome), reset);
		}
		fputc('\n', f);
	}
	fprintf(f, "\n* none is unsandboxed: environment scrub, rlimits and a "
	           "private HOME only.\n");

	bool header = false;
	for (size_t i = 0; i < n; i++) {
		const struct column *c = &cols[res[i].column];

		if (!all && !noteworthy(&res[i], c))
			continue;
		if (!header) {
			fprintf(f, "\nevidence:\n");
			header = true;
		}
		fprintf(f, "  %s/%s under %s: %s: %s\n", res[i].attack->id,
		        lang_name(res[i].lang), c->name,
		        outcome_name(res[i].outcome), res[i].evidence);
	}
	fprintf(f, "\nsummary:\n");
	for (int c = 0; c < n_cols; c++) {
		size_t total = 0;

		for (int o = 0; o < 5; o++)
			total += counts[c][o];
		if (cols[c].control)
			fprintf(f,
			        "  %-8s %zu/%zu attacks worked unconfined, %zu "
			        "inconclusive, %zu skipped\n",
			        cols[c].name, counts[c][OUTCOME_SUCCEEDED],
			        total, counts[c][OUTCOME_INCONCLUSIVE],
			        counts[c][OUTCOME_SKIPPED]);
		else
			fprintf(f,
			        "  %-8s blocked %zu/%zu, succeeded %zu, "
			        "inconclusive "
			        "%zu, skipped %zu, errors %zu%s\n",
			        cols[c].name, counts[c][OUTCOME_BLOCKED], total,
			        counts[c][OUTCOME_SUCCEEDED],
			        counts[c][OUTCOME_INCONCLUSIVE],
			        counts[c][OUTCOME_SKIPPED],
			        counts[c][OUTCOME_ERROR],
			        cols[c].sandbox ? "" : " (unsandboxed)");
	}
}
