/*
 * conform_runs.c - the fixture shared by the tests of the conformance
 * reports: the synthetic run, writing its reports, and reading them back
 * (cJSON, and python3 as the independent parser).  See conform_runs.h.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "common.h"
#include "conform_runs.h"

static const struct attack attacks[] = {
    {.id = "ssh-key-grab",
     .category = "credentials",
     .seed = true,
     .title = "Read the user's SSH private keys"},
    {.id = "fork-bomb", .category = "dos", .title = "Fork 1000 processes"},
    {.id = "env-leak",
     .category = "exfiltration",
     .title = "Print \"secrets\" <&> from 'env'"},
    {.id = "keyring-read",
     .category = "credentials",
     .title = "Read the session keyring"},
    {.id = "userns-probe",
     .category = "surface",
     .surface = true,
     .title = "Create a user namespace"},
    {.id = "new-attack", .category = "lateral", .title = "Added later"},
};

/* 6 rows x 3 backends = 18 cases: 15 effect, 3 surface. */

const struct row base_rows[N_BASE] = {
    {0,
     LANG_SH,
     MODE_PROCESS,
     {{S, S, OK, TOKEN, "token: id_rsa printed"},
      {S, S, OK, TOKEN, "token: id_rsa printed"},
      {B, B, OK, 0, ""},
      {B, B, OK, 0, ""}}},
    {0,
     LANG_PYTHON,
     MODE_SESSION,
     {{S, S, OK, TOKEN, "token: in the session's value"},
      {S, S, OK, TOKEN, "token: in the value"},
      {S, B, RG, TOKEN | TCP, EVIL},
      {B, S, FX, 0, ""}}},
    {1,
     LANG_C,
     MODE_PROCESS,
     {{S, S, OK, PROCS, "procs: 1000 processes at once"},
      {S, S, OK, PROCS, "procs: 1000 processes at once"},
      {B, B, OK, 0, ""},
      {E, B, UX, 0, "external:x exited 127: firejail: not found"}}},
    {2,
     LANG_R,
     MODE_PROCESS,
     {{I, I, OK, 0, "no oracle fired unconfined"},
      {I, S, UX, 0, "the control did not show the effect"},
      {I, B, UX, 0, "the control did not show the effect"},
      {I, B, UL, 0, "the control did not show the effect"}}},
    {3,
     LANG_SH,
     MODE_PROCESS,
     {{K, K, OK, 0, "needs root"},
      {K, K, OK, 0, "needs root"},
      {K, B, UX, 0, "needs root"},
      {K, K, OK, 0, "needs root"}}},
    {4,
     LANG_SH,
     MODE_PROCESS,
     {{S, S, OK, TOKEN, "unshare(CLONE_NEWUSER) worked"},
      {S, S, OK, TOKEN | ORACLE_BIT(63), "unshare(CLONE_NEWUSER) worked"},
      {S, B, RG, TOKEN, "unshare(CLONE_NEWUSER) worked"},
      {B, B, OK, 0, ""}}},
};

static void set_columns(struct run *run)
{
	static const char *const names[N_COLS] = {"control", "none", "bwrap",
	                                          "external:x"};

	run->n_cols = N_COLS;
	for (int c = 0; c < N_COLS; c++) {
		strcpy(run->cols[c].name, names[c]);
		run->cols[c].usable = true;
	}
	run->cols[0].control = true;
	run->cols[2].sandbox = run->cols[3].sandbox = true;
	run->cols[3].external = true;
	run->cols[3].usable = false;
	strcpy(run->cols[3].reason, "firejail: not found in PATH");
}

