/*
 * test_conform_report.c - the conformance reports (report.json, report.xml,
 * summary.md) and the baseline diff, from a synthetic run held in memory:
 * several attacks, languages and modes, the columns control, none, bwrap
 * and external:x, every outcome and verdict, and evidence with quotes, line
 * ends, markup characters, a control character and invalid UTF-8.
 *
 * XML well-formedness and strict UTF-8 are checked by python3 (minidom,
 * json), a parser that owes nothing to the code under test.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "report.h"
#include "support.h"

#define B  OUTCOME_BLOCKED
#define S  OUTCOME_SUCCEEDED
#define I  OUTCOME_INCONCLUSIVE
#define K  OUTCOME_SKIPPED
#define E  OUTCOME_ERROR
#define OK VERDICT_OK
#define RG VERDICT_REGRESSION
#define FX VERDICT_FIXED
#define UX VERDICT_UNEXPECTED
#define UL VERDICT_UNLISTED

#define TOKEN  ORACLE_BIT(ORACLE_TOKEN)
#define TCP    ORACLE_BIT(ORACLE_TCP)
#define PROCS  ORACLE_BIT(ORACLE_PROCS)
#define N_COLS 4

/* An attack's output: quotes, a line end, markup, invalid UTF-8 (\xff\xfe)
 * and a control character (\x01). */
#define EVIL "token: \"AKIA\" found\nline two <&> 'q' \xff\xfe bad \x01 ctl"
#define EVIL_JSON                                                              \
	"\"token: \\\"AKIA\\\" found\\nline two <&> 'q' \\ufffd\\ufffd bad "   \
	"\\ufffd ctl\""
#define REASON "conformance/expect/linux: the host home is not mounted"

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

struct cell {
	enum outcome out, exp;
	enum verdict v;
	uint64_t fired;
	const char *ev;
};

struct row {
	int attack;
	enum lang lang;
	enum mode mode;
	struct cell c[N_COLS]; /* control, none, bwrap, external:x */
};

