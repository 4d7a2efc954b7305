/*
 * report_junit.c - report.xml, JUnit XML for CI test dashboards: one
 * <testsuite> per backend column ("securer.conform.bwrap"), one <testcase>
 * per case (classname "category.attack", name the runtime).  A case maps
 * to the first of:
 *
 *   verdict regression                     <failure type="regression">
 *   outcome error                          <error>
 *   CI mode, verdict unexpected/unlisted   <failure type="unexpected"...>
 *   outcome skipped or inconclusive        <skipped>
 *   otherwise                              passed
 *
 * so the dashboard agrees with the run's exit status.  Every text is
 * escaped for XML 1.0, which forbids control characters even as references
 * (text_xml).
 */
#include <string.h>

#include "matrix.h"
#include "report_int.h"

enum state { PASSED, FAILURE, ERROR, SKIPPED };

struct suite {
	size_t tests, failures, errors, skipped;
	int64_t ms;
};

static enum state state_of(const struct report_case *k, bool ci)
{
	const struct result *r = k->r;

	if (r->verdict == VERDICT_REGRESSION)
		return FAILURE;
	if (r->outcome == OUTCOME_ERROR)
		return ERROR;
	if (ci && (r->verdict == VERDICT_UNEXPECTED ||
	           r->verdict == VERDICT_UNLISTED))
		return FAILURE;
	if (r->outcome == OUTCOME_SKIPPED || r->outcome == OUTCOME_INCONCLUSIVE)
		return SKIPPED;
	return PASSED;
}

static void count(struct suite *s, const struct report_case *k, bool ci)
{
	s->tests++;
	s->ms += k->r->ms > 0 ? k->r->ms : 0;
	switch (state_of(k, ci)) {
	case FAILURE:
		s->failures++;
		break;
	case ERROR:
		s->errors++;
		break;
	case SKIPPED:
		s->skipped++;
		break;
	case PASSED:
		break;
	}
}

static void counts_attrs(FILE *f, const struct suite *s)
{
	fprintf(f,
	        " tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" "
	        "skipped=\"%zu\" time=\"%lld.%03lld\"",
	        s->tests, s->failures, s->errors, s->skipped,
	        (long long)(s->ms / 1000), (long long)(s->ms % 1000));
}

static void property(FILE *f, const char *name, const char *value, size_t max)
{
	fprintf(f, "      <property name=\"%s\" value=\"", name);
	text_xml(f, value, max);
	fputs("\"/>\n", f);
}

/* The <failure>, <error> or <skipped> element of a case, if any. */
static void status(FILE *f, const struct report_case *k, bool ci)
{
	const struct result *r = k->r;
	char oracles[512];

	report_oracles(r->fired, ", ", oracles, sizeof(oracles));
	switch (state_of(k, ci)) {
	case FAILURE:
		fprintf(f, "      <failure type=\"%s\" message=\"%s: ",
		        verdict_name(r->verdict), verdict_name(r->verdict));
		if (r->verdict == VERDICT_UNLISTED)
			fprintf(f, "no expectation, %s",
			        outcome_name(r->outcome));
		else
			fprintf(f, "expected %s, %s", outcome_name(r->expected),
			        outcome_name(r->outcome));
		if (*oracles) {
			fputs(" (oracles: ", f);
			text_xml(f, oracles, sizeof(oracles));
			fputc(')', f);
		}
		fputs("\">", f);
		text_xml(f, r->evidence, sizeof(r->evidence));
		fputs("</failure>\n", f);
		break;
	case ERROR:
		fputs("      <error type=\"error\" message=\"", f);
		text_xml(f, r->evidence, sizeof(r->evidence));
		fputs("\"/>\n", f);
		break;
	case SKIPPED:
		fprintf(f, "      <skipped message=\"%s: ",
		        outcome_name(r->outcome));
		text_xml(f, r->evidence, sizeof(r->evidence));
		fputs("\"/>\n", f);
		break;
	case PASSED:
		break;
	}
}

static void line(FILE *f, const char *label, const char *s, size_t max)
{
	fprintf(f, "%s: ", label);
	text_xml(f, s, max);
	fputc('\n', f);
}

