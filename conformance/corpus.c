/*
 * corpus.c - loading and validating attack.json files (docs/attacks.md).
 */
#include <cjson/cJSON.h>
#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "corpus.h"
#include "fmt.h"
#include "textfile.h"

static const char *const lang_names[LANG_COUNT] = {"sh", "c", "python", "r"};
static const char *const lang_files[LANG_COUNT] = {"attack.sh", "attack.c",
                                                   "attack.py", "attack.R"};
static const char *const workload_files[LANG_COUNT] = {
    "workload.sh", "workload.c", "workload.py", "workload.R"};
static const char *const mode_names[MODE_COUNT] = {"process", "session"};

static const char *const oracle_names[ORACLE_COUNT] = {
    [ORACLE_TOKEN] = "token",       [ORACLE_TCP] = "tcp",
    [ORACLE_UDP] = "udp",           [ORACLE_UNIX] = "unix",
    [ORACLE_MARKER] = "marker",     [ORACLE_MANIFEST] = "manifest",
    [ORACLE_HOME] = "home",         [ORACLE_WORKSPACE] = "workspace",
    [ORACLE_PROCS] = "procs",       [ORACLE_THREADS] = "threads",
    [ORACLE_ZOMBIES] = "zombies",   [ORACLE_MEMORY] = "memory",
    [ORACLE_FDS] = "fds",           [ORACLE_DISK] = "disk",
    [ORACLE_INODES] = "inodes",     [ORACLE_TIMEOUT] = "timeout",
    [ORACLE_LEFTOVER] = "leftover", [ORACLE_CAPS] = "caps",
    [ORACLE_TTY] = "tty",           [ORACLE_EXE] = "exe",
    [ORACLE_SYSCTL] = "sysctl",     [ORACLE_HOSTNAME] = "hostname",
    [ORACLE_CALLBACK] = "callback", [ORACLE_BACKDOOR] = "backdoor",
    [ORACLE_CORE] = "core",         [ORACLE_REACH] = "reach",
    [ORACLE_SENTINEL] = "sentinel", [ORACLE_HOSTMEM] = "hostmem",
    [ORACLE_SHMEM] = "shmem",       [ORACLE_CARRYOVER] = "carryover",
    [ORACLE_SETID] = "setid",
};

static const char *const fixture_names[FIXTURE_COUNT] = {
    [FIXTURE_SENTINEL] = "sentinel",
    [FIXTURE_KEYRING] = "keyring",
    [FIXTURE_SHM] = "shm",
    [FIXTURE_ROOTFILE] = "rootfile",
    [FIXTURE_STATFILE] = "statfile",
    [FIXTURE_DIRFD] = "dirfd",
    [FIXTURE_TTY] = "tty",
    [FIXTURE_VICTIM] = "victim",
    [FIXTURE_ENV_INJECT] = "env-inject",
    [FIXTURE_PROXY] = "proxy",
    [FIXTURE_PEER] = "peer",
    [FIXTURE_SYSCTL] = "sysctl",
    [FIXTURE_HOSTNAME] = "hostname",
    [FIXTURE_METADATA] = "metadata",
    [FIXTURE_BREAK_BACKEND] = "break-backend",
    [FIXTURE_SECOND_RUN] = "second-run",
    [FIXTURE_GIT_REPO] = "git-repo",
    [FIXTURE_GIT_WORKTREE] = "git-worktree",
    [FIXTURE_GIT_GITDIR] = "git-gitdir",
    [FIXTURE_IFALIAS] = "ifalias",
    [FIXTURE_SAME_SESSION] = "same-session",
    [FIXTURE_ETC_SECRETS] = "etc-secrets",
};

const char *lang_name(enum lang l)
{
	return (unsigned)l < LANG_COUNT ? lang_names[l] : "?";
}

const char *lang_file(enum lang l)
{
	return (unsigned)l < LANG_COUNT ? lang_files[l] : "?";
}

const char *corpus_file(const struct attack *a, enum lang l)
{
	if ((unsigned)l >= LANG_COUNT)
		return "?";
	return a->workload ? workload_files[l] : lang_files[l];
}

const char *mode_name(enum mode m)
{
	return (unsigned)m < MODE_COUNT ? mode_names[m] : "?";
}

const char *oracle_name(enum oracle o)
{
	return (unsigned)o < ORACLE_COUNT ? oracle_names[o] : "?";
}

int oracle_from_name(const char *name)
{
	for (int i = 0; i < ORACLE_COUNT; i++)
		if (strcmp(oracle_names[i], name) == 0)
			return i;
	return -1;
}