/* 6 rows x 3 backends = 18 cases: 15 effect, 3 surface. */
static const struct row base_rows[] = {
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
#define N_BASE (sizeof(base_rows) / sizeof(base_rows[0]))

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
static void build_run(struct run *run, const struct row *rows, size_t n,
                      bool ci, int exit_status)
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

static void free_run(struct run *run)
{
	free(run->results);
	cJSON_Delete(run->machine);
	cJSON_Delete(run->tools);
	cJSON_Delete(run->policy);
}

static char *path_in(const char *dir, const char *name)
{
	char *p = NULL;

	assert_true(asprintf(&p, "%s/%s", dir, name) > 0);
	return p;
}

static char *slurp(const char *dir, const char *name)
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

static void write_ok(const struct run *run, const char *dir,
                     const char *baseline)
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

static void assert_py(const char *dir, const char *name, const char *mode,
                      const char *extra, const char *want)
{
	char *out = py(dir, name, mode, extra);

	assert_string_equal(out, want);
	free(out);
}

/* ---- report.json ---------------------------------------------------- */

/* The value at a dotted path ("summary.backends.bwrap.effect"). */
static const cJSON *jget(const cJSON *v, const char *path)
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

static double jnum(const cJSON *v, const char *path)
{
	v = jget(v, path);
	if (!cJSON_IsNumber(v))
		fail_msg("%s is not a number", path);
	return v->valuedouble;
}

static const char *jstr(const cJSON *v, const char *path)
{
	v = jget(v, path);
	if (!cJSON_IsString(v))
		fail_msg("%s is not a string", path);
	return v->valuestring;
}

static const cJSON *case_by_key(const cJSON *doc, const char *key)
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

static cJSON *load_json(const char *dir)
{
	char *text = slurp(dir, "report.json");
	cJSON *doc = cJSON_Parse(text);

	assert_non_null(doc);
	free(text);
	assert_py(dir, "report.json", "json", NULL, "ok\n");
	return doc;
}

/* The counts of one tally: outcomes blocked..error, then verdicts
 * ok..unlisted (-1: no verdicts, as for the control). */
static void assert_tally(const cJSON *doc, const char *path, const int want[10])
{
	char p[256];
	const cJSON *t = jget(doc, path);
	int cases = 0;

	for (int o = 0; o < OUTCOME_COUNT; o++) {
		snprintf(p, sizeof(p), "outcomes.%s", outcome_name(o));
		assert_int_equal(jnum(t, p), want[o]);
		cases += want[o];
	}
	assert_int_equal(jnum(t, "cases"), cases);
	if (want[5] < 0) {
		assert_null(cJSON_GetObjectItem(t, "verdicts"));
		return;
	}
	for (int v = 0; v < VERDICT_COUNT; v++) {
		snprintf(p, sizeof(p), "verdicts.%s", verdict_name(v));
		assert_int_equal(jnum(t, p), want[5 + v]);
	}
}

static void assert_header(const cJSON *doc, bool ci, int exit_status)
{
	assert_string_equal(jstr(doc, "schema"), "securer.conform/1");
	assert_string_equal(jstr(doc, "generated"), "2025-01-02T03:04:05Z");
	assert_int_equal(jnum(doc, "duration_ms"), 65432);
	assert_true(cJSON_IsBool(jget(doc, "ci")));
	assert_int_equal(cJSON_IsTrue(jget(doc, "ci")), ci);
	assert_int_equal(jnum(doc, "exit_status"), exit_status);
	assert_string_equal(jstr(doc, "machine.kernel"), "6.1.0");
	assert_int_equal(jnum(doc, "machine.uid"), 0);
	assert_string_equal(jstr(doc, "machine.distribution"),
	                    "Debian \xEF\xBF\xBD");
	assert_string_equal(jstr(doc, "tools.bwrap"), "0.8");
	assert_true(cJSON_IsNull(jget(doc, "policy")));
}

static void assert_columns(const cJSON *doc)
{
	static const char *const want[N_COLS][3] = {
	    {"control", "control", "true"},
	    {"none", "unsandboxed", "false"},
	    {"bwrap", "sandbox", "false"},
	    {"external:x", "sandbox", "false"},
	};
	const cJSON *cols = jget(doc, "columns");

	assert_int_equal(cJSON_GetArraySize(cols), N_COLS);
	for (int c = 0; c < N_COLS; c++) {
		const cJSON *col = cJSON_GetArrayItem(cols, c);

		assert_string_equal(jstr(col, "name"), want[c][0]);
		assert_string_equal(jstr(col, "label"), want[c][1]);
		assert_int_equal(cJSON_IsTrue(jget(col, "control")),
		                 want[c][2][0] == 't');
		assert_int_equal(cJSON_IsTrue(jget(col, "external")), c == 3);
		assert_int_equal(cJSON_IsTrue(jget(col, "usable")), c != 3);
		assert_int_equal(cJSON_IsTrue(jget(col, "sandbox")), c >= 2);
	}
	assert_string_equal(jstr(cJSON_GetArrayItem(cols, 3), "reason"),
	                    "firejail: not found in PATH");
}

static void assert_fired(const cJSON *c, const char *want)
{
	char got[256] = "";
	const cJSON *o;

	cJSON_ArrayForEach(o, jget(c, "fired"))
	{
		assert_true(cJSON_IsString(o));
		strcat(got[0] ? strcat(got, ",") : got, o->valuestring);
	}
	assert_string_equal(got, want);
}

static void assert_cases(const cJSON *doc)
{
	static const char *const keys[] = {
	    "key",      "attack",      "category",      "kind",    "seed",
	    "title",    "language",    "mode",          "runtime", "backend",
	    "outcome",  "expected",    "expect_reason", "verdict", "fired",
	    "evidence", "duration_ms", "control"};
	const cJSON *cases = jget(doc, "cases"), *c;

	/* every non-control cell, in the run's order */
	assert_int_equal(cJSON_GetArraySize(cases), 18);
	assert_string_equal(jstr(cJSON_GetArrayItem(cases, 0), "key"),
	                    "ssh-key-grab/sh/none");
	assert_string_equal(jstr(cJSON_GetArrayItem(cases, 5), "key"),
	                    "ssh-key-grab/python-session/external:x");
	assert_string_equal(jstr(cJSON_GetArrayItem(cases, 17), "key"),
	                    "userns-probe/sh/external:x");
	cJSON_ArrayForEach(c, cases)
	{
		for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++)
			if (!cJSON_GetObjectItemCaseSensitive(c, keys[k]))
				fail_msg("case %s has no %s", jstr(c, "key"),
				         keys[k]);
	}
	c = case_by_key(doc, "ssh-key-grab/python-session/bwrap");
	assert_string_equal(jstr(c, "attack"), "ssh-key-grab");
	assert_string_equal(jstr(c, "category"), "credentials");
	assert_string_equal(jstr(c, "kind"), "effect");
	assert_true(cJSON_IsTrue(jget(c, "seed")));
	assert_string_equal(jstr(c, "title"),
	                    "Read the user's SSH private keys");
	assert_string_equal(jstr(c, "language"), "python");
	assert_string_equal(jstr(c, "mode"), "session");
	assert_string_equal(jstr(c, "runtime"), "python-session");
	assert_string_equal(jstr(c, "backend"), "bwrap");
	assert_string_equal(jstr(c, "outcome"), "succeeded");
	assert_string_equal(jstr(c, "expected"), "blocked");
	assert_string_equal(jstr(c, "expect_reason"), REASON);
	assert_string_equal(jstr(c, "verdict"), "regression");
	assert_fired(c, "token,tcp");
	assert_string_equal(jstr(c, "evidence"),
	                    "token: \"AKIA\" found\nline two <&> 'q' "
	                    "\xEF\xBF\xBD\xEF\xBF\xBD bad \x01 ctl");
	assert_int_equal(jnum(c, "duration_ms"), 1234 + 6);
	assert_string_equal(jstr(c, "control.outcome"), "succeeded");
	assert_string_equal(jstr(c, "control.evidence"),
	                    "token: in the session's value");
	/* unknown oracle bits keep their number; an unlisted case has no
	 * expected outcome */
	assert_fired(case_by_key(doc, "userns-probe/sh/none"), "token,bit63");
	c = case_by_key(doc, "env-leak/r/external:x");
	assert_string_equal(jstr(c, "verdict"), "unlisted");
	assert_true(cJSON_IsNull(jget(c, "expected")));
	assert_string_equal(jstr(c, "control.outcome"), "inconclusive");
	assert_string_equal(
	    jstr(case_by_key(doc, "userns-probe/sh/bwrap"), "kind"), "surface");
}

