/*
 * test_conform_workload.c - the workloads' judge (workload_judge.h) and the
 * gate it feeds: a run whose output differs from its control's is broken
 * with the evidence (the difference, the error it printed), a workload
 * that fails unconfined is inconclusive, and a broken workload expected to
 * work fails `securer conform` (exit 1) until its expectation says why.
 */
#include <cjson/cJSON.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common.h"
#include "conform_runs.h"
#include "workload_judge.h"

static char root[1024], build[1024];

/* ---- the judge, on made-up runs ---------------------------------------- */

static struct case_out run_out(const char *text, const char *ending)
{
	struct case_out o;

	memset(&o, 0, sizeof(o));
	o.out = strdup(text);
	o.out_len = strlen(text);
	snprintf(o.ending, sizeof(o.ending), "%s", ending);
	return o;
}

static struct attack workload(void)
{
	struct attack a;

	memset(&a, 0, sizeof(a));
	snprintf(a.id, sizeof(a.id), "made-up");
	a.workload = true;
	a.timeout_ms = 5000;
	return a;
}

static void test_broken_with_the_difference(void **state)
{
	struct attack a = workload();
	struct case_out c = run_out("@@ sum 10\n@@ done\n", "exited 0");
	struct case_out b = run_out(
	    "@@ sum 7\nwarning: config not found\n@@ done\n", "exited 0");
	struct wl_capture ctl, run;
	char ev[WL_EVIDENCE];

	(void)state;
	assert_int_equal(wl_capture(&a, 0, &c, "/nonexistent", &ctl), 0);
	assert_true(wl_control_ok(&a, &ctl, ev, sizeof(ev)));
	assert_int_equal(wl_capture(&a, 0, &b, "/nonexistent", &run), 0);
	assert_int_equal(wl_judge(&a, &ctl, &run, ev, sizeof(ev)),
	                 OUTCOME_BROKEN);
	assert_non_null(strstr(ev, "control '@@ sum 10', here '@@ sum 7'"));
	assert_non_null(strstr(ev, "warning: config not found"));
	/* the same lines: works */
	assert_int_equal(wl_judge(&a, &ctl, &ctl, ev, sizeof(ev)),
	                 OUTCOME_WORKS);
	wl_capture_release(&run);
	wl_capture_release(&ctl);
	free(c.out);
	free(b.out);
}

static void test_broken_when_it_ends_badly(void **state)
{
	struct attack a = workload();
	struct case_out c = run_out("@@ x\n@@ done\n", "exited 0");
	struct case_out b = run_out(
	    "@@ x\n@@ done\nRuntimeError: Could not find matplotlibrc\n",
	    "exited 1");
	struct wl_capture ctl, run;
	char ev[WL_EVIDENCE];

	(void)state;
	assert_int_equal(wl_capture(&a, 0, &c, "/nonexistent", &ctl), 0);
	assert_int_equal(wl_capture(&a, 0, &b, "/nonexistent", &run), 0);
	assert_int_equal(wl_judge(&a, &ctl, &run, ev, sizeof(ev)),
	                 OUTCOME_BROKEN);
	assert_non_null(strstr(ev, "exited 1"));
	assert_non_null(
	    strstr(ev, "saying: RuntimeError: Could not find matplotlibrc"));
	wl_capture_release(&run);
	wl_capture_release(&ctl);
	free(c.out);
	free(b.out);
}

static void test_control_that_fails_is_not_ok(void **state)
{
	struct attack a = workload();
	struct case_out c1 = run_out("@@ x\n@@ done\nboom\n", "exited 2");
	struct case_out c2 = run_out("@@ x\n", "exited 0");
	struct wl_capture ctl;
	char ev[WL_EVIDENCE];

	(void)state;
	assert_int_equal(wl_capture(&a, 0, &c1, "/nonexistent", &ctl), 0);
	assert_false(wl_control_ok(&a, &ctl, ev, sizeof(ev)));
	assert_non_null(strstr(ev, "exited 2"));
	assert_non_null(strstr(ev, "boom"));
	wl_capture_release(&ctl);
	assert_int_equal(wl_capture(&a, 0, &c2, "/nonexistent", &ctl), 0);
	assert_false(wl_control_ok(&a, &ctl, ev, sizeof(ev)));
	assert_non_null(strstr(ev, "@@ done"));
	wl_capture_release(&ctl);
	free(c1.out);
	free(c2.out);
}

/* A run the harness stopped because the host ran low on memory (the
 * sampler killed it, and it looks like a timeout) says nothing of the
 * sandbox: inconclusive, with the reason, neither broken nor a timeout. */
