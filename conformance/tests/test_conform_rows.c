/*
 * test_conform_rows.c - the rows a workload gets (schedule_rows): its
 * scripts as sessions, its C version as a program, and with an external
 * backend in the run its scripts as programs too (but the tool calls,
 * which need a session).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "schedule.h"

static struct attack workload(void)
{
	struct attack a;

	memset(&a, 0, sizeof(a));
	a.workload = true;
	a.timeout_ms = 5000;
	return a;
}

/* ---- which rows a workload gets ------------------------------------------ */

/* The rows of |wl| (two workloads) under |cols|, as "id/runtime" lines. */
static void rows_of(struct attack *wl, size_t n, bool with_external, char *out,
                    size_t size)
{
	struct run run;
	struct row *rows = NULL;
	size_t n_rows = 0, used = 0;
	char label[48];

	memset(&run, 0, sizeof(run));
	run.attacks = wl;
	run.n_attacks = n;
	run.n_cols = with_external ? 3 : 2;
	snprintf(run.cols[0].name, sizeof(run.cols[0].name), "control");
	run.cols[0].control = true;
	snprintf(run.cols[1].name, sizeof(run.cols[1].name), "bwrap");
	snprintf(run.cols[2].name, sizeof(run.cols[2].name), "external:x");
	run.cols[2].external = with_external;
	assert_int_equal(schedule_rows(&run, NULL, &rows, &n_rows), 0);
	out[0] = '\0';
	for (size_t r = 0; r < n_rows; r++)
		used += (size_t)snprintf(
		    out + used, size - used, "%s/%s\n", rows[r].attack->id,
		    runtime_label(rows[r].lang, rows[r].mode, label,
		                  sizeof(label)));
	free(rows);
	free(run.results);
}

static void test_rows(void **state)
{
	struct attack wl[2] = {workload(), workload()};
	char got[1024];

	(void)state;
	/* sessions by default, C as a program; tools in sessions only */
	snprintf(wl[0].id, sizeof(wl[0].id), "plain");
	wl[0].modes = 1u << MODE_SESSION;
	wl[0].has[LANG_SH] = wl[0].has[LANG_C] = wl[0].has[LANG_PYTHON] = true;
	snprintf(wl[1].id, sizeof(wl[1].id), "tooled");
	wl[1].modes = 1u << MODE_SESSION;
	wl[1].tools = true;
	wl[1].has[LANG_PYTHON] = true;
	rows_of(wl, 2, false, got, sizeof(got));
	assert_string_equal(got, "plain/sh-session\nplain/c\n"
	                         "plain/python-session\n"
	                         "tooled/python-session\n");
	/* an external backend runs programs: the scripts run as programs
	 * too, but a tool call needs a session */
	rows_of(wl, 2, true, got, sizeof(got));
	assert_string_equal(got, "plain/sh\nplain/sh-session\nplain/c\n"
	                         "plain/python\nplain/python-session\n"
	                         "tooled/python-session\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_rows),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