static void assert_summary(const cJSON *doc)
{
	/* blocked succeeded inconclusive skipped error | ok regression
	 * fixed unexpected unlisted */
	static const int ctl_e[10] = {0, 3, 1, 1, 0, -1};
	static const int ctl_s[10] = {0, 1, 0, 0, 0, -1};
	static const int none_e[10] = {0, 3, 1, 1, 0, 4, 0, 0, 1, 0};
	static const int none_s[10] = {0, 1, 0, 0, 0, 1, 0, 0, 0, 0};
	static const int bwrap_e[10] = {2, 1, 1, 1, 0, 2, 1, 0, 2, 0};
	static const int bwrap_s[10] = {0, 1, 0, 0, 0, 0, 1, 0, 0, 0};
	static const int ext_e[10] = {2, 0, 1, 1, 1, 2, 0, 1, 1, 1};
	static const int ext_s[10] = {1, 0, 0, 0, 0, 1, 0, 0, 0, 0};
	const cJSON *s = jget(doc, "summary");

	assert_int_equal(jnum(s, "cases"), 18);
	assert_int_equal(jnum(s, "regressions"), 2);
	assert_int_equal(jnum(s, "fixes"), 1);
	assert_int_equal(jnum(s, "unexpected"), 4);
	assert_int_equal(jnum(s, "unlisted"), 1);
	assert_int_equal(jnum(s, "effect.cases"), 15);
	assert_int_equal(jnum(s, "effect.regressions"), 1);
	assert_int_equal(jnum(s, "effect.unexpected"), 4);
	assert_int_equal(jnum(s, "surface.cases"), 3);
	assert_int_equal(jnum(s, "surface.regressions"), 1);
	assert_int_equal(jnum(s, "surface.unlisted"), 0);
	assert_int_equal(jnum(s, "inconclusive_controls"), 1);
	assert_tally(s, "control.effect", ctl_e);
	assert_tally(s, "control.surface", ctl_s);
	assert_tally(s, "backends.none.effect", none_e);
	assert_tally(s, "backends.none.surface", none_s);
	assert_tally(s, "backends.bwrap.effect", bwrap_e);
	assert_tally(s, "backends.bwrap.surface", bwrap_s);
	assert_tally(s, "backends.external:x.effect", ext_e);
	assert_tally(s, "backends.external:x.surface", ext_s);
	assert_int_equal(cJSON_GetArraySize(jget(s, "backends")), 3);
}

static void test_json(void **state)
{
	char *tmp = test_mkdtemp(), *dir = path_in(tmp, "a/b/c");
	struct run run;
	cJSON *doc;

	(void)state;
	build_run(&run, base_rows, N_BASE, true, 1);
	write_ok(&run, dir, NULL); /* creates a/b/c */
	doc = load_json(dir);
	assert_header(doc, true, 1);
	assert_columns(doc);
	assert_cases(doc);
	assert_summary(doc);
	assert_true(cJSON_IsNull(jget(doc, "baseline")));
	cJSON_Delete(doc);
	free_run(&run);
	test_rmtree(tmp);
	free(dir);
	free(tmp);
}

/* ---- report.xml ----------------------------------------------------- */

