/*
 * report_md.c - summary.md, for a CI job summary or a pull request comment:
 * the verdict on its first line, one table of counts, then only what needs
 * a reader's attention, most serious first (regressions, other mismatches,
 * fixes, inconclusive controls, skips grouped by reason), the kernel
 * surface probes apart, the baseline diff, and how to read it all.  Lists
 * are cut at REPORT_MD_LIST_MAX entries; report.json has everything.
 */
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "matrix.h"
#include "report_int.h"

#define EVIDENCE_CHARS 240

/* Prints ", " between items of a running list. */
static void item(FILE *f, bool *first, size_t n, const char *one,
                 const char *many)
{
	if (!n)
		return;
	fprintf(f, "%s%zu %s", *first ? "" : ", ", n, n == 1 ? one : many);
	*first = false;
}

static bool any_sandbox(const struct run *run)
{
	for (int c = 0; c < run->n_cols; c++)
		if (run->cols[c].sandbox && run->cols[c].usable)
			return true;
	return false;
}

/* Both sides per backend: what it stops, what it breaks. */
static void headline(FILE *f, const struct report *rp)
{
	const struct run *run = rp->run;
	bool any = false;

	for (int c = 0; c < run->n_cols; c++) {
		struct sides sd;

		if (c == rp->control)
			continue;
		matrix_sides(run, c, &sd);
		fputs("- **", f);
		text_md(f, run->cols[c].name, sizeof(run->cols[c].name), 48);
		fprintf(f,
		        "**: attacks blocked %zu/%zu, workloads working "
		        "%zu/%zu%s\n",
		        sd.blocked, sd.attacks, sd.working, sd.workloads,
		        run->cols[c].sandbox ? "" : " (unsandboxed)");
		any = true;
	}
	if (any)
		fputc('\n', f);
}

static void verdict_line(FILE *f, const struct report *rp)
{
	const struct run *run = rp->run;
	size_t v[VERDICT_COUNT], errors, cases;
	bool first = true;

	cases = errors = 0;
	for (int i = 0; i < VERDICT_COUNT; i++)
		v[i] = 0;
	for (int k = 0; k < KIND_COUNT; k++) {
		cases += rp->all[k].cases;
		errors += rp->all[k].outcome[OUTCOME_ERROR];
		for (int i = 0; i < VERDICT_COUNT; i++)
			v[i] += rp->all[k].verdict[i];
	}
	fprintf(f, "## securer conform: %s — ",
	        run->exit_status ? "FAIL" : "PASS");
	if (!run->exit_status)
		fprintf(f, "%zu of %zu cases as expected%s", v[VERDICT_OK],
		        cases, v[VERDICT_OK] < cases ? ": " : "");
	else if (!any_sandbox(run)) {
		fputs("no sandbox backend is usable here, nothing was proven",
		      f);
		first = false;
	}
	item(f, &first, v[VERDICT_REGRESSION], "regression", "regressions");
	item(f, &first, v[VERDICT_UNEXPECTED], "unexpected", "unexpected");
	item(f, &first, v[VERDICT_UNLISTED], "unlisted", "unlisted");
	item(f, &first, errors, "error", "errors");
	item(f, &first, rp->inconclusive_controls, "inconclusive control",
	     "inconclusive controls");
	item(f, &first, v[VERDICT_FIXED], "fix", "fixes");
	if (run->exit_status && first)
		fputs("no case explains it, see the run's log", f);
	fprintf(f, " (exit status %d)\n\n", run->exit_status);
	headline(f, rp);
}