static void system_out(FILE *f, const struct report_case *k)
{
	const struct result *r = k->r;
	char oracles[512];

	fputs("      <system-out>", f);
	line(f, "outcome", outcome_name(r->outcome), SIZE_MAX);
	if (r->verdict != VERDICT_UNLISTED)
		fprintf(f, "expected: %s\n", outcome_name(r->expected));
	line(f, "reason", r->expect_reason, sizeof(r->expect_reason));
	line(f, "verdict", verdict_name(r->verdict), SIZE_MAX);
	line(f, "oracles",
	     report_oracles(r->fired, ", ", oracles, sizeof(oracles)),
	     sizeof(oracles));
	line(f, "evidence", r->evidence, sizeof(r->evidence));
	if (k->ctl) {
		fprintf(f, "control: %s: ", outcome_name(k->ctl->outcome));
		text_xml(f, k->ctl->evidence, sizeof(k->ctl->evidence));
		fputc('\n', f);
	}
	if (k->change != CHANGE_NONE) {
		fprintf(f, "baseline: %s", change_name(k->change));
		if (k->before) {
			fputs(", was ", f);
			text_xml(f, k->before, SIZE_MAX);
		}
		fputc('\n', f);
	}
	fputs("</system-out>\n", f);
}

static void testcase(FILE *f, const struct report_case *k, bool ci)
{
	const struct attack *a = k->r->attack;

	fputs("    <testcase classname=\"", f);
	if (a->workload) /* apart from the attacks, as in the matrix */
		fputs("workload.", f);
	text_xml(f, a->category, sizeof(a->category));
	fputc('.', f);
	text_xml(f, a->id, sizeof(a->id));
	fputs("\" name=\"", f);
	text_xml(f, k->runtime, sizeof(k->runtime));
	fprintf(f, "\" time=\"%lld.%03lld\">\n",
	        (long long)(k->r->ms > 0 ? k->r->ms / 1000 : 0),
	        (long long)(k->r->ms > 0 ? k->r->ms % 1000 : 0));
	status(f, k, ci);
	system_out(f, k);
	fputs("    </testcase>\n", f);
}

/* The suite's removed cases (they have no <testcase> any more). */
static void removed(FILE *f, const struct report *rp, const char *backend)
{
	const struct baseline *b = rp->base;
	bool any = false;

	for (size_t i = 0; b && i < b->n_old; i++) {
		if (b->old[i].matched || strcmp(b->old[i].backend, backend))
			continue;
		if (!any)
			fputs("    <system-out>", f);
		any = true;
		fputs("removed since the baseline: ", f);
		text_xml(f, b->old[i].key, SIZE_MAX);
		fputs(", was ", f);
		text_xml(f, b->old[i].outcome, SIZE_MAX);
		fputc('\n', f);
	}
	if (any)
		fputs("</system-out>\n", f);
}

static void suite(FILE *f, const struct report *rp, int c,
                  const struct suite *s)
{
	const struct column *col = &rp->run->cols[c];

	fputs("  <testsuite name=\"securer.conform.", f);
	text_xml(f, col->name, sizeof(col->name));
	fputc('"', f);
	counts_attrs(f, s);
	fputs(" timestamp=\"", f);
	text_xml(f, rp->run->started, sizeof(rp->run->started));
	fputs("\">\n    <properties>\n", f);
	property(f, "backend", col->name, sizeof(col->name));
	property(f, "label", report_label(col), SIZE_MAX);
	property(f, "usable", col->usable ? "true" : "false", SIZE_MAX);
	{
		struct sides sd;
		char v[128];

		matrix_sides(rp->run, c, &sd);
		snprintf(v, sizeof(v),
		         "attacks blocked %zu/%zu, workloads working %zu/%zu",
		         sd.blocked, sd.attacks, sd.working, sd.workloads);
		property(f, "sides", v, sizeof(v));
	}
	if (!col->usable)
		property(f, "reason", col->reason, sizeof(col->reason));
	if (rp->base)
		property(f, "baseline", rp->base->file, SIZE_MAX);
	fputs("    </properties>\n", f);
	for (size_t i = 0; i < rp->n_cases; i++)
		if (rp->cases[i].col == col)
			testcase(f, &rp->cases[i], rp->run->ci);
	removed(f, rp, col->name);
	fputs("  </testsuite>\n", f);
}

int report_junit(FILE *f, const struct report *rp, char *err, size_t err_size)
{
	const struct run *run = rp->run;
	struct suite s[MAX_COLUMNS], all;

	(void)err;
	(void)err_size;
	memset(s, 0, sizeof(s));
	memset(&all, 0, sizeof(all));
	for (size_t i = 0; i < rp->n_cases; i++) {
		count(&s[rp->cases[i].r->column], &rp->cases[i], run->ci);
		count(&all, &rp->cases[i], run->ci);
	}
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", f);
	fputs("<testsuites name=\"securer.conform\"", f);
	counts_attrs(f, &all);
	fputs(">\n", f);
	for (int c = 0; c < run->n_cols; c++)
		if (c != rp->control)
			suite(f, rp, c, &s[c]);
	fputs("</testsuites>\n", f);
	return 0;
}