static void test_junit(void **state)
{
	char *dir = test_mkdtemp();
	struct run run;

	(void)state;
	/* CI mode: unexpected and unlisted cases fail too */
	build_run(&run, base_rows, N_BASE, true, 1);
	write_ok(&run, dir, NULL);
	assert_py(dir, "report.xml", "counts", NULL,
	          "testsuites 18 6 1 2\n"
	          "securer.conform.none 6 1 0 1 / 6 1 0 1\n"
	          "securer.conform.bwrap 6 4 0 0 / 6 4 0 0\n"
	          "securer.conform.external:x 6 1 1 1 / 6 1 1 1\n");
	assert_py(
	    dir, "report.xml", "case",
	    "securer.conform.bwrap credentials.ssh-key-grab "
	    "python-session",
	    "failure \"regression: expected blocked, succeeded (oracles: "
	    "token, tcp)\" " EVIL_JSON "\n"
	    "out \"outcome: succeeded\\nexpected: blocked\\nreason: " REASON
	    "\\nverdict: regression\\noracles: token, tcp\\nevidence: "
	    "token: \\\"AKIA\\\" found\\nline two <&> 'q' \\ufffd\\ufffd "
	    "bad \\ufffd ctl\\ncontrol: succeeded: token: in the "
	    "session's value\\n\"\n");
	assert_py(dir, "report.xml", "case",
	          "securer.conform.external:x dos.fork-bomb c",
	          "error \"external:x exited 127: firejail: not found\" \"\"\n"
	          "out \"outcome: error\\nexpected: blocked\\nreason: " REASON
	          "\\nverdict: unexpected\\noracles: \\nevidence: external:x "
	          "exited 127: firejail: not found\\ncontrol: succeeded: "
	          "procs: 1000 processes at once\\n\"\n");
	free_run(&run);

	/* outside CI, only regressions fail; inconclusive cases are skipped */
	build_run(&run, base_rows, N_BASE, false, 1);
	write_ok(&run, dir, NULL);
	assert_py(dir, "report.xml", "counts", NULL,
	          "testsuites 18 2 1 6\n"
	          "securer.conform.none 6 0 0 2 / 6 0 0 2\n"
	          "securer.conform.bwrap 6 2 0 2 / 6 2 0 2\n"
	          "securer.conform.external:x 6 0 1 2 / 6 0 1 2\n");
	assert_py(
	    dir, "report.xml", "case",
	    "securer.conform.bwrap exfiltration.env-leak r",
	    "skipped \"inconclusive: the control did not show the "
	    "effect\" \"\"\n"
	    "out \"outcome: inconclusive\\nexpected: blocked\\nreason: " REASON
	    "\\nverdict: unexpected\\noracles: \\nevidence: the control "
	    "did not show the effect\\ncontrol: inconclusive: no oracle "
	    "fired unconfined\\n\"\n");
	free_run(&run);
	test_rmtree(dir);
	free(dir);
}

/* ---- summary.md ----------------------------------------------------- */

/* Asserts that |md| holds each of |want| (NULL-terminated), in order. */
static void assert_in_order(const char *md, const char *const *want)
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

/* summary.md of the base run in CI mode, in this order. */
static const char *const fail_md[] = {
    "## securer conform: FAIL — 2 regressions, 4 unexpected, 1 "
    "unlisted, 1 error, 1 inconclusive control, 1 fix (exit status "
    "1)\n",
    "Run 2025-01-02T03:04:05Z, 65.4 s, CI mode",
    "machine: kernel 6.1.0, arch x86\\_64, uid 0, distribution "
    "Debian \xEF\xBF\xBD.\n",
    "**external:x** is not usable here: firejail: not found in PATH\n",
    "| | control | none\\* | bwrap | external:x |\n|---|---:|",
    "| blocked | 0 | 0 | 2 | 2 |\n| succeeded | 3 | 3 | 1 | 0 |",
    "| *regression* | – | 0 | 1 | 0 |",
    "### Regressions (1)\n\n- **ssh-key-grab** python-session under "
    "**bwrap**: expected blocked, succeeded (oracles: token, tcp) — "
    "token: \"AKIA\" found ↵ line two \\<&amp;\\> 'q' "
    "\xEF\xBF\xBD\xEF\xBF\xBD bad \xEF\xBF\xBD ctl\n",
    "### Unexpected (4)\n",
    "- **fork-bomb** c under **external:x**: expected blocked, error "
    "— external:x exited 127",
    "### Unlisted (no expectation) (1)\n\n- **env-leak** r under "
    "**external:x**: no expectation, inconclusive",
    "### Fixed (update the expectation) (1)\n\n- **ssh-key-grab** "
    "python-session under **external:x**: expected succeeded, "
    "blocked\n",
    "### Inconclusive controls (1)\n",
    "- **env-leak** r — no oracle fired unconfined\n",
    "### Skipped (3)\n",
    "- 3 × needs root (e.g. keyring-read/sh/none)\n",
    "### Kernel surface\n",
    "| unreachable | 0 | 0 | 0 | 1 |\n| reachable | 1 | 1 | 1 | 0 |",
    "- **userns-probe** sh under **bwrap**: expected blocked, "
    "succeeded (oracles: token) — unshare(CLONE\\_NEWUSER) worked\n",
    "How to read this",
    NULL};

