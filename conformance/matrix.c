/*
 * matrix.c - the terminal matrix, the evidence that needs attention, and
 * the summary (matrix.h).
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "matrix.h"

struct style {
	bool color;
};

static const char *paint(const struct style *st, enum outcome o, enum verdict v)
{
	if (!st->color)
		return "";
	if (v == VERDICT_REGRESSION || v == VERDICT_UNLISTED ||
	    o == OUTCOME_ERROR)
		return "\033[1;31m";
	if (o == OUTCOME_BLOCKED || o == OUTCOME_WORKS)
		return "\033[32m";
	if (o == OUTCOME_SUCCEEDED || o == OUTCOME_BROKEN)
		return v == VERDICT_OK ? "\033[33m" : "\033[1;31m";
	return "\033[2m";
}

bool matrix_attention(const struct run *run, const struct result *r)
{
	const struct column *col = &run->cols[r->column];

	if (r->outcome == OUTCOME_ERROR)
		return true;
	if (r->not_applicable)
		return false;
	if (col->control)
		return r->outcome == OUTCOME_INCONCLUSIVE ||
		       (run->ci && r->outcome == OUTCOME_SKIPPED);
	if (r->verdict == VERDICT_REGRESSION || r->verdict == VERDICT_UNLISTED)
		return true;
	return run->ci && r->verdict != VERDICT_OK &&
	       r->verdict != VERDICT_FIXED;
}

/* The cell as printed: the outcome, marked when it differs from what was
 * expected. */
static const char *cell_text(const struct result *r, const struct column *col,
                             char *buf, size_t size)
{
	const char *mark = "";

	if (!col->control && r->verdict == VERDICT_REGRESSION)
		mark = " !!";
	else if (!col->control && r->verdict == VERDICT_UNLISTED)
		mark = " ??";
	else if (!col->control && r->verdict == VERDICT_FIXED)
		mark = " (fixed)";
	else if (!col->control && (r->outcome == OUTCOME_SUCCEEDED ||
	                           r->outcome == OUTCOME_BROKEN))
		mark = " (exp.)";
	snprintf(buf, size, "%s%s", outcome_name(r->outcome), mark);
	return buf;
}

enum section { SECTION_EFFECTS, SECTION_SURFACE, SECTION_WORKLOADS };

static enum section section_of(const struct attack *a)
{
	return a->workload  ? SECTION_WORKLOADS
	       : a->surface ? SECTION_SURFACE
	                    : SECTION_EFFECTS;
}

static void section(FILE *f, const struct run *run, const struct style *st,
                    enum section which)
{
	static const char *const titles[] = {
	    [SECTION_EFFECTS] = "Effects (judged from outside the sandbox)",
	    [SECTION_SURFACE] = "Surface probes (is this kernel surface "
	                        "reachable? reported apart from effects)",
	    [SECTION_WORKLOADS] = "Workloads (must work: output and files "
	                          "as unconfined)",
	};
	const char *last = "";
	char label[48], text[64];
	bool any = false;

	for (size_t i = 0; i < run->n_results; i += (size_t)run->n_cols) {
		const struct result *row = &run->results[i];
		const struct attack *a = row->attack;

		if (section_of(a) != which)
			continue;
		if (!any) {
			fprintf(f, "\n%s\n%-34s %-16s", titles[which],
			        which == SECTION_WORKLOADS ? "workload"
			                                   : "attack",
			        "runtime");
			for (int c = 0; c < run->n_cols; c++)
				fprintf(f, " %-18s", run->cols[c].name);
			fprintf(f, "\n");
			any = true;
		}
		if (strcmp(last, a->category)) {
			fprintf(f, "%s\n", a->category);
			last = a->category;
		}
		fprintf(
		    f, "  %-32s %-16s", a->id,
		    runtime_label(row->lang, row->mode, label, sizeof(label)));
		for (int c = 0; c < run->n_cols; c++) {
			const struct result *r = &row[c];

			fprintf(f, " %s%-18s%s",
			        paint(st, r->outcome, r->verdict),
			        cell_text(r, &run->cols[c], text, sizeof(text)),
			        st->color ? "\033[0m" : "");
		}
		fprintf(f, "\n");
	}
}