/* A run of |n| rows of |rows|; free with free_run(). */
void build_run(struct run *run, const struct row *rows, size_t n, bool ci,
               int exit_status)
{
	memset(run, 0, sizeof(*run));
	set_columns(run);
	run->results = calloc(n * N_COLS, sizeof(*run->results));
	assert_non_null(run->results);
	run->n_results = n * N_COLS;
	run->attacks = attacks;
	run->n_attacks = sizeof(attacks) / sizeof(attacks[0]);
	for (size_t i = 0; i < run->n_results; i++) {
		const struct row *w = &rows[i / N_COLS];
		const struct cell *c = &w->c[i % N_COLS];
		struct result *r = &run->results[i];

		r->attack = &attacks[w->attack];
		r->lang = w->lang;
		r->mode = w->mode;
		r->column = (int)(i % N_COLS);
		r->outcome = c->out;
		r->expected = c->exp;
		r->verdict = c->v;
		r->fired = c->fired;
		strcpy(r->evidence, c->ev);
		strcpy(r->expect_reason, REASON);
		r->ms = 1234 + (int64_t)i;
	}
	run->machine = cJSON_Parse("{\"kernel\": \"6.1.0\", \"arch\": "
	                           "\"x86_64\", \"uid\": 0}");
	assert_non_null(run->machine);
	/* invalid UTF-8 in a copied tree, too */
	assert_non_null(cJSON_AddStringToObject(run->machine, "distribution",
	                                        "Debian \xff"));
	run->tools =
	    cJSON_Parse("{\"securer\": \"0.1.0\", \"bwrap\": \"0.8\"}");
	assert_non_null(run->tools);
	strcpy(run->started, "2025-01-02T03:04:05Z");
	run->duration_ms = 65432;
	run->ci = ci;
	run->exit_status = exit_status;
}

void free_run(struct run *run)
{
	free(run->results);
	cJSON_Delete(run->machine);
	cJSON_Delete(run->tools);
	cJSON_Delete(run->policy);
}

char *path_in(const char *dir, const char *name)
{
	char *p = NULL;

	assert_true(asprintf(&p, "%s/%s", dir, name) > 0);
	return p;
}

char *slurp(const char *dir, const char *name)
{
	char *path = path_in(dir, name);
	FILE *f = fopen(path, "r");
	char *buf = NULL;
	size_t len = 0;

	assert_non_null(f);
	assert_int_equal(getdelim(&buf, &len, '\0', f) > 0, 1);
	fclose(f);
	free(path);
	return buf;
}

void write_ok(const struct run *run, const char *dir, const char *baseline)
{
	char err[512] = "";

	if (report_write(run, dir, baseline, err, sizeof(err)) != 0)
		fail_msg("report_write: %s", err);
	assert_string_equal(err, "");
}

/* ---- python3, the independent parser -------------------------------- */

static const char py_script[] =
    "import sys, json, xml.dom.minidom as m\n"
    "mode, path = sys.argv[1], sys.argv[2]\n"
    "def text(e): return ''.join(x.data for x in e.childNodes)\n"
    "def attrs(e): return ' '.join(e.getAttribute(k) for k in\n"
    "    ('tests', 'failures', 'errors', 'skipped'))\n"
    "if mode == 'utf8':\n"
    "    open(path, encoding='utf-8', errors='strict').read(); print('ok')\n"
    "elif mode == 'json':\n"
    "    json.load(open(path, encoding='utf-8')); print('ok')\n"
    "else:\n"
    "    r = m.parse(path).documentElement\n"
    "    suites = r.getElementsByTagName('testsuite')\n"
    "if mode == 'counts':\n"
    "    print(r.tagName, attrs(r))\n"
    "    for s in suites:\n"
    "        cs = s.getElementsByTagName('testcase')\n"
    "        n = lambda t: sum(1 for c in cs if c.getElementsByTagName(t))\n"
    "        print(s.getAttribute('name'), attrs(s), '/', len(cs),\n"
    "              n('failure'), n('error'), n('skipped'))\n"
    "elif mode == 'case':\n"
    "    for s in suites:\n"
    "        for c in s.getElementsByTagName('testcase'):\n"
    "            if (s.getAttribute('name'), c.getAttribute('classname'),\n"
    "                c.getAttribute('name')) != tuple(sys.argv[3:6]):\n"
    "                continue\n"
    "            for t in ('failure', 'error', 'skipped'):\n"
    "                for e in c.getElementsByTagName(t):\n"
    "                    print(t, json.dumps(e.getAttribute('message')),\n"
    "                          json.dumps(text(e)))\n"
    "            o = c.getElementsByTagName('system-out')[0]\n"
    "            print('out', json.dumps(text(o)))\n"
    "elif mode == 'baseline':\n"
    "    for s in suites:\n"
    "        name = s.getAttribute('name')\n"
    "        for c in s.getElementsByTagName('testcase'):\n"
    "            o = text(c.getElementsByTagName('system-out')[0])\n"
    "            for l in o.splitlines():\n"
    "                if l.startswith('baseline:'):\n"
    "                    print(name, c.getAttribute('classname'),\n"
    "                          c.getAttribute('name'), l)\n"
    "        for o in s.childNodes:\n"
    "            if getattr(o, 'tagName', '') == 'system-out':\n"
    "                for l in text(o).splitlines(): print(name, l)\n";

