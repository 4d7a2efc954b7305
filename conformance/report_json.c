/*
 * report_json.c - report.json, schema "securer.conform/1"
 * (docs/report-format.md): the whole run, and the input of --baseline.
 * Every string is valid UTF-8 (an attack's output may not be), and every
 * key is always present (null when it has no value), so consumers need no
 * special cases.
 */
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "matrix.h"
#include "report_int.h"

/* Building the tree: the first allocation that fails sets |oom|, and the
 * calls after it are harmless no-ops on NULL. */
struct jb {
	bool oom;
};

static cJSON *add(struct jb *j, cJSON *obj, const char *key, cJSON *v)
{
	if (!v || !obj) {
		j->oom = true;
		cJSON_Delete(v);
		return NULL;
	}
	if (cJSON_IsArray(obj) ? !cJSON_AddItemToArray(obj, v)
	                       : !cJSON_AddItemToObject(obj, key, v)) {
		j->oom = true;
		cJSON_Delete(v);
		return NULL;
	}
	return v;
}

/* |s| is bounded by |max| and may hold any bytes. */
static cJSON *str(struct jb *j, cJSON *obj, const char *key, const char *s,
                  size_t max)
{
	char *clean = text_clean(s, max);
	cJSON *v = clean ? cJSON_CreateString(clean) : NULL;

	free(clean);
	return add(j, obj, key, v);
}

#define STR(j, obj, key, array) str(j, obj, key, array, sizeof(array))

static void num(struct jb *j, cJSON *obj, const char *key, double n)
{
	add(j, obj, key, cJSON_CreateNumber(n));
}

static void boolean(struct jb *j, cJSON *obj, const char *key, bool b)
{
	add(j, obj, key, cJSON_CreateBool(b));
}

/* A malloc'd valid copy of |s|, NULL when |s| is valid (or on OOM). */
static char *fix(struct jb *j, const char *s)
{
	char *c = text_clean(s, SIZE_MAX);

	if (!c)
		j->oom = true;
	else if (strcmp(c, s) == 0) {
		free(c);
		c = NULL;
	}
	return c;
}

/* Strings of a copied tree (machine, tools, policy) made valid UTF-8. */
static void clean_tree(struct jb *j, cJSON *v)
{
	for (; v; v = v->next) {
		char *c;

		if (cJSON_IsString(v) && v->valuestring &&
		    (c = fix(j, v->valuestring))) {
			if (!cJSON_SetValuestring(v, c))
				j->oom = true;
			free(c);
		}
		if (v->string && !(v->type & cJSON_StringIsConst) &&
		    (c = fix(j, v->string))) {
			char *k = cJSON_malloc(strlen(c) + 1);

			if (k) {
				strcpy(k, c);
				cJSON_free(v->string);
				v->string = k;
			} else {
				j->oom = true;
			}
			free(c);
		}
		clean_tree(j, v->child);
	}
}

static void copy(struct jb *j, cJSON *obj, const char *key, const cJSON *v)
{
	cJSON *d = v ? cJSON_Duplicate(v, 1) : cJSON_CreateNull();

	if (d && v)
		clean_tree(j, d);
	add(j, obj, key, d);
}

static void columns(struct jb *j, cJSON *doc, const struct run *run)
{
	cJSON *a = add(j, doc, "columns", cJSON_CreateArray());

	for (int i = 0; i < run->n_cols && a; i++) {
		const struct column *c = &run->cols[i];
		cJSON *o = add(j, a, NULL, cJSON_CreateObject());

		STR(j, o, "name", c->name);
		str(j, o, "label", report_label(c), SIZE_MAX);
		boolean(j, o, "control", c->control);
		boolean(j, o, "sandbox", c->sandbox);
		boolean(j, o, "external", c->external);
		boolean(j, o, "usable", c->usable);
		STR(j, o, "reason", c->reason);
	}
}

static void fired(struct jb *j, cJSON *obj, uint64_t bits)
{
	cJSON *a = add(j, obj, "fired", cJSON_CreateArray());

	for (int i = 0; i < 64 && a; i++) {
		char unknown[16];

		if (!(bits & UINT64_C(1) << i))
			continue;
		snprintf(unknown, sizeof(unknown), "bit%d", i);
		str(j, a, NULL,
		    i < ORACLE_COUNT ? oracle_name((enum oracle)i) : unknown,
		    SIZE_MAX);
	}
}

static void control(struct jb *j, cJSON *obj, const struct result *ctl)
{
	cJSON *o;

	if (!ctl) {
		add(j, obj, "control", cJSON_CreateNull());
		return;
	}
	o = add(j, obj, "control", cJSON_CreateObject());
	str(j, o, "outcome", outcome_name(ctl->outcome), SIZE_MAX);
	STR(j, o, "evidence", ctl->evidence);
	fired(j, o, ctl->fired);
}

