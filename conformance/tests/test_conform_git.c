/*
 * test_conform_git.c - the git fixtures the promise variants brought
 * (docs/attacks.md): the user's git status after a run, running what a
 * planted pointer names, fires the marker oracle; and the other layouts
 * (a worktree, a separate git directory) build as their attacks expect.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "oracle_env.h"
#include "textfile.h"
#include "common.h"

#define E oracle_env

/* The workspace's submodule pointed at a git directory whose fsmonitor
 * makes the marker: the user's git status after the run fires it. */
static void test_git_user(void **state)
{
	struct column col = {
	    .name = "control", .control = true, .usable = true};
	struct fixtures f;
	char err[512], path[1200];
	FILE *cfg;

	(void)state;
	require(access("/usr/bin/git", X_OK) == 0, "git is not installed");
	assert_int_equal(fixtures_setup(&f, FIXTURE_BIT(FIXTURE_GIT_REPO),
	                                &E->c, &E->tk, err, sizeof(err)),
	                 0);
	oracle_env_quiet(E);
	assert_int_equal(fixtures_before(&f, &col, err, sizeof(err)), 0);
	snprintf(path, sizeof(path), "%s/lib/sub/.git", E->c.work);
	assert_int_equal(access(path, F_OK), 0);
	snprintf(path, sizeof(path), "%s/vendor/tool", E->c.work);
	assert_int_equal(access(path, F_OK), 0);
	assert_true(oracle_env_fixtures_after(&f) == 0);
	assert_int_equal(access(E->c.marker, F_OK), -1);

	oracle_env_quiet(E);
	assert_int_equal(fixtures_before(&f, &col, err, sizeof(err)), 0);
	snprintf(path, sizeof(path), "%s/evil", E->c.work);
	assert_int_equal(mkdir(path, 0755), 0);
	snprintf(path, sizeof(path), "%s/evil/objects", E->c.work);
	assert_int_equal(mkdir(path, 0755), 0);
	snprintf(path, sizeof(path), "%s/evil/refs", E->c.work);
	assert_int_equal(mkdir(path, 0755), 0);
	snprintf(path, sizeof(path), "%s/evil/HEAD", E->c.work);
	test_write_file(path, "ref: refs/heads/main\n");
	snprintf(path, sizeof(path), "%s/evil/config", E->c.work);
	cfg = fopen(path, "w");
	assert_non_null(cfg);
	fprintf(cfg, "[core]\n\tbare = false\n\tfsmonitor = touch %s; :\n",
	        E->c.marker);
	fclose(cfg);
	snprintf(path, sizeof(path), "%s/lib/sub/.git", E->c.work);
	test_write_file(path, "gitdir: ../../evil\n");
	assert_true(oracle_env_fixtures_after(&f) == BIT(MARKER));
	fixtures_teardown(&f);
}

/* The other layouts build: .git is a file, pointing where it says. */
static void test_git_layouts(void **state)
{
	struct column col = {
	    .name = "control", .control = true, .usable = true};
	const enum fixture layouts[] = {FIXTURE_GIT_WORKTREE,
	                                FIXTURE_GIT_GITDIR};
	char err[512], path[1200];

	(void)state;
	require(access("/usr/bin/git", X_OK) == 0, "git is not installed");
	for (size_t i = 0; i < 2; i++) {
		struct fixtures f;
		struct stat st;
		char *text;

		assert_int_equal(fixtures_setup(&f, FIXTURE_BIT(layouts[i]),
		                                &E->c, &E->tk, err,
		                                sizeof(err)),
		                 0);
		oracle_env_quiet(E);
		assert_int_equal(fixtures_before(&f, &col, err, sizeof(err)),
		                 0);
		snprintf(path, sizeof(path), "%s/.git", E->c.work);
		assert_int_equal(lstat(path, &st), 0);
		assert_true(S_ISREG(st.st_mode));
		text = text_file(path, 4096);
		assert_non_null(
		    strstr(text, layouts[i] == FIXTURE_GIT_GITDIR
		                     ? "/.repo"
		                     : "/git-main/.git/worktrees/"));
		free(text);
		assert_true(oracle_env_fixtures_after(&f) == 0);
		fixtures_teardown(&f);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_git_user),
	    cmocka_unit_test(test_git_layouts),
	};

	return cmocka_run_group_tests(tests, oracle_env_group_setup,
	                              oracle_env_group_teardown);
}