static void test_harness_stop_is_inconclusive(void **state)
{
	struct attack a = workload();
	struct case_out c = run_out("@@ x\n@@ done\n", "exited 0");
	struct case_out b = run_out("", "signal 9");
	struct wl_capture ctl, run;
	char ev[WL_EVIDENCE];

	(void)state;
	b.low_memory = true;
	assert_int_equal(wl_capture(&a, 0, &c, "/nonexistent", &ctl), 0);
	assert_int_equal(wl_capture(&a, 0, &b, "/nonexistent", &run), 0);
	assert_int_equal(wl_judge(&a, &ctl, &run, ev, sizeof(ev)),
	                 OUTCOME_INCONCLUSIVE);
	assert_non_null(strstr(ev, "host's available memory"));
	assert_null(strstr(ev, "timeout"));
	/* the control stopped so: not ok, and said why */
	assert_false(wl_control_ok(&a, &run, ev, sizeof(ev)));
	assert_non_null(strstr(ev, "stopped by the harness"));
	/* control: the same run, not stopped, is broken */
	b.low_memory = false;
	wl_capture_release(&run);
	assert_int_equal(wl_capture(&a, 0, &b, "/nonexistent", &run), 0);
	assert_int_equal(wl_judge(&a, &ctl, &run, ev, sizeof(ev)),
	                 OUTCOME_BROKEN);
	wl_capture_release(&run);
	wl_capture_release(&ctl);
	free(c.out);
	free(b.out);
}

static void write_file(const char *dir, const char *name, const void *data,
                       size_t len)
{
	char path[1400];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, len), (ssize_t)len);
	close(fd);
}

static void test_output_file_compared(void **state)
{
	static const unsigned char png_a[24] = {
	    0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13,
	    'I',  'H', 'D', 'R', 0,    0,    1,    144,  0, 0, 1, 44};
	unsigned char png_b[24];
	struct attack a = workload();
	struct case_out c = run_out("@@ saved\n@@ done\n", "exited 0");
	struct wl_capture ctl, run;
	char ev[WL_EVIDENCE], *dir = test_mkdtemp();

	(void)state;
	snprintf(a.output_file, sizeof(a.output_file), "plot.png");
	snprintf(a.compare, sizeof(a.compare), "png");
	write_file(dir, "plot.png", png_a, sizeof(png_a));
	assert_int_equal(wl_capture(&a, 0, &c, dir, &ctl), 0);
	assert_true(wl_control_ok(&a, &ctl, ev, sizeof(ev)));
	assert_int_equal(ctl.png_w, 400);
	assert_int_equal(ctl.png_h, 300);
	memcpy(png_b, png_a, sizeof(png_b));
	png_b[23] = 10; /* 400x266 */
	write_file(dir, "plot.png", png_b, sizeof(png_b));
	assert_int_equal(wl_capture(&a, 0, &c, dir, &run), 0);
	assert_int_equal(wl_judge(&a, &ctl, &run, ev, sizeof(ev)),
	                 OUTCOME_BROKEN);
	assert_non_null(strstr(ev, "plot.png is 400x266"));
	wl_capture_release(&run);
	/* not written at all */
	test_rmtree(dir);
	assert_int_equal(wl_capture(&a, 0, &c, dir, &run), 0);
	assert_int_equal(wl_judge(&a, &ctl, &run, ev, sizeof(ev)),
	                 OUTCOME_BROKEN);
	assert_non_null(strstr(ev, "did not write plot.png"));
	wl_capture_release(&run);
	wl_capture_release(&ctl);
	free(c.out);
	free(dir);
}

/* ---- the gate, through `securer conform` --------------------------------
 */

static void make_workload(const char *dir, const char *id, const char *sh)
{
	char d[1400], json[512];

	snprintf(d, sizeof(d), "%s/gate", dir);
	mkdir(d, 0755);
	snprintf(d, sizeof(d), "%s/gate/%s", dir, id);
	assert_int_equal(mkdir(d, 0755), 0);
	snprintf(json, sizeof(json),
	         "{\"id\": \"%s\", \"title\": \"t\", \"category\": "
	         "\"gate\", \"does\": \"a test of the gate\"}\n",
	         id);
	write_file(d, "workload.json", json, strlen(json));
	write_file(d, "workload.sh", sh, strlen(sh));
}

static int conform(const char *tmp, const char *report, const char *expect)
{
	char cli[1200], attacks[1200], wl[1200], log[1300];
	const char *argv[] = {cli,
	                      "conform",
	                      "--attacks",
	                      "gate-*",
	                      "--runtime",
	                      "sh",
	                      "--backend",
	                      "bwrap",
	                      "--attacks-dir",
	                      attacks,
	                      "--workloads-dir",
	                      wl,
	                      "--expect-dir",
	                      expect,
	                      "--build-dir",
	                      build,
	                      "--report-dir",
	                      report,
	                      NULL};
	int status, fd;
	pid_t pid;

	snprintf(cli, sizeof(cli), "%s/bin/securer", build);
	snprintf(attacks, sizeof(attacks), "%s/attacks", root);
	snprintf(wl, sizeof(wl), "%s/workloads", tmp);
	snprintf(log, sizeof(log), "%s.log", report);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		dup2(fd, 1);
		dup2(fd, 2);
		execv(cli, (char *const *)argv);
		_exit(127);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	return WEXITSTATUS(status);
}