static void test_md(void **state)
{
	static const char pass[] = "## securer conform: PASS — 10 of 18 "
	                           "cases as expected: 2 regressions, ";
	static const char nothing[] =
	    "## securer conform: FAIL — no sandbox backend is usable here, "
	    "nothing was proven, 2 regressions, 4 unexpected, ";
	char *dir = test_mkdtemp(), *md;
	struct run run;

	(void)state;
	build_run(&run, base_rows, N_BASE, true, 1);
	write_ok(&run, dir, NULL);
	md = slurp(dir, "summary.md");
	assert_in_order(md, fail_md);
	/* rows of zeros are left out, but the regressions row */
	assert_non_null(strstr(md, "| error | 0 | 0 | 0 | 1 |"));
	assert_null(strstr(strstr(md, "### Kernel surface"), "| error |"));
	assert_null(strstr(strstr(md, "### Kernel surface"), "| *fixed* |"));
	assert_null(strstr(md, "baseline"));
	assert_null(strstr(md, "PASS"));
	assert_py(dir, "summary.md", "utf8", NULL, "ok\n");
	free(md);
	free_run(&run);

	/* the verdict follows the exit status the runner decided */
	build_run(&run, base_rows, N_BASE, false, 0);
	write_ok(&run, dir, NULL);
	md = slurp(dir, "summary.md");
	assert_true(strncmp(md, pass, strlen(pass)) == 0);
	assert_null(strstr(md, "FAIL"));
	free(md);
	free_run(&run);

	/* the root cause first */
	build_run(&run, base_rows, N_BASE, false, 1);
	run.cols[2].usable = false;
	write_ok(&run, dir, NULL);
	md = slurp(dir, "summary.md");
	assert_true(strncmp(md, nothing, strlen(nothing)) == 0);
	free(md);
	free_run(&run);
	test_rmtree(dir);
	free(dir);
}

/* Long lists are cut, and point to report.json. */
static void test_md_caps(void **state)
{
	enum { N = 25 };
	static const char *const want[] = {
	    "### Regressions (25)\n", "- **bulk-00** sh under **bwrap**",
	    "- **bulk-19** sh under **bwrap**",
	    "- … and 5 more (see report.json)\n", NULL};
	struct attack *many = calloc(N, sizeof(*many));
	struct run run;
	char *dir = test_mkdtemp(), *md;

	(void)state;
	assert_non_null(many);
	memset(&run, 0, sizeof(run));
	run.results = calloc(2 * N, sizeof(*run.results));
	assert_non_null(run.results);
	run.n_results = 2 * N;
	run.n_cols = 2;
	strcpy(run.cols[0].name, "control");
	run.cols[0].control = run.cols[0].usable = true;
	strcpy(run.cols[1].name, "bwrap");
	run.cols[1].sandbox = run.cols[1].usable = true;
	run.exit_status = 1;
	for (int i = 0; i < N; i++) {
		snprintf(many[i].id, sizeof(many[i].id), "bulk-%02d", i);
		strcpy(many[i].category, "bulk");
		for (int c = 0; c < 2; c++) {
			struct result *r = &run.results[2 * i + c];

			r->attack = &many[i];
			r->column = c;
			r->outcome = OUTCOME_SUCCEEDED;
			r->verdict = c ? VERDICT_REGRESSION : VERDICT_OK;
		}
	}
	write_ok(&run, dir, NULL);
	md = slurp(dir, "summary.md");
	assert_in_order(md, want);
	assert_null(strstr(md, "bulk-20"));
	free(md);
	free(run.results);
	free(many);
	test_rmtree(dir);
	free(dir);
}

/* ---- baseline ------------------------------------------------------- */

/* The base run one commit later: ssh-key-grab/sh gets through bwrap
 * (regression), ssh-key-grab/python-session is blocked by it (fix),
 * fork-bomb under external:x now runs (changed: error -> blocked),
 * keyring-read is gone (removed) and new-attack appears (new). */
static size_t later_rows(struct row *rows)
{
	static const struct row added = {5,
	                                 LANG_PYTHON,
	                                 MODE_PROCESS,
	                                 {{S, S, OK, TOKEN, "token"},
	                                  {S, S, OK, TOKEN, "token"},
	                                  {B, B, OK, 0, ""},
	                                  {B, B, OK, 0, ""}}};
	static const struct cell leak = {S, B, RG, TOKEN, "token: id_rsa"};
	static const struct cell blocked = {B, B, OK, 0, ""};

	memcpy(rows, base_rows, sizeof(base_rows));
	rows[0].c[2] = leak;
	rows[1].c[2] = blocked;
	rows[2].c[3] = blocked;
	rows[4] = rows[5];
	rows[5] = added;
	return N_BASE;
}