static void context(FILE *f, const struct report *rp)
{
	const struct run *run = rp->run;
	const cJSON *m;
	int shown = 0;

	fputs("Run ", f);
	if (run->started[0]) {
		text_md(f, run->started, sizeof(run->started), 64);
		fputs(", ", f);
	}
	fprintf(f, "%lld.%01lld s%s", (long long)(run->duration_ms / 1000),
	        (long long)(run->duration_ms % 1000 / 100),
	        run->ci ? ", CI mode (unexpected and unlisted cases fail)"
	                : "");
	cJSON_ArrayForEach(m, run->machine)
	{
		if (shown == 6 || !m->string ||
		    !(cJSON_IsString(m) || cJSON_IsNumber(m)))
			continue;
		fputs(shown++ ? ", " : "; machine: ", f);
		text_md(f, m->string, SIZE_MAX, 32);
		fputc(' ', f);
		if (cJSON_IsString(m))
			text_md(f, m->valuestring, SIZE_MAX, 64);
		else
			fprintf(f, "%lld", (long long)m->valuedouble);
	}
	fputs(".\n", f);
	for (int c = 0; c < run->n_cols; c++) {
		if (run->cols[c].usable)
			continue;
		fputs("\n**", f);
		text_md(f, run->cols[c].name, sizeof(run->cols[c].name), 48);
		fputs("** is not usable here: ", f);
		text_md(f, run->cols[c].reason, sizeof(run->cols[c].reason),
		        EVIDENCE_CHARS);
		fputs("\n", f);
	}
	fputc('\n', f);
}

static void cell(FILE *f, size_t n, bool dash)
{
	if (dash)
		fputs(" – |", f);
	else
		fprintf(f, " %zu |", n);
}

/* One table of |kind| cases, a column per backend: a row per outcome and
 * per verdict that is not ok, leaving out rows of zeros but the ones a
 * reader looks for first (blocked, succeeded, regression). */
static void table(FILE *f, const struct report *rp, enum kind kind,
                  const char *blocked, const char *succeeded)
{
	enum outcome first =
	    kind == KIND_WORKLOAD ? OUTCOME_WORKS : OUTCOME_BLOCKED;
	enum outcome second =
	    kind == KIND_WORKLOAD ? OUTCOME_BROKEN : OUTCOME_SUCCEEDED;
	static const enum verdict verdicts[] = {
	    VERDICT_REGRESSION, VERDICT_UNEXPECTED, VERDICT_UNLISTED,
	    VERDICT_FIXED};
	const struct run *run = rp->run;

	fputs("| |", f);
	for (int c = 0; c < run->n_cols; c++) {
		const struct column *col = &run->cols[c];

		fputc(' ', f);
		text_md(f, col->name, sizeof(col->name), 48);
		fputs(!col->control && !col->sandbox ? "\\* |" : " |", f);
	}
	fputs("\n|---|", f);
	for (int c = 0; c < run->n_cols; c++)
		fputs("---:|", f);
	for (enum outcome o = 0; o < OUTCOME_COUNT; o++) {
		size_t sum = 0;

		for (int c = 0; c < run->n_cols; c++)
			sum += rp->col[c][kind].outcome[o];
		if (!sum && o != first && o != second)
			continue;
		fprintf(f, "\n| %s |",
		        o == first    ? blocked
		        : o == second ? succeeded
		                      : outcome_name(o));
		for (int c = 0; c < run->n_cols; c++)
			cell(f, rp->col[c][kind].outcome[o], false);
	}
	for (size_t v = 0; v < sizeof(verdicts) / sizeof(verdicts[0]); v++) {
		if (!rp->all[kind].verdict[verdicts[v]] &&
		    verdicts[v] != VERDICT_REGRESSION)
			continue;
		fprintf(f, "\n| *%s* |", verdict_name(verdicts[v]));
		for (int c = 0; c < run->n_cols; c++)
			cell(f, rp->col[c][kind].verdict[verdicts[v]],
			     c == rp->control);
	}
	fputs("\n\n", f);
}

static void more(FILE *f, size_t n)
{
	if (n > REPORT_MD_LIST_MAX)
		fprintf(f, "- … and %zu more (see report.json)\n",
		        n - REPORT_MD_LIST_MAX);
}

/* "- **attack** runtime under **backend**: " */
static void case_head(FILE *f, const struct report_case *k)
{
	fputs("- **", f);
	text_md(f, k->r->attack->id, sizeof(k->r->attack->id), 64);
	fputs("** ", f);
	text_md(f, k->runtime, sizeof(k->runtime), 32);
	fputs(" under **", f);
	text_md(f, k->col->name, sizeof(k->col->name), 48);
	fputs("**: ", f);
}