static void evidence(FILE *f, const struct run *run, bool verbose)
{
	char label[48];
	bool header = false;

	for (size_t i = 0; i < run->n_results; i++) {
		const struct result *r = &run->results[i];
		const struct column *col = &run->cols[r->column];
		bool attention = matrix_attention(run, r);

		if (!attention && !verbose)
			continue;
		if (!header) {
			fprintf(f, "\n%s\n",
			        verbose ? "Evidence" : "Needs attention");
			header = true;
		}
		fprintf(f, "  %s%-12s %s/%s %s under %s (%lld ms): %s\n",
		        attention ? "* " : "  ",
		        col->control ? outcome_name(r->outcome)
		                     : verdict_name(r->verdict),
		        r->attack->category, r->attack->id,
		        runtime_label(r->lang, r->mode, label, sizeof(label)),
		        col->name, (long long)r->ms, r->evidence);
		if (!col->control && r->verdict != VERDICT_OK &&
		    r->expect_reason[0])
			fprintf(f, "      expected %s: %s\n",
			        outcome_name(r->expected), r->expect_reason);
	}
}

void matrix_sides(const struct run *run, int c, struct sides *sd)
{
	memset(sd, 0, sizeof(*sd));
	for (size_t i = (size_t)c; i < run->n_results;
	     i += (size_t)run->n_cols) {
		const struct result *r = &run->results[i];

		if (r->attack->workload) {
			sd->workloads++;
			sd->working += r->outcome == OUTCOME_WORKS;
		} else if (!r->attack->surface) {
			sd->attacks++;
			sd->blocked += r->outcome == OUTCOME_BLOCKED;
		}
	}
}

static void summary(FILE *f, const struct run *run)
{
	size_t n[OUTCOME_COUNT] = {0}, v[VERDICT_COUNT] = {0}, cases = 0;
	size_t wn[OUTCOME_COUNT] = {0}, wcases = 0;

	for (size_t i = 0; i < run->n_results; i++) {
		const struct result *r = &run->results[i];

		if (run->cols[r->column].control)
			continue;
		v[r->verdict]++;
		if (r->attack->workload) {
			wcases++;
			wn[r->outcome]++;
			continue;
		}
		cases++;
		n[r->outcome]++;
	}
	fprintf(
	    f,
	    "\n%zu cases (attack x backend x runtime) in %.1f s: %zu blocked, "
	    "%zu succeeded, %zu inconclusive, %zu skipped, %zu errors\n",
	    cases, (double)run->duration_ms / 1000, n[OUTCOME_BLOCKED],
	    n[OUTCOME_SUCCEEDED], n[OUTCOME_INCONCLUSIVE], n[OUTCOME_SKIPPED],
	    n[OUTCOME_ERROR]);
	if (wcases)
		fprintf(
		    f,
		    "%zu workload cases (workload x backend x runtime): %zu "
		    "work, %zu broken, %zu inconclusive, %zu skipped, %zu "
		    "errors\n",
		    wcases, wn[OUTCOME_WORKS], wn[OUTCOME_BROKEN],
		    wn[OUTCOME_INCONCLUSIVE], wn[OUTCOME_SKIPPED],
		    wn[OUTCOME_ERROR]);
	fprintf(f,
	        "against expectations: %zu as expected, %zu regressions, %zu "
	        "fixed, "
	        "%zu unexpected, %zu unlisted\n",
	        v[VERDICT_OK], v[VERDICT_REGRESSION], v[VERDICT_FIXED],
	        v[VERDICT_UNEXPECTED], v[VERDICT_UNLISTED]);
	for (int c = 0; c < run->n_cols; c++) {
		struct sides sd;

		if (!run->cols[c].usable)
			fprintf(f, "column %s was not usable here: %s\n",
			        run->cols[c].name, run->cols[c].reason);
		else if (!run->cols[c].control && !run->cols[c].sandbox)
			fprintf(f,
			        "column %s is unsandboxed: what succeeds there "
			        "is what "
			        "the sandbox's OS layers add\n",
			        run->cols[c].name);
		if (run->cols[c].control)
			continue;
		matrix_sides(run, c, &sd);
		fprintf(f,
		        "%s: attacks blocked %zu/%zu, workloads working "
		        "%zu/%zu\n",
		        run->cols[c].name, sd.blocked, sd.attacks, sd.working,
		        sd.workloads);
	}
}

void matrix_print(FILE *f, const struct run *run, bool verbose)
{
	struct style st = {isatty(fileno(f)) != 0};

	section(f, run, &st, SECTION_EFFECTS);
	section(f, run, &st, SECTION_SURFACE);
	section(f, run, &st, SECTION_WORKLOADS);
	evidence(f, run, verbose);
	summary(f, run);
}