/* The baseline's entries under |list|: "key before>after" lines. */
static void assert_changes(const cJSON *doc, const char *list, const char *want)
{
	char got[1024] = "", path[64];
	const cJSON *c;

	snprintf(path, sizeof(path), "baseline.%s", list);
	cJSON_ArrayForEach(c, jget(doc, path))
	{
		const cJSON *b = jget(c, "before"), *a = jget(c, "after");
		char line[256];

		snprintf(line, sizeof(line), "%s %s>%s\n", jstr(c, "key"),
		         cJSON_IsString(b) ? b->valuestring : "null",
		         cJSON_IsString(a) ? a->valuestring : "null");
		assert_true(strlen(got) + strlen(line) < sizeof(got));
		strcat(got, line);
	}
	assert_string_equal(got, want);
}

static void assert_diff_json(const char *dir, const char *file)
{
	cJSON *doc = load_json(dir);

	assert_string_equal(jstr(doc, "baseline.file"), file);
	assert_string_equal(jstr(doc, "baseline.generated"),
	                    "2025-01-02T03:04:05Z");
	assert_string_equal(jstr(doc, "generated"), "2025-02-03T04:05:06Z");
	assert_changes(doc, "regressions",
	               "ssh-key-grab/sh/bwrap blocked>succeeded\n");
	assert_changes(doc, "fixes",
	               "ssh-key-grab/python-session/bwrap succeeded>blocked\n");
	assert_changes(doc, "new",
	               "new-attack/python/none null>succeeded\n"
	               "new-attack/python/bwrap null>blocked\n"
	               "new-attack/python/external:x null>blocked\n");
	assert_changes(doc, "removed",
	               "keyring-read/sh/none skipped>null\n"
	               "keyring-read/sh/bwrap skipped>null\n"
	               "keyring-read/sh/external:x skipped>null\n");
	assert_changes(doc, "changed",
	               "fork-bomb/c/external:x error>blocked\n");
	cJSON_Delete(doc);
}

static void assert_diff_xml_md(const char *dir)
{
	static const char *const md_want[] = {
	    "### Against the baseline\n\n",
	    " (run 2025-01-02T03:04:05Z): regressions 1, fixes 1, new 3, "
	    "removed 3, changed 1.\n",
	    "**Regressions (blocked → succeeded) (1)**\n\n"
	    "- ssh-key-grab/sh/bwrap: blocked → succeeded\n",
	    "**Fixes (succeeded → blocked) (1)**\n\n"
	    "- ssh-key-grab/python-session/bwrap: succeeded → blocked\n",
	    "**New (3)**\n\n- new-attack/python/none: (absent) → succeeded\n",
	    "**Removed (3)**\n\n- keyring-read/sh/none: skipped → (absent)\n",
	    "- keyring-read/sh/external:x: skipped → (absent)\n",
	    "**Changed (1)**\n\n- fork-bomb/c/external:x: error → blocked\n",
	    NULL};
	char *md = slurp(dir, "summary.md");

	assert_py(dir, "report.xml", "baseline", NULL,
	          "securer.conform.none lateral.new-attack python baseline: "
	          "new\n"
	          "securer.conform.none removed since the baseline: "
	          "keyring-read/sh/none, was skipped\n"
	          "securer.conform.bwrap credentials.ssh-key-grab sh "
	          "baseline: regression, was blocked\n"
	          "securer.conform.bwrap credentials.ssh-key-grab "
	          "python-session baseline: fix, was succeeded\n"
	          "securer.conform.bwrap lateral.new-attack python baseline: "
	          "new\n"
	          "securer.conform.bwrap removed since the baseline: "
	          "keyring-read/sh/bwrap, was skipped\n"
	          "securer.conform.external:x dos.fork-bomb c baseline: "
	          "changed, was error\n"
	          "securer.conform.external:x lateral.new-attack python "
	          "baseline: new\n"
	          "securer.conform.external:x removed since the baseline: "
	          "keyring-read/sh/external:x, was skipped\n");
	assert_in_order(md, md_want);
	free(md);
}

static void test_baseline(void **state)
{
	char *tmp = test_mkdtemp(), *one = path_in(tmp, "one");
	char *two = path_in(tmp, "two"), *base = path_in(one, "report.json");
	struct row rows[N_BASE];
	struct run run;

	(void)state;
	build_run(&run, base_rows, N_BASE, false, 1);
	write_ok(&run, one, NULL);
	free_run(&run);
	build_run(&run, rows, later_rows(rows), false, 1);
	strcpy(run.started, "2025-02-03T04:05:06Z");
	write_ok(&run, two, base);
	assert_diff_json(two, base);
	assert_diff_xml_md(two);
	/* the baseline may be the report being replaced */
	write_ok(&run, one, base);
	assert_diff_json(one, base);
	free_run(&run);
	test_rmtree(tmp);
	free(base);
	free(two);
	free(one);
	free(tmp);
}

