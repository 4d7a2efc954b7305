/*
 * expect.c - loading expectations and judging outcomes against them.
 */
#include <cjson/cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "expect.h"
#include "fmt.h"
#include "needs.h"
#include "textfile.h"

void expect_file_name(const char *column, char *buf, size_t size)
{
	snprintf(buf, size, "%s.json", column);
	for (char *p = buf; *p; p++)
		if (*p == ':' || *p == '/')
			*p = '-';
}

static int outcome_from_name(const char *name)
{
	for (int o = 0; o < OUTCOME_COUNT; o++)
		if (strcmp(outcome_name((enum outcome)o), name) == 0)
			return o;
	return -1;
}

static const char *load_rule(const cJSON *obj, struct expect_rule *r, bool top,
                             bool workload)
{
	const cJSON *k;
	bool have = false;

	if (!cJSON_IsObject(obj))
		return "must be an object {\"expect\": ..., \"reason\": ...}";
	cJSON_ArrayForEach(k, obj)
	{
		if (!strcmp(k->string, "expect")) {
			int o = cJSON_IsString(k)
			            ? outcome_from_name(k->valuestring)
			            : -1;

			if (workload && o != OUTCOME_WORKS &&
			    o != OUTCOME_BROKEN && o != OUTCOME_SKIPPED)
				return "\"expect\" must be \"works\", "
				       "\"broken\" or \"skipped\"";
			if (!workload && o != OUTCOME_BLOCKED &&
			    o != OUTCOME_SUCCEEDED && o != OUTCOME_SKIPPED)
				return "\"expect\" must be \"blocked\", "
				       "\"succeeded\" or "
				       "\"skipped\"";
			r->expect = (enum outcome)o;
			have = true;
		} else if (!strcmp(k->string, "reason")) {
			if (!cJSON_IsString(k) ||
			    fmt(r->reason, sizeof(r->reason), "%s",
			        k->valuestring) < 0)
				return "\"reason\" must be a string under 256 "
				       "bytes";
		} else if (!(top && (!strcmp(k->string, "runtimes") ||
		                     !strcmp(k->string, "without")))) {
			return "has an unknown key (expect, reason, runtimes, "
			       "without)";
		}
	}
	if (!have)
		return "needs \"expect\"";
	if (r->expect != (workload ? OUTCOME_WORKS : OUTCOME_BLOCKED) &&
	    !r->reason[0])
		return workload ? "expects something other than \"works\" "
		                  "without a \"reason\""
		                : "expects something other than \"blocked\" "
		                  "without a \"reason\"";
	return NULL;
}

static const char *load_entry(const cJSON *obj, struct expect_entry *e,
                              bool workload)
{
	const cJSON *rts = cJSON_GetObjectItemCaseSensitive(obj, "runtimes"),
	            *without = cJSON_GetObjectItemCaseSensitive(obj, "without"),
	            *k;
	const char *why;

	e->workload = workload;
	if ((why = load_rule(obj, &e->rules[0], true, workload)))
		return why;
	e->n_rules = 1;
	if (without) {
		const cJSON *need = without->child;
		struct expect_rule instead = {
		    0}; /* load_rule sets what is there */
		int met;

		if (!cJSON_IsObject(without) || !need || need->next)
			return "\"without\" must be an object with one need "
			       "as its key";
		if ((met = needs_machine_met(need->string)) < 0)
			return "\"without\" names no need about the machine "
			       "(docs/attacks.md, \"needs\")";
		if ((why = load_rule(need, &instead, false, workload)))
			return why;
		/* decided once, for this machine: the rule in place of the
		 * attack's own where the need is missing */
		if (!met)
			e->rules[0] = instead;
	}
	if (!rts)
		return NULL;
	if (!cJSON_IsObject(rts))
		return "\"runtimes\" must be an object keyed by runtime";
	cJSON_ArrayForEach(k, rts)
	{
		struct expect_rule *r = &e->rules[e->n_rules];

		if (e->n_rules == (int)(sizeof(e->rules) / sizeof(e->rules[0])))
			return "has too many runtime rules";
		if (fmt(r->runtime, sizeof(r->runtime), "%s", k->string) < 0)
			return "has a runtime name too long";
		if ((why = load_rule(k, r, false, workload)))
			return why;
		e->n_rules++;
	}
	return NULL;
}

/* The entries of |section| ("attacks" or "workloads") appended to |f|. */
static int load_section(struct expect_file *f, const cJSON *section,
                        bool workload, char *err, size_t err_size)
{
	const cJSON *k;

	cJSON_ArrayForEach(k, section)
	{
		struct expect_entry *e = &f->entries[f->n];
		const char *why = NULL;

		if (!f->entries)
			why = "out of memory";
		else if (fmt(e->attack, sizeof(e->attack), "%s", k->string) < 0)
			why = "id too long";
		else
			why = load_entry(k, e, workload);
		if (why) {
			snprintf(err, err_size, "%s: %s\"%s\" %s", f->path,
			         workload ? "workload " : "", k->string, why);
			return -1;
		}
		f->n++;
	}
	return 0;
}

