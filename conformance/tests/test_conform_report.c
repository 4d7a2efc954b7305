/*
 * test_conform_report.c - the machine-readable conformance reports of the
 * synthetic run (conform_runs.h): report.json (header, columns, every case
 * and its fields, the summary's tallies) and report.xml (JUnit counts and
 * test cases, in CI mode and outside it), parsed back by cJSON and by
 * python3.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "common.h"
#include "conform_runs.h"

/* ---- report.json ---------------------------------------------------- */

/* The counts of one tally: outcomes blocked..error (works and broken are
 * zero), then verdicts
 * ok..unlisted (-1: no verdicts, as for the control). */
static void assert_tally(const cJSON *doc, const char *path, const int want[10])
{
	char p[256];
	const cJSON *t = jget(doc, path);
	int cases = 0;

	for (int o = 0; o <= OUTCOME_ERROR; o++) {
		snprintf(p, sizeof(p), "outcomes.%s", outcome_name(o));
		assert_int_equal(jnum(t, p), want[o]);
		cases += want[o];
	}
	/* the synthetic run has no workload: its outcomes are all zero */
	assert_int_equal(jnum(t, "outcomes.works"), 0);
	assert_int_equal(jnum(t, "outcomes.broken"), 0);
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

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_json),
	    cmocka_unit_test(test_junit),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