/* Runs the script on |dir|/|name| in |mode| (|extra|: more arguments,
 * already quoted); returns its output, asserting it exited 0. */
static char *py(const char *dir, const char *name, const char *mode,
                const char *extra)
{
	char *script = path_in(dir, "check.py"), *file = path_in(dir, name);
	char *cmd = NULL, *out = calloc(1, 65536);
	size_t len = 0, n;
	FILE *p;

	require(system("python3 -c pass >/dev/null 2>&1") == 0,
	        "python3 (the independent XML and UTF-8 checker)");
	test_write_file(script, py_script);
	assert_true(asprintf(&cmd, "python3 '%s' %s '%s' %s", script, mode,
	                     file, extra ? extra : "") > 0);
	assert_non_null(out);
	p = popen(cmd, "r");
	assert_non_null(p);
	while ((n = fread(out + len, 1, 65535 - len, p)) > 0)
		len += n;
	assert_int_equal(pclose(p), 0);
	free(cmd);
	free(file);
	free(script);
	return out;
}

void assert_py(const char *dir, const char *name, const char *mode,
               const char *extra, const char *want)
{
	char *out = py(dir, name, mode, extra);

	assert_string_equal(out, want);
	free(out);
}

/* ---- report.json ---------------------------------------------------- */

/* The value at a dotted path ("summary.backends.bwrap.effect"). */
const cJSON *jget(const cJSON *v, const char *path)
{
	char buf[256], *save = NULL;

	assert_true(strlen(path) < sizeof(buf));
	strcpy(buf, path);
	for (char *k = strtok_r(buf, ".", &save); k && v;
	     k = strtok_r(NULL, ".", &save))
		v = cJSON_GetObjectItemCaseSensitive(v, k);
	if (!v)
		fail_msg("no %s in report.json", path);
	return v;
}

double jnum(const cJSON *v, const char *path)
{
	v = jget(v, path);
	if (!cJSON_IsNumber(v))
		fail_msg("%s is not a number", path);
	return v->valuedouble;
}

const char *jstr(const cJSON *v, const char *path)
{
	v = jget(v, path);
	if (!cJSON_IsString(v))
		fail_msg("%s is not a string", path);
	return v->valuestring;
}

const cJSON *case_by_key(const cJSON *doc, const char *key)
{
	const cJSON *c;

	cJSON_ArrayForEach(c, jget(doc, "cases"))
	{
		if (strcmp(jstr(c, "key"), key) == 0)
			return c;
	}
	fail_msg("no case %s", key);
	return NULL;
}

cJSON *load_json(const char *dir)
{
	char *text = slurp(dir, "report.json");
	cJSON *doc = cJSON_Parse(text);

	assert_non_null(doc);
	free(text);
	assert_py(dir, "report.json", "json", NULL, "ok\n");
	return doc;
}

/* ---- summary.md ----------------------------------------------------- */

/* Asserts that |md| holds each of |want| (NULL-terminated), in order. */
void assert_in_order(const char *md, const char *const *want)
{
	const char *at = md;

	for (; *want; want++) {
		const char *p = strstr(at, *want);

		if (!p)
			fail_msg(
			    "summary.md lacks, after what came before: %s\n"
			    "---\n%s",
			    *want, md);
		at = p + strlen(*want);
	}
}

/* ---- the report directory ------------------------------------------ */

/* Names of the entries of |dir|, sorted, one per line. */
void assert_entries(const char *dir, const char *want)
{
	struct dirent **v;
	char got[1024] = "";
	int n = scandir(dir, &v, NULL, alphasort);

	assert_true(n >= 0);
	for (int i = 0; i < n; i++) {
		if (v[i]->d_name[0] != '.') {
			assert_true(strlen(got) + strlen(v[i]->d_name) + 2 <
			            sizeof(got));
			strcat(strcat(got, v[i]->d_name), "\n");
		}
		free(v[i]);
	}
	free(v);
	assert_string_equal(got, want);
}