/* Names of the entries of |dir|, sorted, one per line. */
static void assert_entries(const char *dir, const char *want)
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

/* Baselines report_write must refuse, and the reason it must give. */
static const struct {
	const char *text; /* NULL: no such file */
	const char *msg;  /* after "baseline '<path>" */
} bad_baselines[] = {
    {NULL, "': No such file or directory"},
    {"{\"schema\": \"securer.conform/1\", \"cases\": [",
     "' is not valid JSON (at byte "},
    {"", "' is not valid JSON (at byte 0)"},
    {"[1, 2]", "' has no \"schema\": not a report.json of securer "
               "conform"},
    {"{\"schema\": \"securer.bench/1\", \"cases\": []}",
     "' has schema 'securer.bench/1', not 'securer.conform/1'"},
    {"{\"schema\": \"securer.conform/2\", \"cases\": []}",
     "' has schema 'securer.conform/2', not 'securer.conform/1'"},
    {"{\"schema\": \"securer.conform/1\"}", "': \"cases\" is not an array"},
    {"{\"schema\": \"securer.conform/1\", \"cases\": [{\"attack\": "
     "\"a\", \"runtime\": \"sh\", \"outcome\": \"blocked\"}]}",
     "': cases[0] has no string \"backend\""},
    {"{\"schema\": \"securer.conform/1\", \"cases\": [{\"attack\": "
     "\"a\", \"runtime\": \"sh\", \"backend\": \"b\", \"outcome\": "
     "\"blocked\"}, {\"attack\": \"a\", \"runtime\": \"sh\", "
     "\"backend\": \"b\", \"outcome\": \"succeeded\"}]}",
     "': two cases have the key 'a/sh/b'"},
};

/* A baseline that cannot be read is an error, and nothing is written. */
static void test_bad_baseline(void **state)
{
	char *tmp = test_mkdtemp(), *out = path_in(tmp, "out");
	char *base = path_in(tmp, "old.json"), *before, *after;
	struct run run;

	(void)state;
	build_run(&run, base_rows, N_BASE, true, 1);
	write_ok(&run, out, NULL);
	before = slurp(out, "report.json");
	run.exit_status = 0;
	for (size_t i = 0; i < sizeof(bad_baselines) / sizeof(bad_baselines[0]);
	     i++) {
		char err[512] = "", *want = NULL;

		unlink(base);
		if (bad_baselines[i].text)
			test_write_file(base, bad_baselines[i].text);
		assert_int_equal(
		    report_write(&run, out, base, err, sizeof(err)), -1);
		assert_non_null(strstr(err, base));
		assert_true(
		    asprintf(&want, "%sbaseline '%s%s",
		             bad_baselines[i].text ? "" : "cannot read ", base,
		             bad_baselines[i].msg) > 0);
		if (!strstr(err, want))
			fail_msg("case %zu: '%s' lacks '%s'", i, err, want);
		free(want);
		/* the earlier reports are untouched, no temporary is left */
		after = slurp(out, "report.json");
		assert_string_equal(after, before);
		free(after);
		assert_entries(out, "report.json\nreport.xml\nsummary.md\n");
	}
	free(before);
	free_run(&run);
	test_rmtree(tmp);
	free(base);
	free(out);
	free(tmp);
}

/* Breaks |run| in the |i|th way; returns the message report_write must
 * give, NULL past the last. */
static const char *break_run(struct run *run, int i)
{
	switch (i) {
	case 0:
		run->n_results--;
		return "the run has 23 results, not a whole number of rows of "
		       "4 columns";
	case 1:
		run->results[5].column = 2;
		return "result 5 (ssh-key-grab) is in column 2, not 1: a row "
		       "holds one cell per column, in column order";
	case 2:
		run->results[6].lang = LANG_SH;
		return "result 6 (ssh-key-grab) is not of its row's attack, "
		       "language and mode";
	case 3:
		run->results[1].verdict = VERDICT_COUNT;
		return "result 1 (ssh-key-grab): expected outcome or verdict "
		       "out of range";
	case 4:
		run->results[9].attack = NULL;
		return "result 9 has no attack";
	case 5:
		strcpy(run->cols[2].name, "none");
		return "two columns are named 'none'";
	case 6:
		run->cols[1].control = true;
		return "columns 'control' and 'none' are both controls";
	case 7:
		run->n_cols = 0;
		return "the run has 0 columns (1 to 8)";
	case 8: /* row 2 made a copy of row 0 */
		for (int c = 0; c < N_COLS; c++)
			run->results[2 * N_COLS + c] = run->results[c];
		return "two cases have the key 'ssh-key-grab/sh/bwrap'";
	default:
		return NULL;
	}
}

