/*
 * test_conform_md.c - summary.md, the conformance report for a CI job
 * summary or a pull request comment, of the synthetic run (conform_runs.h):
 * its headline verdict, tables and lists in order, markdown escaping,
 * strict UTF-8, and long lists cut short.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "conform_runs.h"

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

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_md),
	    cmocka_unit_test(test_md_caps),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