static void case_line(FILE *f, const struct report_case *k)
{
	const struct result *r = k->r;
	char oracles[512];

	case_head(f, k);
	if (r->verdict == VERDICT_UNLISTED)
		fprintf(f, "no expectation, %s", outcome_name(r->outcome));
	else
		fprintf(f, "expected %s, %s", outcome_name(r->expected),
		        outcome_name(r->outcome));
	if (r->fired) {
		fputs(" (oracles: ", f);
		text_md(
		    f, report_oracles(r->fired, ", ", oracles, sizeof(oracles)),
		    sizeof(oracles), 128);
		fputc(')', f);
	}
	if (r->evidence[0]) {
		fputs(" — ", f);
		text_md(f, r->evidence, sizeof(r->evidence), EVIDENCE_CHARS);
	}
	fputc('\n', f);
}

static void verdict_list(FILE *f, const struct report *rp, enum kind kind,
                         enum verdict v, const char *title)
{
	size_t n = rp->all[kind].verdict[v], shown = 0;

	if (!n)
		return;
	fprintf(f, "### %s (%zu)\n\n", title, n);
	for (size_t i = 0; i < rp->n_cases && shown < REPORT_MD_LIST_MAX; i++)
		if (rp->cases[i].kind == kind && rp->cases[i].r->verdict == v) {
			case_line(f, &rp->cases[i]);
			shown++;
		}
	more(f, n);
	fputc('\n', f);
}

static void inconclusive(FILE *f, const struct report *rp)
{
	const struct run *run = rp->run;
	size_t shown = 0;

	if (!rp->inconclusive_controls)
		return;
	fprintf(f,
	        "### Inconclusive controls (%zu)\n\nThe attack did not show "
	        "its effect unconfined (or the workload did not work "
	        "unconfined), so its cases prove nothing:\n\n",
	        rp->inconclusive_controls);
	for (size_t i = 0; i < run->n_results && shown < REPORT_MD_LIST_MAX;
	     i++) {
		const struct result *r = &run->results[i];
		char rt[32];

		if (r->column != rp->control ||
		    r->outcome != OUTCOME_INCONCLUSIVE)
			continue;
		fputs("- **", f);
		text_md(f, r->attack->id, sizeof(r->attack->id), 64);
		fprintf(f, "** %s — ",
		        runtime_label(r->lang, r->mode, rt, sizeof(rt)));
		text_md(f, r->evidence, sizeof(r->evidence), EVIDENCE_CHARS);
		fputc('\n', f);
		shown++;
	}
	more(f, rp->inconclusive_controls);
	fputc('\n', f);
}

struct group {
	size_t first; /* the case that names the group */
	size_t n;
};

/* Skipped cases grouped by reason, in the order reasons first appear. */
static void skipped(FILE *f, const struct report *rp)
{
	struct group *g;
	size_t n_groups = 0, total = 0;

	g = calloc(rp->n_cases + 1, sizeof(*g));
	if (!g) {
		fputs("### Skipped\n\n(out of memory: see report.json)\n\n", f);
		return;
	}
	for (size_t i = 0; i < rp->n_cases; i++) {
		const struct result *r = rp->cases[i].r;
		size_t j = 0;

		if (r->outcome != OUTCOME_SKIPPED)
			continue;
		total++;
		while (j < n_groups &&
		       strncmp(rp->cases[g[j].first].r->evidence, r->evidence,
		               sizeof(r->evidence)))
			j++;
		if (j == n_groups)
			g[n_groups++].first = i;
		g[j].n++;
	}
	if (total)
		fprintf(f, "### Skipped (%zu)\n\nNever counted as blocked.\n\n",
		        total);
	for (size_t j = 0; j < n_groups && j < REPORT_MD_LIST_MAX; j++) {
		const struct report_case *k = &rp->cases[g[j].first];

		fprintf(f, "- %zu × ", g[j].n);
		text_md(f, k->r->evidence, sizeof(k->r->evidence),
		        EVIDENCE_CHARS);
		fputs(" (e.g. ", f);
		text_md(f, k->key, sizeof(k->key), 160);
		fputs(")\n", f);
	}
	if (n_groups > REPORT_MD_LIST_MAX)
		fprintf(f, "- … and %zu more reasons (see report.json)\n",
		        n_groups - REPORT_MD_LIST_MAX);
	if (total)
		fputc('\n', f);
	free(g);
}

