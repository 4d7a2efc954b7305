/*
 * corpus.c - loading and validating attack.json files.
 */
#include <cjson/cJSON.h>
#include <dirent.h>
#include <fnmatch.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "corpus.h"
#include "fmt.h"

static const char *const lang_names[LANG_COUNT] = {"sh", "c"};
static const char *const lang_files[LANG_COUNT] = {"attack.sh", "attack.c"};

static const struct {
	unsigned bit;
	const char *name;
} oracles[] = {
    {ORACLE_TOKEN, "token"},     {ORACLE_TCP, "tcp"},
    {ORACLE_MARKER, "marker"},   {ORACLE_MANIFEST, "manifest"},
    {ORACLE_PROCS, "procs"},     {ORACLE_MEMORY, "memory"},
    {ORACLE_TIMEOUT, "timeout"}, {ORACLE_LEFTOVER, "leftover"},
};

const char *lang_name(enum lang l)
{
	return (unsigned)l < LANG_COUNT ? lang_names[l] : "?";
}

const char *oracle_name(unsigned bit)
{
	for (size_t i = 0; i < sizeof(oracles) / sizeof(oracles[0]); i++)
		if (oracles[i].bit == bit)
			return oracles[i].name;
	return "?";
}

unsigned oracle_from_name(const char *name)
{
	for (size_t i = 0; i < sizeof(oracles) / sizeof(oracles[0]); i++)
		if (strcmp(oracles[i].name, name) == 0)
			return oracles[i].bit;
	return 0;
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf;
	long len;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) < 0 || (len = ftell(f)) < 0 ||
	    len > (1 << 20) || fseek(f, 0, SEEK_SET) < 0 ||
	    !(buf = malloc((size_t)len + 1))) {
		fclose(f);
		return NULL;
	}
	buf[fread(buf, 1, (size_t)len, f)] = '\0';
	fclose(f);
	return buf;
}

static int copy_str(const cJSON *v, char *dst, size_t size)
{
	if (!cJSON_IsString(v) ||
	    snprintf(dst, size, "%s", v->valuestring) >= (int)size)
		return -1;
	return 0;
}

/* One key of attack.json; returns a message on error. */
static const char *apply_key(struct attack *a, const cJSON *k)
{
	const char *n = k->string;
	const cJSON *e;

	if (!strcmp(n, "id"))
		return copy_str(k, a->id, sizeof(a->id))
		           ? "must be a short string"
		           : NULL;
	if (!strcmp(n, "title"))
		return copy_str(k, a->title, sizeof(a->title))
		           ? "must be a string"
		           : NULL;
	if (!strcmp(n, "category"))
		return copy_str(k, a->category, sizeof(a->category))
		           ? "must be a string"
		           : NULL;
	if (!strcmp(n, "attempts"))
		return copy_str(k, a->attempts, sizeof(a->attempts))
		           ? "must be a string"
		           : NULL;
	if (!strcmp(n, "source"))
		return copy_str(k, a->source, sizeof(a->source))
		           ? "must be a string"
		           : NULL;
	if (!strcmp(n, "layer"))
		return copy_str(k, a->layer, sizeof(a->layer))
		           ? "must be a string"
		           : NULL;
	if (!strcmp(n, "kind")) {
		if (copy_str(k, a->kind, sizeof(a->kind)) ||
		    (strcmp(a->kind, "effect") && strcmp(a->kind, "surface")))
			return "must be \"effect\" or \"surface\"";
		return NULL;
	}
	if (!strcmp(n, "seed")) {
		if (!cJSON_IsBool(k))
			return "must be true or false";
		a->seed = cJSON_IsTrue(k);
		return NULL;
	}
	if (!strcmp(n, "timeout_seconds")) {
		if (!cJSON_IsNumber(k) || k->valuedouble <= 0 ||
		    k->valuedouble > 300)
			return "must be a number of seconds in (0, 300]";
		a->timeout_ms = (int)(k->valuedouble * 1000);
		return NULL;
	}
	if (!strcmp(n, "oracle")) {
		if (!cJSON_IsArray(k))
			return "must be an array of oracle names";
		cJSON_ArrayForEach(e, k)
		{
			unsigned bit = cJSON_IsString(e)
			                   ? oracle_from_name(e->valuestring)
			                   : 0;

			if (!bit)
				return "holds an unknown oracle (token tcp "
				       "marker manifest "
				       "procs memory timeout leftover)";
			a->oracles |= bit;
		}
		return NULL;
	}
	if (!strcmp(n, "needs")) {
		if (!cJSON_IsArray(k))
			return "must be an array of strings";
		cJSON_ArrayForEach(e, k)
		{
			if (a->n_needs == 8 || copy_str(e, a->needs[a->n_needs],
			                                sizeof(a->needs[0])))
				return "must be at most 8 short strings";
			a->n_needs++;
		}
		return NULL;
	}
	return "is not a known key";
}

