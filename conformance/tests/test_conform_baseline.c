/*
 * test_conform_baseline.c - the conformance reports against a baseline (an
 * earlier report.json): the diff (regressions, fixes, new, removed and
 * changed cases) in all three reports, and baselines that cannot be read
 * or are not a report.json of securer conform, refused with nothing
 * written.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "common.h"
#include "conform_runs.h"

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

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_baseline),
	    cmocka_unit_test(test_bad_baseline),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