/* Kernel surface probes: reachable is "succeeded", unreachable "blocked". */
static void surface(FILE *f, const struct report *rp)
{
	const struct tally *t = &rp->all[KIND_SURFACE];
	size_t n = t->cases - t->verdict[VERDICT_OK], shown = 0;

	if (!t->cases)
		return;
	fputs("### Kernel surface\n\nProbes of whether kernel interfaces "
	      "are reachable, counted apart from the attacks' effects.\n\n",
	      f);
	table(f, rp, KIND_SURFACE, "unreachable", "reachable");
	/* regressions first, then every other case not as expected */
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0;
		     i < rp->n_cases && shown < REPORT_MD_LIST_MAX; i++) {
			const struct report_case *k = &rp->cases[i];
			bool reg = k->r->verdict == VERDICT_REGRESSION;

			if (k->kind != KIND_SURFACE ||
			    k->r->verdict == VERDICT_OK || reg != (pass == 0))
				continue;
			case_line(f, k);
			shown++;
		}
	more(f, n);
	if (n)
		fputc('\n', f);
}

static void change_line(FILE *f, const char *key, const char *before,
                        const char *after)
{
	fputs("- ", f);
	text_md(f, key, SIZE_MAX, 160);
	fputs(": ", f);
	text_md(f, before ? before : "(absent)", SIZE_MAX, 32);
	fputs(" → ", f);
	text_md(f, after ? after : "(absent)", SIZE_MAX, 32);
	fputc('\n', f);
}

static void changes(FILE *f, const struct report *rp, enum change ch,
                    const char *title)
{
	const struct baseline *b = rp->base;
	size_t shown = 0;

	if (!b->count[ch])
		return;
	fprintf(f, "**%s (%zu)**\n\n", title, b->count[ch]);
	for (size_t i = 0; i < rp->n_cases && shown < REPORT_MD_LIST_MAX; i++)
		if (rp->cases[i].change == ch) {
			change_line(f, rp->cases[i].key, rp->cases[i].before,
			            outcome_name(rp->cases[i].r->outcome));
			shown++;
		}
	for (size_t i = 0;
	     i < b->n_old && ch == CHANGE_REMOVED && shown < REPORT_MD_LIST_MAX;
	     i++)
		if (!b->old[i].matched) {
			change_line(f, b->old[i].key, b->old[i].outcome, NULL);
			shown++;
		}
	more(f, b->count[ch]);
	fputc('\n', f);
}

static void baseline(FILE *f, const struct report *rp)
{
	const struct baseline *b = rp->base;

	if (!b)
		return;
	fputs("### Against the baseline\n\n", f);
	text_md(f, b->file, SIZE_MAX, 200);
	if (b->generated) {
		fputs(" (run ", f);
		text_md(f, b->generated, SIZE_MAX, 64);
		fputc(')', f);
	}
	fprintf(f,
	        ": regressions %zu, fixes %zu, new %zu, removed %zu, "
	        "changed %zu.\n\n",
	        b->count[CHANGE_REGRESSION], b->count[CHANGE_FIX],
	        b->count[CHANGE_NEW], b->count[CHANGE_REMOVED],
	        b->count[CHANGE_CHANGED]);
	changes(f, rp, CHANGE_REGRESSION, "Regressions (blocked → succeeded)");
	changes(f, rp, CHANGE_FIX, "Fixes (succeeded → blocked)");
	changes(f, rp, CHANGE_NEW, "New");
	changes(f, rp, CHANGE_REMOVED, "Removed");
	changes(f, rp, CHANGE_CHANGED, "Changed");
}

/* One figure's median, in ms or us, or "-". */
static void median(FILE *f, const cJSON *backend, const char *name, bool ms)
{
	const cJSON *fig = cJSON_GetObjectItemCaseSensitive(backend, name);
	const cJSON *p = cJSON_GetObjectItemCaseSensitive(fig, "p50_us");

	if (!cJSON_IsNumber(p))
		fputs(" - |", f);
	else if (ms)
		fprintf(f, " %.1f ms |", p->valuedouble / 1000);
	else
		fprintf(f, " %.1f us |", p->valuedouble);
}