/* A run the reports cannot describe faithfully is refused, and so is a
 * directory that cannot be made; nothing is written. */
static void test_bad_run(void **state)
{
	char *tmp = test_mkdtemp(), *file = path_in(tmp, "file");
	char *under = path_in(tmp, "file/sub"), *out = path_in(tmp, "out");
	char err[512], *want = NULL;
	const char *msg;
	struct run run;

	(void)state;
	for (int i = 0; (build_run(&run, base_rows, N_BASE, true, 1),
	                 msg = break_run(&run, i));
	     i++) {
		assert_int_equal(
		    report_write(&run, out, NULL, err, sizeof(err)), -1);
		assert_string_equal(err, msg);
		assert_int_equal(access(out, F_OK), -1);
		free_run(&run);
	}
	assert_int_equal(report_write(&run, NULL, NULL, err, sizeof(err)), -1);
	assert_string_equal(err, "no run or no report directory");
	test_write_file(file, "x");
	assert_int_equal(report_write(&run, file, NULL, err, sizeof(err)), -1);
	assert_true(asprintf(&want, "'%s' is not a directory", file) > 0);
	assert_string_equal(err, want);
	free(want);
	assert_int_equal(report_write(&run, under, NULL, err, sizeof(err)), -1);
	assert_true(asprintf(&want,
	                     "cannot create directory '%s': Not a directory",
	                     under) > 0);
	assert_string_equal(err, want);
	free(want);
	/* a file that cannot be written: the temporaries made before it are
	 * removed, and nothing is renamed into place */
	assert_int_equal(mkdir(out, 0700), 0);
	free(file);
	file = path_in(out, "report.xml.tmp");
	assert_int_equal(mkdir(file, 0700), 0);
	assert_int_equal(report_write(&run, out, NULL, err, sizeof(err)), -1);
	assert_true(
	    asprintf(&want, "cannot create '%s': Is a directory", file) > 0);
	assert_string_equal(err, want);
	free(want);
	assert_entries(out, "report.xml.tmp\n");
	free_run(&run);
	test_rmtree(tmp);
	free(out);
	free(under);
	free(file);
	free(tmp);
}

/* Without a control column a case's control is null; the same run gives
 * the same bytes, so baselines diff cleanly. */
static void test_no_control_and_determinism(void **state)
{
	static const char *const names[] = {"report.json", "report.xml",
	                                    "summary.md"};
	char *tmp = test_mkdtemp(), *a = path_in(tmp, "a"),
	     *b = path_in(tmp, "b");
	struct run run;
	cJSON *doc;

	(void)state;
	build_run(&run, base_rows, N_BASE, false, 0);
	write_ok(&run, a, NULL);
	write_ok(&run, b, NULL);
	for (size_t i = 0; i < 3; i++) {
		char *x = slurp(a, names[i]), *y = slurp(b, names[i]);

		assert_string_equal(x, y);
		free(x);
		free(y);
	}
	assert_entries(a, "report.json\nreport.xml\nsummary.md\n");

	/* drop the control column: cells 1..3 of each row move left */
	for (size_t r = 0; r < N_BASE; r++)
		for (int c = 1; c < N_COLS; c++) {
			run.results[r * 3 + (size_t)c - 1] =
			    run.results[r * N_COLS + (size_t)c];
			run.results[r * 3 + (size_t)c - 1].column = c - 1;
		}
	memmove(&run.cols[0], &run.cols[1], 3 * sizeof(run.cols[0]));
	run.n_cols = 3;
	run.n_results = N_BASE * 3;
	write_ok(&run, a, NULL);
	doc = load_json(a);
	assert_int_equal(cJSON_GetArraySize(jget(doc, "cases")), 18);
	assert_true(cJSON_IsNull(
	    jget(case_by_key(doc, "fork-bomb/c/bwrap"), "control")));
	assert_true(cJSON_IsNull(jget(doc, "summary.control")));
	assert_int_equal(jnum(doc, "summary.inconclusive_controls"), 0);
	assert_py(a, "report.xml", "counts", NULL,
	          "testsuites 18 2 1 6\n"
	          "securer.conform.none 6 0 0 2 / 6 0 0 2\n"
	          "securer.conform.bwrap 6 2 0 2 / 6 2 0 2\n"
	          "securer.conform.external:x 6 0 1 2 / 6 0 1 2\n");
	cJSON_Delete(doc);
	free_run(&run);
	test_rmtree(tmp);
	free(b);
	free(a);
	free(tmp);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_json),
	    cmocka_unit_test(test_junit),
	    cmocka_unit_test(test_md),
	    cmocka_unit_test(test_md_caps),
	    cmocka_unit_test(test_baseline),
	    cmocka_unit_test(test_bad_baseline),
	    cmocka_unit_test(test_bad_run),
	    cmocka_unit_test(test_no_control_and_determinism),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