const char *fixture_name(enum fixture f)
{
	return (unsigned)f < FIXTURE_COUNT ? fixture_names[f] : "?";
}

int fixture_from_name(const char *name)
{
	for (int i = 0; i < FIXTURE_COUNT; i++)
		if (strcmp(fixture_names[i], name) == 0)
			return i;
	return -1;
}

static const char *copy_str(const cJSON *v, char *dst, size_t size)
{
	if (!cJSON_IsString(v) || fmt(dst, size, "%s", v->valuestring) < 0)
		return "must be a (short enough) string";
	return NULL;
}

static const char *names_to_bits(const cJSON *v, int (*lookup)(const char *),
                                 uint64_t *bits, const char *what)
{
	const cJSON *e;

	if (!cJSON_IsArray(v))
		return what;
	cJSON_ArrayForEach(e, v)
	{
		int i = cJSON_IsString(e) ? lookup(e->valuestring) : -1;

		if (i < 0)
			return what;
		*bits |= UINT64_C(1) << i;
	}
	return NULL;
}

static int mode_from_name(const char *name)
{
	for (int i = 0; i < MODE_COUNT; i++)
		if (strcmp(mode_names[i], name) == 0)
			return i;
	return -1;
}

static const char *apply_strings(struct attack *a, const cJSON *k, bool *done)
{
	static const struct {
		const char *key;
		size_t off, size;
	} strs[] = {
	    {"id", offsetof(struct attack, id),
	     sizeof(((struct attack *)0)->id)},
	    {"title", offsetof(struct attack, title),
	     sizeof(((struct attack *)0)->title)},
	    {"category", offsetof(struct attack, category),
	     sizeof(((struct attack *)0)->category)},
	    {"attempts", offsetof(struct attack, attempts),
	     sizeof(((struct attack *)0)->attempts)},
	    {"source", offsetof(struct attack, source),
	     sizeof(((struct attack *)0)->source)},
	    {"layer", offsetof(struct attack, layer),
	     sizeof(((struct attack *)0)->layer)},
	};

	*done = false;
	for (size_t i = 0; i < sizeof(strs) / sizeof(strs[0]); i++)
		if (strcmp(k->string, strs[i].key) == 0) {
			*done = true;
			return copy_str(k, (char *)a + strs[i].off,
			                strs[i].size);
		}
	return NULL;
}

/* "policy": an object of the policy file's own keys, of which an attack
 * may change the network and the files (docs/attacks.md); the library
 * checks the values when the row builds its policy. */
static const char *policy_key(struct attack *a, const cJSON *k)
{
	static const char *const allowed[] = {"network", "files"};
	const cJSON *e;
	char *text;

	if (!cJSON_IsObject(k) || !k->child)
		return "must be a non-empty object of policy keys";
	cJSON_ArrayForEach(e, k)
	{
		bool ok = false;

		for (size_t i = 0; i < sizeof(allowed) / sizeof(allowed[0]);
		     i++)
			ok |= strcmp(e->string, allowed[i]) == 0;
		if (!ok)
			return "may hold only \"network\" and \"files\"";
	}
	text = cJSON_PrintUnformatted(k);
	if (!text || fmt(a->policy, sizeof(a->policy), "%s", text) < 0) {
		free(text);
		return "is too long";
	}
	free(text);
	return NULL;
}

/* The keys only a workload has (docs/workloads.md); *done when |k| is one. */
static const char *workload_key(struct attack *a, const cJSON *k, bool *done)
{
	const char *n = k->string;

	*done = true;
	if (!strcmp(n, "does"))
		return copy_str(k, a->attempts, sizeof(a->attempts));
	if (!strcmp(n, "output_file")) {
		if (copy_str(k, a->output_file, sizeof(a->output_file)) ||
		    !a->output_file[0] || strchr(a->output_file, '/') ||
		    a->output_file[0] == '.')
			return "must be a plain file name (under T_WORK)";
		return NULL;
	}
	if (!strcmp(n, "compare")) {
		if (copy_str(k, a->compare, sizeof(a->compare)) ||
		    (strcmp(a->compare, "bytes") && strcmp(a->compare, "png")))
			return "must be \"bytes\" or \"png\"";
		return NULL;
	}
	if (!strcmp(n, "slow") || !strcmp(n, "tools")) {
		if (!cJSON_IsBool(k))
			return "must be true or false";
		*(n[0] == 's' ? &a->slow : &a->tools) = cJSON_IsTrue(k);
		return NULL;
	}
	*done = false;
	return NULL;
}