static int load_one(const char *dir, const char *build_dir, const char *rel,
                    struct attack *a, char *err, size_t err_size)
{
	char path[PATH_MAX], real[PATH_MAX];
	cJSON *root, *k;
	char *text;

	memset(a, 0, sizeof(*a));
	a->timeout_ms = 10000;
	if (fmt(path, sizeof(path), "%s/attack.json", dir) < 0 ||
	    !(text = slurp(path))) {
		snprintf(err, err_size, "cannot read %s", path);
		return -1;
	}
	root = cJSON_Parse(text);
	free(text);
	if (!cJSON_IsObject(root)) {
		snprintf(err, err_size, "%s: not a JSON object", path);
		cJSON_Delete(root);
		return -1;
	}
	cJSON_ArrayForEach(k, root)
	{
		const char *why = apply_key(a, k);

		if (why) {
			snprintf(err, err_size, "%s: \"%s\" %s", path,
			         k->string, why);
			cJSON_Delete(root);
			return -1;
		}
	}
	cJSON_Delete(root);
	if (!a->id[0] || !a->title[0] || !a->category[0] || !a->source[0] ||
	    !a->oracles || !a->kind[0]) {
		snprintf(err, err_size,
		         "%s: id, title, category, source, oracle "
		         "and kind are required",
		         path);
		return -1;
	}
	if (!realpath(dir, real)) {
		snprintf(err, err_size, "%s: cannot resolve", dir);
		return -1;
	}
	if (fmt(a->src_dir, sizeof(a->src_dir), "%s", real) < 0) {
		snprintf(err, err_size, "%s: path too long", dir);
		return -1;
	}
	for (int l = 0; l < LANG_COUNT; l++)
		a->has[l] =
		    fmt(path, sizeof(path), "%s/%s", dir, lang_files[l]) == 0 &&
		    access(path, R_OK) == 0;
	if (a->has[LANG_C] &&
	    fmt(path, sizeof(path), "%s/attacks/%s/attack", build_dir, rel) ==
	        0 &&
	    realpath(path, real))
		fmt(a->bin, sizeof(a->bin), "%s", real);
	return 0;
}

static int by_category_id(const void *x, const void *y)
{
	const struct attack *a = x, *b = y;
	int c = strcmp(a->category, b->category);

	return c ? c : strcmp(a->id, b->id);
}

int corpus_load(const char *attacks_dir, const char *build_dir,
                const char *glob, struct attack **out, size_t *n, char *err,
                size_t err_size)
{
	struct attack *list = NULL;
	size_t count = 0;
	DIR *top = opendir(attacks_dir);
	struct dirent *c;

	if (!top) {
		snprintf(err, err_size, "cannot open attacks directory '%s'",
		         attacks_dir);
		return -1;
	}
	while ((c = readdir(top))) {
		char cat_dir[PATH_MAX];
		struct dirent *e;
		DIR *cd;

		if (c->d_name[0] == '.' || strcmp(c->d_name, "lib") == 0)
			continue;
		if (fmt(cat_dir, sizeof(cat_dir), "%s/%s", attacks_dir,
		        c->d_name) < 0 ||
		    !(cd = opendir(cat_dir)))
			continue;
		while ((e = readdir(cd))) {
			char dir[PATH_MAX], rel[512], json[PATH_MAX];
			struct attack *grown;

			if (e->d_name[0] == '.')
				continue;
			if (fmt(dir, sizeof(dir), "%s/%s", cat_dir, e->d_name) <
			        0 ||
			    fmt(json, sizeof(json), "%s/attack.json", dir) <
			        0 ||
			    access(json, F_OK) < 0)
				continue;
			if (glob && fnmatch(glob, e->d_name, 0) != 0)
				continue;
			if (fmt(rel, sizeof(rel), "%s/%s", c->d_name,
			        e->d_name) < 0)
				continue;
			grown = realloc(list, (count + 1) * sizeof(*list));
			if (!grown) {
				snprintf(err, err_size, "out of memory");
				goto fail;
			}
			list = grown;
			if (load_one(dir, build_dir, rel, &list[count], err,
			             err_size) < 0)
				goto fail;
			if (strcmp(list[count].id, e->d_name) ||
			    strcmp(list[count].category, c->d_name)) {
				snprintf(err, err_size,
				         "%s: id and category must match "
				         "the folder %s",
				         json, rel);
				goto fail;
			}
			count++;
		}
		closedir(cd);
		continue;
	fail:
		closedir(cd);
		closedir(top);
		free(list);
		return -1;
	}
	closedir(top);
	qsort(list, count, sizeof(*list), by_category_id);
	*out = list;
	*n = count;
	return 0;
}