static const cJSON *find_case(const cJSON *doc, const char *key)
{
	const cJSON *e;

	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(doc, "cases"))
	{
		const cJSON *k = cJSON_GetObjectItemCaseSensitive(e, "key");

		if (cJSON_IsString(k) && !strcmp(k->valuestring, key))
			return e;
	}
	return NULL;
}

static const char *field(const cJSON *o, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);

	return cJSON_IsString(v) ? v->valuestring : "";
}

static void test_gate(void **state)
{
	char why[1024], *tmp, wl[1200], expect[1200], r1[1200], r2[1200];
	char secret[1300], script[2000];
	char *json, *md, *path;
	const cJSON *k;
	cJSON *doc;
	int rc;

	(void)state;
	require(test_bwrap_works(why, sizeof(why)), "bwrap: %s", why);
	tmp = test_mkdtemp();
	snprintf(wl, sizeof(wl), "%s/workloads", tmp);
	snprintf(expect, sizeof(expect), "%s/expect", tmp);
	snprintf(r1, sizeof(r1), "%s/r1", tmp);
	snprintf(r2, sizeof(r2), "%s/r2", tmp);
	assert_int_equal(mkdir(wl, 0755), 0);
	assert_int_equal(mkdir(expect, 0755), 0);
	/* a file of the host the sandbox does not show: the workload that
	 * reads it works unconfined only */
	write_file(tmp, "host-data.txt", "42\n", 3);
	snprintf(secret, sizeof(secret), "%s/host-data.txt", tmp);
	make_workload(wl, "gate-ok",
	              "echo \"@@ sum $((2 + 3))\"\necho '@@ done'\n");
	snprintf(script, sizeof(script),
	         "echo \"@@ read $(cat '%s')\"\necho '@@ done'\n", secret);
	make_workload(wl, "gate-host-file", script);
	make_workload(wl, "gate-control-fails", "echo '@@ done'\nexit 3\n");

	/* unlisted workloads must work: one broken is a regression */
	rc = conform(tmp, r1, expect);
	assert_int_equal(rc, 1);
	json = slurp(r1, "report.json");
	assert_non_null(json);
	doc = cJSON_Parse(json);
	assert_non_null(doc);
	k = find_case(doc, "gate-ok/sh-session/bwrap");
	assert_non_null(k);
	assert_string_equal(field(k, "outcome"), "works");
	assert_string_equal(field(k, "kind"), "workload");
	k = find_case(doc, "gate-host-file/sh-session/bwrap");
	assert_non_null(k);
	assert_string_equal(field(k, "outcome"), "broken");
	assert_string_equal(field(k, "verdict"), "regression");
	assert_non_null(strstr(field(k, "evidence"), "No such file"));
	assert_non_null(strstr(field(k, "evidence"), "control '@@ read 42'"));
	k = find_case(doc, "gate-control-fails/sh-session/bwrap");
	assert_non_null(k);
	assert_string_equal(field(k, "outcome"), "inconclusive");
	k = cJSON_GetObjectItemCaseSensitive(k, "control");
	assert_string_equal(field(k, "outcome"), "inconclusive");
	assert_non_null(strstr(field(k, "evidence"), "failed unconfined"));
	cJSON_Delete(doc);
	free(json);
	md = slurp(r1, "summary.md");
	assert_non_null(md);
	assert_non_null(strstr(
	    md, "**bwrap**: attacks blocked 0/0, workloads working 1/3"));
	assert_non_null(strstr(md, "Broken workloads (regressions)"));
	free(md);

	/* the exception listed with its reason, and the failing control
	 * gone: the run passes */
	path = path_in(wl, "gate/gate-control-fails");
	test_rmtree(path);
	free(path);
	write_file(expect, "bwrap.json",
	           "{\"backend\": \"bwrap\", \"attacks\": {}, \"workloads\": "
	           "{\"gate-host-file\": {\"expect\": \"broken\", \"reason\": "
	           "\"reads a host file the sandbox does not show\"}}}\n",
	           strlen("{\"backend\": \"bwrap\", \"attacks\": {}, "
	                  "\"workloads\": {\"gate-host-file\": {\"expect\": "
	                  "\"broken\", \"reason\": \"reads a host file the "
	                  "sandbox does not show\"}}}\n"));
	rc = conform(tmp, r2, expect);
	if (rc != 0) {
		char *log = slurp(tmp, "r2.log");

		fail_msg("with the exception listed the run failed (%d):\n%s",
		         rc, log ? log : "");
	}
	test_rmtree(tmp);
	free(tmp);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_broken_with_the_difference),
	    cmocka_unit_test(test_broken_when_it_ends_badly),
	    cmocka_unit_test(test_control_that_fails_is_not_ok),
	    cmocka_unit_test(test_harness_stop_is_inconclusive),
	    cmocka_unit_test(test_output_file_compared),
	    cmocka_unit_test(test_gate),
	};
	test_build_path("", build, sizeof(build));
	build[strlen(build) - 1] = '\0'; /* "DIR/" */
	{
		char copy[1024];

		snprintf(copy, sizeof(copy), "%s", build);
		snprintf(root, sizeof(root), "%s", dirname(copy));
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