/* One key of attack.json; returns what is wrong with it, or NULL. */
static const char *apply_key(struct attack *a, const cJSON *k)
{
	const char *n = k->string, *why;
	uint64_t bits = 0;
	const cJSON *e;
	bool done;

	if (a->workload) {
		if ((why = workload_key(a, k, &done)) || done)
			return why;
		if (!strcmp(n, "attempts") || !strcmp(n, "source") ||
		    !strcmp(n, "layer") || !strcmp(n, "kind") ||
		    !strcmp(n, "seed") || !strcmp(n, "exclusive") ||
		    !strcmp(n, "oracle") || !strcmp(n, "fixtures"))
			return "is an attack's key, not a workload's";
	}
	if ((why = apply_strings(a, k, &done)) || done)
		return why;
	if (!strcmp(n, "kind")) {
		if (!cJSON_IsString(k) || (strcmp(k->valuestring, "effect") &&
		                           strcmp(k->valuestring, "surface")))
			return "must be \"effect\" or \"surface\"";
		a->surface = strcmp(k->valuestring, "surface") == 0;
		return NULL;
	}
	if (!strcmp(n, "seed") || !strcmp(n, "exclusive")) {
		if (!cJSON_IsBool(k))
			return "must be true or false";
		*(n[0] == 's' ? &a->seed : &a->exclusive) = cJSON_IsTrue(k);
		return NULL;
	}
	if (!strcmp(n, "timeout_seconds")) {
		if (!cJSON_IsNumber(k) || k->valuedouble <= 0 ||
		    k->valuedouble > 300)
			return "must be a number of seconds in (0, 300]";
		a->timeout_ms = (int)(k->valuedouble * 1000);
		return NULL;
	}
	if (!strcmp(n, "oracle"))
		return names_to_bits(
		    k, oracle_from_name, &a->oracles,
		    "must be an array of oracle names (docs/attacks.md)");
	if (!strcmp(n, "fixtures")) {
		why = names_to_bits(
		    k, fixture_from_name, &bits,
		    "must be an array of fixture names (docs/attacks.md)");
		a->fixtures = (unsigned)bits;
		return why;
	}
	if (!strcmp(n, "modes")) {
		why = names_to_bits(
		    k, mode_from_name, &bits,
		    "must be an array of \"process\", \"session\"");
		a->modes = (unsigned)bits;
		return why ? why : bits ? NULL : "must not be empty";
	}
	if (!strcmp(n, "policy"))
		return policy_key(a, k);
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

static const char *meta_file(bool workload)
{
	return workload ? "workload.json" : "attack.json";
}

static int load_one(const char *dir, const char *build_dir, const char *rel,
                    bool workload, struct attack *a, char *err, size_t err_size)
{
	char path[PATH_MAX], real[PATH_MAX];
	cJSON *root, *k;
	char *text;

	memset(a, 0, sizeof(*a));
	a->workload = workload;
	a->timeout_ms = workload ? 30000 : 10000;
	/* a workload's scripts run once per backend, as code executed in a
	 * session (what a model's code is), unless it asks for process mode
	 * too; its C version runs as a program (schedule.c) */
	a->modes = workload ? 1u << MODE_SESSION
	                    : 1u << MODE_PROCESS | 1u << MODE_SESSION;
	if (fmt(path, sizeof(path), "%s/%s", dir, meta_file(workload)) < 0 ||
	    !(text = text_file(path, 1 << 20))) {
		snprintf(err, err_size, "cannot read %s/%s: %s", dir,
		         meta_file(workload), strerror(errno));
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
	if (workload &&
	    (!a->id[0] || !a->title[0] || !a->category[0] || !a->attempts[0])) {
		snprintf(err, err_size,
		         "%s: id, title, category and does are required", path);
		return -1;
	}
	if (!workload &&
	    (!a->id[0] || !a->title[0] || !a->category[0] || !a->source[0] ||
	     !a->oracles || !a->attempts[0] || !a->layer[0])) {
		snprintf(err, err_size,
		         "%s: id, title, category, attempts, source, "
		         "oracle, kind and layer are required",
		         path);
		return -1;
	}
	if (!realpath(dir, real) ||
	    fmt(a->src_dir, sizeof(a->src_dir), "%s", real) < 0) {
		snprintf(err, err_size, "%s: cannot resolve", dir);
		return -1;
	}
	for (int l = 0; l < LANG_COUNT; l++)
		a->has[l] = fmt(path, sizeof(path), "%s/%s", dir,
		                corpus_file(a, (enum lang)l)) == 0 &&
		            access(path, R_OK) == 0;
	if (a->has[LANG_C] &&
	    fmt(path, sizeof(path), "%s/%s/%s/%s", build_dir,
	        workload ? "workloads" : "attacks", rel,
	        workload ? "workload" : "attack") == 0 &&
	    realpath(path, real))
		fmt(a->bin, sizeof(a->bin), "%s", real);
	return 0;
}

static bool matches(const char *list, const char *id)
{
	char buf[1024], *tok, *save = NULL;

	if (!list)
		return true;
	snprintf(buf, sizeof(buf), "%s", list);
	for (tok = strtok_r(buf, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save))
		if (fnmatch(tok, id, 0) == 0)
			return true;
	return false;
}

static int by_category_id(const void *x, const void *y)
{
	const struct attack *a = x, *b = y;
	int c = strcmp(a->category, b->category);

	return c ? c : strcmp(a->id, b->id);
}

/* Loads one category folder into *list; -1 on error. */
static int load_category(const char *attacks_dir, const char *build_dir,
                         const char *cat, const char *ids, bool workload,
                         struct attack **list, size_t *count, char *err,
                         size_t err_size)
{
	char cat_dir[PATH_MAX];
	struct dirent *e;
	DIR *cd;
	int rc = 0;

	if (fmt(cat_dir, sizeof(cat_dir), "%s/%s", attacks_dir, cat) < 0 ||
	    !(cd = opendir(cat_dir)))
		return 0;
	while (rc == 0 && (e = readdir(cd))) {
		char dir[PATH_MAX], rel[512], json[PATH_MAX];
		struct attack *grown;

		if (e->d_name[0] == '.' ||
		    fmt(dir, sizeof(dir), "%s/%s", cat_dir, e->d_name) < 0 ||
		    fmt(json, sizeof(json), "%s/%s", dir, meta_file(workload)) <
		        0 ||
		    access(json, F_OK) < 0 || !matches(ids, e->d_name) ||
		    fmt(rel, sizeof(rel), "%s/%s", cat, e->d_name) < 0)
			continue;
		if (!(grown = realloc(*list, (*count + 1) * sizeof(**list)))) {
			snprintf(err, err_size, "out of memory");
			rc = -1;
			break;
		}
		*list = grown;
		rc = load_one(dir, build_dir, rel, workload, &(*list)[*count],
		              err, err_size);
		if (rc == 0 && (strcmp((*list)[*count].id, e->d_name) ||
		                strcmp((*list)[*count].category, cat))) {
			snprintf(err, err_size,
			         "%s: id and category must match the "
			         "folder %s",
			         json, rel);
			rc = -1;
		}
		if (rc == 0)
			(*count)++;
	}
	closedir(cd);
	return rc;
}

static int load_all(const char *attacks_dir, const char *build_dir,
                    const char *ids, const char *category, bool workload,
                    struct attack **out, size_t *n, char *err, size_t err_size)
{
	struct attack *list = NULL;
	size_t count = 0;
	DIR *top = opendir(attacks_dir);
	struct dirent *c;

	if (!top && workload && errno == ENOENT) {
		*out = NULL;
		*n = 0;
		return 0;
	}
	if (!top) {
		snprintf(err, err_size, "cannot open attacks directory '%s'",
		         attacks_dir);
		return -1;
	}
	while ((c = readdir(top))) {
		if (c->d_name[0] == '.' || strcmp(c->d_name, "lib") == 0 ||
		    !matches(category, c->d_name))
			continue;
		if (load_category(attacks_dir, build_dir, c->d_name, ids,
		                  workload, &list, &count, err, err_size) < 0) {
			closedir(top);
			free(list);
			return -1;
		}
	}
	closedir(top);
	if (count >
	    1) /* none matched: list is NULL, which qsort must not get */
		qsort(list, count, sizeof(*list), by_category_id);
	/* expectations and reports key cases by id: ids are unique */
	for (size_t i = 0; i < count; i++)
		for (size_t j = i + 1; j < count; j++)
			if (!strcmp(list[i].id, list[j].id)) {
				snprintf(err, err_size,
				         "%s/%s and %s/%s share "
				         "the id '%s': ids must be unique",
				         list[i].category, list[i].id,
				         list[j].category, list[j].id,
				         list[i].id);
				free(list);
				return -1;
			}
	*out = list;
	*n = count;
	return 0;
}

int corpus_load(const char *attacks_dir, const char *build_dir, const char *ids,
                const char *category, struct attack **out, size_t *n, char *err,
                size_t err_size)
{
	return load_all(attacks_dir, build_dir, ids, category, false, out, n,
	                err, err_size);
}

int workload_load(const char *dir, const char *build_dir, const char *ids,
                  const char *category, struct attack **out, size_t *n,
                  char *err, size_t err_size)
{
	return load_all(dir, build_dir, ids, category, true, out, n, err,
	                err_size);
}