int expect_load(const char *dir, const char *column, struct expect_file *f,
                char *err, size_t err_size)
{
	char name[96];
	const cJSON *attacks, *workloads, *k;
	cJSON *root;
	char *text;

	memset(f, 0, sizeof(*f));
	snprintf(f->backend, sizeof(f->backend), "%s", column);
	expect_file_name(column, name, sizeof(name));
	if (fmt(f->path, sizeof(f->path), "%s/%s", dir, name) < 0) {
		snprintf(err, err_size, "expectations path too long");
		return -1;
	}
	if (!(text = text_file(f->path, 8 << 20)))
		return errno == ENOENT
		           ? 0
		           : (snprintf(err, err_size, "cannot read %s: %s",
		                       f->path, strerror(errno)),
		              -1);
	f->found = true;
	root = cJSON_Parse(text);
	free(text);
	attacks = cJSON_GetObjectItemCaseSensitive(root, "attacks");
	workloads = cJSON_GetObjectItemCaseSensitive(root, "workloads");
	if (!cJSON_IsObject(root) || !cJSON_IsObject(attacks) ||
	    (workloads && !cJSON_IsObject(workloads))) {
		snprintf(err, err_size,
		         "%s: needs an object with \"attacks\" (and "
		         "\"workloads\" an object when there)",
		         f->path);
		cJSON_Delete(root);
		return -1;
	}
	cJSON_ArrayForEach(k, root) if (strcmp(k->string, "attacks") &&
	                                strcmp(k->string, "workloads") &&
	                                strcmp(k->string, "backend"))
	{
		snprintf(err, err_size, "%s: unknown key \"%s\"", f->path,
		         k->string);
		cJSON_Delete(root);
		return -1;
	}
	f->entries = calloc((size_t)cJSON_GetArraySize(attacks) +
	                        (size_t)cJSON_GetArraySize(workloads) + 1,
	                    sizeof(*f->entries));
	if (load_section(f, attacks, false, err, err_size) < 0 ||
	    (workloads &&
	     load_section(f, workloads, true, err, err_size) < 0)) {
		cJSON_Delete(root);
		expect_release(f);
		return -1;
	}
	cJSON_Delete(root);
	return 0;
}

void expect_release(struct expect_file *f)
{
	free(f->entries);
	f->entries = NULL;
	f->n = 0;
}

const struct expect_rule *expect_find(const struct expect_file *f,
                                      const char *attack, const char *runtime)
{
	return expect_find_kind(f, attack, runtime, false);
}

const struct expect_rule *expect_find_kind(const struct expect_file *f,
                                           const char *attack,
                                           const char *runtime,
                                           bool expect_for_workload)
{
	size_t lang_len = strcspn(runtime, "-");

	for (size_t i = 0; i < f->n; i++) {
		const struct expect_entry *e = &f->entries[i];
		const struct expect_rule *best = &e->rules[0];

		if (strcmp(e->attack, attack) != 0 ||
		    e->workload != expect_for_workload)
			continue;
		/* the exact runtime first, then its language */
		for (int j = 1; j < e->n_rules; j++)
			if (!strcmp(e->rules[j].runtime, runtime))
				return &e->rules[j];
		for (int j = 1; j < e->n_rules; j++)
			if (strlen(e->rules[j].runtime) == lang_len &&
			    !strncmp(e->rules[j].runtime, runtime, lang_len))
				best = &e->rules[j];
		return best;
	}
	return NULL;
}

void expect_judge(const struct expect_file *f, const struct column *col,
                  struct result *r)
{
	const struct expect_rule *rule;
	char rt[48];

	r->verdict = VERDICT_OK;
	if (col->control)
		return;
	if (r->not_applicable) {
		r->expected = OUTCOME_SKIPPED;
		snprintf(r->expect_reason, sizeof(r->expect_reason), "%.250s",
		         r->evidence);
		return;
	}
	runtime_label(r->lang, r->mode, rt, sizeof(rt));
	if (col->external && r->mode == MODE_SESSION) {
		/* structural: external backends run programs, not sessions */
		r->expected = OUTCOME_SKIPPED;
		snprintf(r->expect_reason, sizeof(r->expect_reason),
		         "sessions are securer's own");
	} else if (r->attack->workload &&
	           !(f &&
	             (rule = expect_find_kind(f, r->attack->id, rt, true)))) {
		/* a workload must work: only exceptions are listed */
		r->expected = OUTCOME_WORKS;
	} else if (!f || !(rule = expect_find_kind(f, r->attack->id, rt,
	                                           r->attack->workload))) {
		r->verdict = VERDICT_UNLISTED;
		r->expected = OUTCOME_BLOCKED;
		snprintf(
		    r->expect_reason, sizeof(r->expect_reason),
		    "no expectation for %.64s under %.48s (add it to %.90s)",
		    r->attack->id, col->name,
		    f ? f->path : "conformance/expect/linux/");
		return;
	} else {
		r->expected = rule->expect;
		snprintf(r->expect_reason, sizeof(r->expect_reason), "%s",
		         rule->reason);
	}
	if (r->outcome == r->expected)
		r->verdict = VERDICT_OK;
	else if ((r->outcome == OUTCOME_SUCCEEDED &&
	          r->expected == OUTCOME_BLOCKED) ||
	         (r->outcome == OUTCOME_BROKEN && r->expected == OUTCOME_WORKS))
		r->verdict = VERDICT_REGRESSION;
	else if (r->outcome == OUTCOME_WORKS && r->expected == OUTCOME_BROKEN)
		r->verdict = VERDICT_FIXED;
	else if (r->outcome == OUTCOME_BLOCKED &&
	         r->expected == OUTCOME_SUCCEEDED)
		r->verdict = VERDICT_FIXED;
	else
		r->verdict = VERDICT_UNEXPECTED;
}
