/*
 * test_conform_gate.c - the conformance gate goes red when it should: the
 * seed attacks under bwrap pass as expected with the default policy, and
 * a deliberately weakened policy (the victim's home bound read-only, the
 * host network, the caller's environment passed through) makes them
 * succeed, the run exit 1, and the regressions named in summary.md, in
 * report.xml and in the diff against the first run's report.json.
 */
#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common.h"
#include "textfile.h"

static char root[1024], build[1024];

/* `securer conform` on the seeds, extra arguments appended; its exit
 * status.  Its output goes to dir/log. */
static int conform(const char *dir, const char *const *extra)
{
	char cli[1200], attacks[1200], expect[1200], log[1300];
	const char *argv[32];
	int n = 0, status, fd;
	pid_t pid;

	snprintf(cli, sizeof(cli), "%s/bin/securer", build);
	snprintf(attacks, sizeof(attacks), "%s/attacks", root);
	snprintf(expect, sizeof(expect), "%s/conformance/expect/linux", root);
	snprintf(log, sizeof(log), "%s.log", dir);
	argv[n++] = cli;
	argv[n++] = "conform";
	argv[n++] = "--attacks";
	argv[n++] = "ssh-key-grab,env-dump,curl-exfil";
	argv[n++] = "--runtime";
	argv[n++] = "sh,c";
	argv[n++] = "--backend";
	argv[n++] = "bwrap";
	argv[n++] = "--attacks-dir";
	argv[n++] = attacks;
	argv[n++] = "--expect-dir";
	argv[n++] = expect;
	argv[n++] = "--build-dir";
	argv[n++] = build;
	argv[n++] = "--report-dir";
	argv[n++] = dir;
	for (int i = 0; extra && extra[i]; i++)
		argv[n++] = extra[i];
	argv[n] = NULL;
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

static char *slurp(const char *dir, const char *name)
{
	char path[1400];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return text_file(path, 16 << 20);
}

static bool listed(const cJSON *list, const char *key)
{
	const cJSON *e;

	cJSON_ArrayForEach(e, list)
	{
		const cJSON *k = cJSON_GetObjectItemCaseSensitive(e, "key");

		if (cJSON_IsString(k) && !strcmp(k->valuestring, key))
			return true;
	}
	return false;
}

static void test_weakened_policy_turns_red(void **state)
{
	const char *weak_args[] = {"--weaken", "home,net,env", "--baseline",
	                           NULL, NULL};
	char why[1024], *tmp, ok[1100], weak[1100], base[1200];
	char *md, *xml, *json;
	cJSON *doc, *diff;
	int rc;

	(void)state;
	require(test_bwrap_works(why, sizeof(why)), "bwrap: %s", why);
	tmp = test_mkdtemp();
	snprintf(ok, sizeof(ok), "%s/ok", tmp);
	snprintf(weak, sizeof(weak), "%s/weak", tmp);
	snprintf(base, sizeof(base), "%s/report.json", ok);

	rc = conform(ok, NULL);
	if (rc != 0) {
		char *log = slurp(tmp, "ok.log");

		fail_msg("the default policy's run failed (%d):\n%s", rc,
		         log ? log : "");
	}
	weak_args[3] = base;
	assert_int_equal(conform(weak, weak_args), 1);

	md = slurp(weak, "summary.md");
	assert_non_null(md);
	assert_non_null(strstr(md, "FAIL"));
	assert_non_null(strstr(md, "Regressions"));
	assert_non_null(strstr(md, "ssh-key-grab"));
	assert_non_null(strstr(md, "env-dump"));
	assert_non_null(strstr(md, "curl-exfil"));
	xml = slurp(weak, "report.xml");
	assert_non_null(xml);
	assert_non_null(strstr(xml, "<failure"));
	json = slurp(weak, "report.json");
	doc = cJSON_Parse(json);
	assert_non_null(doc);
	diff = cJSON_GetObjectItemCaseSensitive(
	    cJSON_GetObjectItemCaseSensitive(doc, "baseline"), "regressions");
	assert_true(listed(diff, "ssh-key-grab/sh/bwrap"));
	assert_true(listed(diff, "env-dump/c/bwrap"));
	assert_true(listed(diff, "curl-exfil/c/bwrap"));
	cJSON_Delete(doc);
	free(md);
	free(xml);
	free(json);
	test_rmtree(tmp);
	free(tmp);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_weakened_policy_turns_red),
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