static void one_case(struct jb *j, cJSON *a, const struct report_case *k)
{
	const struct result *r = k->r;
	const struct attack *at = r->attack;
	cJSON *o = add(j, a, NULL, cJSON_CreateObject());

	str(j, o, "key", k->key, sizeof(k->key));
	STR(j, o, "attack", at->id);
	STR(j, o, "category", at->category);
	str(j, o, "kind",
	    at->workload  ? "workload"
	    : at->surface ? "surface"
	                  : "effect",
	    SIZE_MAX);
	boolean(j, o, "seed", at->seed);
	STR(j, o, "title", at->title);
	str(j, o, "language", lang_name(r->lang), SIZE_MAX);
	str(j, o, "mode", mode_name(r->mode), SIZE_MAX);
	str(j, o, "runtime", k->runtime, sizeof(k->runtime));
	STR(j, o, "backend", k->col->name);
	str(j, o, "outcome", outcome_name(r->outcome), SIZE_MAX);
	if (r->verdict == VERDICT_UNLISTED)
		add(j, o, "expected", cJSON_CreateNull());
	else
		str(j, o, "expected", outcome_name(r->expected), SIZE_MAX);
	STR(j, o, "expect_reason", r->expect_reason);
	str(j, o, "verdict", verdict_name(r->verdict), SIZE_MAX);
	fired(j, o, r->fired);
	STR(j, o, "evidence", r->evidence);
	num(j, o, "duration_ms", (double)r->ms);
	control(j, o, k->ctl);
}

static void cases(struct jb *j, cJSON *doc, const struct report *rp)
{
	cJSON *a = add(j, doc, "cases", cJSON_CreateArray());

	for (size_t i = 0; i < rp->n_cases && a; i++)
		one_case(j, a, &rp->cases[i]);
}

static void counts(struct jb *j, cJSON *obj, const struct tally *t,
                   bool verdicts)
{
	cJSON *o;

	num(j, obj, "cases", (double)t->cases);
	o = add(j, obj, "outcomes", cJSON_CreateObject());
	for (int i = 0; i < OUTCOME_COUNT && o; i++)
		num(j, o, outcome_name((enum outcome)i), (double)t->outcome[i]);
	if (!verdicts)
		return;
	o = add(j, obj, "verdicts", cJSON_CreateObject());
	for (int i = 0; i < VERDICT_COUNT && o; i++)
		num(j, o, verdict_name((enum verdict)i), (double)t->verdict[i]);
}

/* The counts of one column: {"effect": {...}, "surface": {...}}. */
static void column_counts(struct jb *j, cJSON *obj, const char *key,
                          const struct tally t[KIND_COUNT], bool verdicts)
{
	cJSON *o = add(j, obj, key, cJSON_CreateObject());

	if (!o)
		return;
	counts(j, add(j, o, "effect", cJSON_CreateObject()), &t[KIND_EFFECT],
	       verdicts);
	counts(j, add(j, o, "surface", cJSON_CreateObject()), &t[KIND_SURFACE],
	       verdicts);
	counts(j, add(j, o, "workload", cJSON_CreateObject()),
	       &t[KIND_WORKLOAD], verdicts);
}

static void verdict_totals(struct jb *j, cJSON *o, const struct tally *t,
                           size_t n)
{
	size_t sum[VERDICT_COUNT] = {0}, cases_n = 0;

	for (size_t i = 0; i < n; i++) {
		cases_n += t[i].cases;
		for (int v = 0; v < VERDICT_COUNT; v++)
			sum[v] += t[i].verdict[v];
	}
	num(j, o, "cases", (double)cases_n);
	num(j, o, "regressions", (double)sum[VERDICT_REGRESSION]);
	num(j, o, "fixes", (double)sum[VERDICT_FIXED]);
	num(j, o, "unexpected", (double)sum[VERDICT_UNEXPECTED]);
	num(j, o, "unlisted", (double)sum[VERDICT_UNLISTED]);
}

/* Both sides per backend: {"bwrap": {"attacks": N, "blocked": n,
 * "workloads": M, "working": m}}, the summary.md headline's figures. */
static void sides(struct jb *j, cJSON *o, const struct report *rp)
{
	for (int c = 0; c < rp->run->n_cols && o; c++) {
		struct sides sd;
		cJSON *b;

		if (c == rp->control)
			continue;
		matrix_sides(rp->run, c, &sd);
		b = add(j, o, rp->run->cols[c].name, cJSON_CreateObject());
		num(j, b, "attacks", (double)sd.attacks);
		num(j, b, "blocked", (double)sd.blocked);
		num(j, b, "workloads", (double)sd.workloads);
		num(j, b, "working", (double)sd.working);
	}
}

