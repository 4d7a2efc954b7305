/*
 * test_conform_write.c - what report_write guarantees of the report
 * directory: a run it cannot describe faithfully, or a directory it cannot
 * make or write, is refused with nothing written; a run without a control
 * column is reported with null controls; the same run gives the same
 * bytes, so baselines diff cleanly.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "common.h"
#include "conform_runs.h"

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
	    cmocka_unit_test(test_bad_run),
	    cmocka_unit_test(test_no_control_and_determinism),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
