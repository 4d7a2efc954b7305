/*
 * report_baseline.c - the diff against an earlier report.json.  Cases are
 * matched by key ("attack/runtime/backend"): a regression was blocked and
 * now succeeded, a fix the reverse, any other change of outcome is
 * "changed"; a key on one side only is new or removed.  A baseline that
 * cannot be read is an error, never an empty diff: an empty diff would
 * hide the very regressions it is asked for.
 */
#include <cjson/cJSON.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "report_int.h"

/* Far above any real report (a few MiB), far below trouble. */
#define BASELINE_MAX (256u << 20)

static const char *const change_names[CHANGE_COUNT] = {
    "none", "regression", "fix", "new", "removed", "changed",
};

const char *change_name(enum change c)
{
	return (unsigned)c < CHANGE_COUNT ? change_names[c] : "?";
}

static char *slurp(const char *path, char *err, size_t size)
{
	FILE *f = fopen(path, "r");
	char *buf = NULL, *grown;
	size_t len = 0, cap = 0;

	if (!f) {
		report_fail(err, size, "cannot read baseline '%s': %s", path,
		            strerror(errno));
		return NULL;
	}
	for (;;) {
		if (cap - len < 4096) {
			cap = cap ? cap * 2 : 65536;
			grown =
			    cap <= BASELINE_MAX ? realloc(buf, cap + 1) : NULL;
			if (!grown) {
				report_fail(err, size,
				            "baseline '%s' is too large", path);
				goto fail;
			}
			buf = grown;
		}
		size_t n = fread(buf + len, 1, cap - len, f);

		len += n;
		if (n == 0)
			break;
	}
	if (ferror(f)) {
		report_fail(err, size, "cannot read baseline '%s'", path);
		goto fail;
	}
	fclose(f);
	buf[len] = '\0';
	return buf;
fail:
	fclose(f);
	free(buf);
	return NULL;
}

static const char *case_str(const cJSON *c, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(c, key);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static int load_case(struct baseline *b, const cJSON *c, size_t i, char *err,
                     size_t size)
{
	static const char *const keys[] = {"attack", "runtime", "backend",
	                                   "outcome"};
	const char *v[4];
	struct old_case *o = &b->old[i];

	for (size_t k = 0; k < 4; k++)
		if (!(v[k] = case_str(c, keys[k])))
			return report_fail(err, size,
			                   "baseline '%s': cases[%zu] has no "
			                   "string \"%s\"",
			                   b->file, i, keys[k]);
	o->attack = v[0];
	o->runtime = v[1];
	o->backend = v[2];
	o->outcome = v[3];
	o->key = malloc(strlen(v[0]) + strlen(v[1]) + strlen(v[2]) + 3);
	if (!o->key)
		return report_fail(err, size, "out of memory");
	sprintf(o->key, "%s/%s/%s", v[0], v[1], v[2]);
	b->sorted[i] = o;
	return 0;
}

static int by_key(const void *a, const void *b)
{
	const struct old_case *const *x = a, *const *y = b;

	return strcmp((*x)->key, (*y)->key);
}

static int load_cases(struct baseline *b, const cJSON *cases, char *err,
                      size_t size)
{
	const cJSON *c;
	size_t i = 0;

	if (!cJSON_IsArray(cases))
		return report_fail(err, size,
		                   "baseline '%s': \"cases\" is not an array",
		                   b->file);
	b->n_old = (size_t)cJSON_GetArraySize(cases);
	b->old = calloc(b->n_old + 1, sizeof(*b->old));
	b->sorted = calloc(b->n_old + 1, sizeof(*b->sorted));
	if (!b->old || !b->sorted)
		return report_fail(err, size, "out of memory");
	cJSON_ArrayForEach(c, cases)
	{
		if (load_case(b, c, i++, err, size) < 0)
			return -1;
	}
	qsort(b->sorted, b->n_old, sizeof(*b->sorted), by_key);
	for (i = 1; i < b->n_old; i++)
		if (strcmp(b->sorted[i - 1]->key, b->sorted[i]->key) == 0)
			return report_fail(err, size,
			                   "baseline '%s': two cases have the "
			                   "key '%s'",
			                   b->file, b->sorted[i]->key);
	return 0;
}

int baseline_load(struct baseline *b, const char *path, char *err, size_t size)
{
	const char *end = NULL, *schema;
	char *text;

	memset(b, 0, sizeof(*b));
	if (!(b->file = strdup(path)))
		return report_fail(err, size, "out of memory");
	if (!(text = slurp(path, err, size)))
		return -1;
	b->doc = cJSON_ParseWithOpts(text, &end, 1);
	if (!b->doc) {
		report_fail(
		    err, size, "baseline '%s' is not valid JSON (at byte %zu)",
		    path, end && end >= text ? (size_t)(end - text) : 0);
		free(text);
		return -1;
	}
	free(text);
	schema = case_str(b->doc, "schema");
	if (!cJSON_IsObject(b->doc) || !schema)
		return report_fail(err, size,
		                   "baseline '%s' has no \"schema\": not a "
		                   "report.json of securer conform",
		                   path);
	if (strcmp(schema, REPORT_SCHEMA) != 0)
		return report_fail(err, size,
		                   "baseline '%s' has schema '%s', not '%s'",
		                   path, schema, REPORT_SCHEMA);
	b->generated = case_str(b->doc, "generated");
	return load_cases(b, cJSON_GetObjectItemCaseSensitive(b->doc, "cases"),
	                  err, size);
}

static enum change classify(const char *before, const char *now)
{
	if (strcmp(before, now) == 0)
		return CHANGE_NONE;
	if (strcmp(before, "blocked") == 0 && strcmp(now, "succeeded") == 0)
		return CHANGE_REGRESSION;
	if (strcmp(before, "succeeded") == 0 && strcmp(now, "blocked") == 0)
		return CHANGE_FIX;
	if (strcmp(before, "works") == 0 && strcmp(now, "broken") == 0)
		return CHANGE_REGRESSION;
	if (strcmp(before, "broken") == 0 && strcmp(now, "works") == 0)
		return CHANGE_FIX;
	return CHANGE_CHANGED;
}

void baseline_diff(struct baseline *b, struct report *rp)
{
	for (size_t i = 0; i < rp->n_cases; i++) {
		struct report_case *k = &rp->cases[i];
		struct old_case want = {.key = k->key}, *pw = &want, **found;

		found = b->n_old ? bsearch(&pw, b->sorted, b->n_old,
		                           sizeof(*b->sorted), by_key)
		                 : NULL;
		if (!found) {
			k->change = CHANGE_NEW;
		} else {
			(*found)->matched = true;
			k->before = (*found)->outcome;
			k->change =
			    classify(k->before, outcome_name(k->r->outcome));
		}
		b->count[k->change]++;
	}
	for (size_t i = 0; i < b->n_old; i++)
		if (!b->old[i].matched)
			b->count[CHANGE_REMOVED]++;
}

void baseline_release(struct baseline *b)
{
	for (size_t i = 0; i < b->n_old && b->old; i++)
		free(b->old[i].key);
	free(b->old);
	free(b->sorted);
	cJSON_Delete(b->doc);
	free(b->file);
	memset(b, 0, sizeof(*b));
}