static void summary(struct jb *j, cJSON *doc, const struct report *rp)
{
	cJSON *s = add(j, doc, "summary", cJSON_CreateObject());
	cJSON *b;

	if (!s)
		return;
	verdict_totals(j, s, rp->all, KIND_COUNT);
	verdict_totals(j, add(j, s, "effect", cJSON_CreateObject()),
	               &rp->all[KIND_EFFECT], 1);
	verdict_totals(j, add(j, s, "surface", cJSON_CreateObject()),
	               &rp->all[KIND_SURFACE], 1);
	verdict_totals(j, add(j, s, "workload", cJSON_CreateObject()),
	               &rp->all[KIND_WORKLOAD], 1);
	sides(j, add(j, s, "sides", cJSON_CreateObject()), rp);
	num(j, s, "inconclusive_controls", (double)rp->inconclusive_controls);
	if (rp->control >= 0)
		column_counts(j, s, "control", rp->col[rp->control], false);
	else
		add(j, s, "control", cJSON_CreateNull());
	b = add(j, s, "backends", cJSON_CreateObject());
	for (int c = 0; c < rp->run->n_cols && b; c++)
		if (c != rp->control)
			column_counts(j, b, rp->run->cols[c].name, rp->col[c],
			              true);
}

static void change(struct jb *j, cJSON *a, const char *key, const char *attack,
                   const char *runtime, const char *backend, const char *before,
                   const char *after)
{
	cJSON *o = add(j, a, NULL, cJSON_CreateObject());

	str(j, o, "key", key, SIZE_MAX);
	str(j, o, "attack", attack, SIZE_MAX);
	str(j, o, "runtime", runtime, SIZE_MAX);
	str(j, o, "backend", backend, SIZE_MAX);
	if (before)
		str(j, o, "before", before, SIZE_MAX);
	else
		add(j, o, "before", cJSON_CreateNull());
	if (after)
		str(j, o, "after", after, SIZE_MAX);
	else
		add(j, o, "after", cJSON_CreateNull());
}

static void changes(struct jb *j, cJSON *o, const char *key, enum change ch,
                    const struct report *rp)
{
	cJSON *a = add(j, o, key, cJSON_CreateArray());
	const struct baseline *b = rp->base;

	for (size_t i = 0; i < rp->n_cases && a; i++) {
		const struct report_case *k = &rp->cases[i];

		if (k->change == ch)
			change(j, a, k->key, k->r->attack->id, k->runtime,
			       k->col->name, k->before,
			       outcome_name(k->r->outcome));
	}
	for (size_t i = 0; i < b->n_old && a && ch == CHANGE_REMOVED; i++)
		if (!b->old[i].matched)
			change(j, a, b->old[i].key, b->old[i].attack,
			       b->old[i].runtime, b->old[i].backend,
			       b->old[i].outcome, NULL);
}

static void baseline(struct jb *j, cJSON *doc, const struct report *rp)
{
	cJSON *o;

	if (!rp->base) {
		add(j, doc, "baseline", cJSON_CreateNull());
		return;
	}
	o = add(j, doc, "baseline", cJSON_CreateObject());
	if (!o)
		return;
	str(j, o, "file", rp->base->file, SIZE_MAX);
	if (rp->base->generated)
		str(j, o, "generated", rp->base->generated, SIZE_MAX);
	else
		add(j, o, "generated", cJSON_CreateNull());
	changes(j, o, "regressions", CHANGE_REGRESSION, rp);
	changes(j, o, "fixes", CHANGE_FIX, rp);
	changes(j, o, "new", CHANGE_NEW, rp);
	changes(j, o, "removed", CHANGE_REMOVED, rp);
	changes(j, o, "changed", CHANGE_CHANGED, rp);
}

int report_json(FILE *f, const struct report *rp, char *err, size_t err_size)
{
	const struct run *run = rp->run;
	struct jb j = {false};
	cJSON *doc = cJSON_CreateObject();
	char *text = NULL;

	if (doc) {
		str(&j, doc, "schema", REPORT_SCHEMA, SIZE_MAX);
		STR(&j, doc, "generated", run->started);
		num(&j, doc, "duration_ms", (double)run->duration_ms);
		boolean(&j, doc, "ci", run->ci);
		num(&j, doc, "exit_status", run->exit_status);
		copy(&j, doc, "machine", run->machine);
		copy(&j, doc, "tools", run->tools);
		copy(&j, doc, "policy", run->policy);
		copy(&j, doc, "benchmarks", run->bench);
		columns(&j, doc, run);
		cases(&j, doc, rp);
		summary(&j, doc, rp);
		baseline(&j, doc, rp);
		if (!j.oom)
			text = cJSON_Print(doc);
	}
	cJSON_Delete(doc);
	if (!text)
		return report_fail(err, err_size,
		                   "out of memory building report.json");
	fputs(text, f);
	fputc('\n', f);
	cJSON_free(text);
	return 0;
}