static void benchmarks(FILE *f, const struct report *rp)
{
	const cJSON *all =
	    cJSON_GetObjectItemCaseSensitive(rp->run->bench, "backends");
	const cJSON *floors =
	    cJSON_GetObjectItemCaseSensitive(rp->run->bench, "floors");
	const cJSON *b;

	if (!cJSON_IsObject(all))
		return;
	fputs(
	    "\n### Benchmarks (quick run, medians)\n\n"
	    "| backend | exec start | session start sh | session start python "
	    "| session start R | pool acquire | tool round trip | "
	    "round trip, C child |\n|---|---|---|---|---|---|---|---|\n",
	    f);
	cJSON_ArrayForEach(b, all)
	{
		const cJSON *py = cJSON_GetObjectItemCaseSensitive(
		    b, "tool_round_trip_python");

		fprintf(f, "| %s |", b->string);
		median(f, b, "exec_start", true);
		median(f, b, "session_start_sh", true);
		median(f, b, "session_start_python", true);
		median(f, b, "session_start_r", true);
		median(f, b, "pool_acquire", false);
		median(f, b,
		       py ? "tool_round_trip_python" : "tool_round_trip_sh",
		       false);
		median(f, b, "tool_round_trip_proto", false);
		fputc('\n', f);
	}
	if (cJSON_IsObject(floors)) {
		fputs("\n| floor | median |\n|---|---|\n| pipe round trip |",
		      f);
		median(f, floors, "pipe_round_trip", false);
		fputs("\n| bare bwrap `true` |", f);
		median(f, floors, "bare_bwrap", true);
		fputs("\n\n`securer bench` gives the full figures "
		      "(docs/bench.md).\n",
		      f);
	}
}

/* Workloads: what the sandbox must not break. */
static void workloads(FILE *f, const struct report *rp)
{
	if (!rp->all[KIND_WORKLOAD].cases)
		return;
	fputs("### Workloads (must work)\n\nWhat model-written code does "
	      "every day, judged by its output and files against the same "
	      "workload unconfined (docs/workloads.md).\n\n",
	      f);
	table(f, rp, KIND_WORKLOAD, "works", "broken");
	verdict_list(f, rp, KIND_WORKLOAD, VERDICT_REGRESSION,
	             "Broken workloads (regressions)");
	verdict_list(f, rp, KIND_WORKLOAD, VERDICT_UNEXPECTED,
	             "Workloads not as expected");
	verdict_list(f, rp, KIND_WORKLOAD, VERDICT_FIXED,
	             "Workloads that work now (update the expectation)");
}

static const char footnote[] =
    "---\n"
    "<sub>**How to read this.** Every attack runs first unconfined (the "
    "*control*, which must show the attack's effect) and then under each "
    "backend, judged only by effects seen from outside. *blocked*: no "
    "oracle fired; *succeeded*: the effect was seen; *inconclusive*: the "
    "control did not show the effect, so the case proves nothing; "
    "*skipped*: not run, never counted as blocked; *error*: securer could "
    "not run the case. Verdicts compare with `conformance/expect/`: a "
    "*regression* is an expected block that did not happen, *fixed* a "
    "block where the attack was expected to succeed (update the "
    "expectation), *unexpected* any other mismatch, *unlisted* a case "
    "with no expectation. Columns marked \\* are unsandboxed (environment "
    "scrub, rlimits and a private HOME only). Every case, with its "
    "evidence and oracles: report.json; per case for CI dashboards: "
    "report.xml. *Workloads* are the other side: *works* when the output "
    "and files match the workload's unconfined control, *broken* "
    "otherwise (with the error or the difference); a broken workload "
    "expected to work is a regression.</sub>\n";

int report_md(FILE *f, const struct report *rp, char *err, size_t err_size)
{
	(void)err;
	(void)err_size;
	verdict_line(f, rp);
	context(f, rp);
	table(f, rp, KIND_EFFECT, "blocked", "succeeded");
	verdict_list(f, rp, KIND_EFFECT, VERDICT_REGRESSION, "Regressions");
	verdict_list(f, rp, KIND_EFFECT, VERDICT_UNEXPECTED, "Unexpected");
	verdict_list(f, rp, KIND_EFFECT, VERDICT_UNLISTED,
	             "Unlisted (no expectation)");
	verdict_list(f, rp, KIND_EFFECT, VERDICT_FIXED,
	             "Fixed (update the expectation)");
	inconclusive(f, rp);
	skipped(f, rp);
	surface(f, rp);
	workloads(f, rp);
	baseline(f, rp);
	benchmarks(f, rp);
	fputs(footnote, f);
	return 0;
}
