/*
 * test_bwrap_git_sub.c - files.protect_git beyond the top `.git`: the
 * submodules a repository's index records, and a `.git` that is a gitdir
 * pointer.  `git status` in the top repository runs `git status` in every
 * populated submodule, so a submodule's `.git` the code rewrites (or
 * creates in one that is not checked out, or behind a directory it
 * renamed away and rebuilt) points git at a git directory of the code's,
 * whose core.fsmonitor git runs on the host.  The effect checked is that
 * one: after the sandboxed run, the host runs `git status` as the user
 * would, and a marker file must not appear.  The control is the same run
 * with protection off, where it does.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"
#include "support.h"

static void need(void)
{
	char why[SECURER__ERR_SIZE];

	require(test_bwrap_works(why, sizeof(why)), "bwrap: %s", why);
	require(access("/usr/bin/git", X_OK) == 0, "git is not installed");
}

/* Runs a shell script on the host with a neutral git identity and no
 * config of the machine's or the user's; its exit status. */
static int host_sh(const char *dir, const char *script)
{
	char cmd[8192];

	snprintf(cmd, sizeof(cmd),
	         "cd '%s' && env -i PATH=/usr/bin:/bin HOME='%s' "
	         "GIT_CONFIG_NOSYSTEM=1 GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@t "
	         "GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@t sh -c '%s' "
	         ">/dev/null 2>&1",
	         dir, dir, script);
	return system(cmd);
}

/* dir/top: a repository with docs/ tracked, a checked-out submodule at
 * lib/sub and one that is not checked out at uninit. */
static char *make_repo(void)
{
	char *dir = test_mkdtemp();

	if (host_sh(dir,
	            "git init -q src && git -C src commit -q "
	            "--allow-empty -m s && git init -q top && cd top && "
	            "mkdir docs && echo r > docs/README && git add docs && "
	            "git -c protocol.file.allow=always submodule add -q "
	            "../src lib/sub && git -c protocol.file.allow=always "
	            "submodule add -q ../src uninit && git commit -qm a && "
	            "git submodule deinit -q uninit") != 0)
		fail_msg("cannot build the test repository in %s", dir);
	return dir;
}

/* The code's git directory at /w/evil, whose fsmonitor creates
 * |marker| (a host path) when a git command uses it. */
static void evil_script(char *buf, size_t size, const char *marker,
                        const char *then)
{
	snprintf(buf, size,
	         "mkdir -p /w/evil/objects /w/evil/refs && "
	         "echo 'ref: refs/heads/main' > /w/evil/HEAD && "
	         "printf '[core]\\n\\tbare = false\\n\\tfsmonitor = touch %s; "
	         ":\\n' > /w/evil/config; %s",
	         marker, then);
}

/* Runs |script| with the repository bound at /w, then `git status` on the
 * host; whether the marker appeared. */
static bool attack(const char *dir, bool protect, const char *then)
{
	struct test_run *r = calloc(1, sizeof(*r));
	char top[600], marker[600], script[2048];
	const char *argv[] = {"sh", "-c", script, NULL};
	securer_policy *p = securer_policy_new();
	bool hit;
	int rc;

	assert_non_null(r);
	assert_non_null(p);
	snprintf(top, sizeof(top), "%s/top", dir);
	snprintf(marker, sizeof(marker), "%s/MARKER", dir);
	unlink(marker);
	evil_script(script, sizeof(script), marker, then);
	assert_int_equal(securer_policy_add_rw_bind(p, top, "/w"), 0);
	assert_int_equal(securer_policy_set_protect_git(p, protect), 0);
	rc = test_run_sandbox(r, SECURER_BACKEND_BWRAP, p, argv, NULL, NULL, 0);
	if (rc != 0)
		fail_msg("run: %d %s", rc, r->msg);
	host_sh(top, "git status");
	hit = access(marker, F_OK) == 0;
	securer_policy_free(p);
	free(r);
	return hit;
}

static void check(const char *then)
{
	char *dir;

	need();
	dir = make_repo();
	assert_true(attack(dir, false, then)); /* control */
	test_rmtree(dir);
	free(dir);
	dir = make_repo();
	assert_false(attack(dir, true, then));
	test_rmtree(dir);
	free(dir);
}

static void test_submodule_pointer(void **state)
{
	(void)state;
	check("echo 'gitdir: ../../evil' > /w/lib/sub/.git");
}

static void test_submodule_dir_swapped(void **state)
{
	(void)state;
	check("mv /w/lib /w/lib.old; mkdir -p /w/lib/sub && "
	      "echo 'gitdir: ../../evil' > /w/lib/sub/.git");
}

static void test_submodule_not_checked_out(void **state)
{
	(void)state;
	check("echo 'gitdir: ../evil' > /w/uninit/.git");
}

/* The submodule's files, and the rest of the working copy, stay
 * writable. */
static void test_working_copy_writable(void **state)
{
	struct test_run *r = calloc(1, sizeof(*r));
	const char *argv[] = {"sh", "-c",
	                      "echo a > /w/lib/sub/new && echo b > /w/docs/new",
	                      NULL};
	securer_policy *p = securer_policy_new();
	char *dir, top[600], path[700];

	(void)state;
	need();
	dir = make_repo();
	assert_non_null(r);
	snprintf(top, sizeof(top), "%s/top", dir);
	assert_int_equal(securer_policy_add_rw_bind(p, top, "/w"), 0);
	assert_int_equal(
	    test_run_sandbox(r, SECURER_BACKEND_BWRAP, p, argv, NULL, NULL, 0),
	    0);
	assert_true(r->st.exited && r->st.exit_code == 0);
	snprintf(path, sizeof(path), "%s/lib/sub/new", top);
	assert_int_equal(access(path, F_OK), 0);
	snprintf(path, sizeof(path), "%s/docs/new", top);
	assert_int_equal(access(path, F_OK), 0);
	securer_policy_free(p);
	test_rmtree(dir);
	free(dir);
	free(r);
}

/* `.git` is a pointer to a git directory inside the bind (git init
 * --separate-git-dir=.repo): the pointer and the directory it names are
 * both read-only. */
static void test_gitdir_inside(void **state)
{
	char *dir;

	(void)state;
	need();
	dir = test_mkdtemp();
	if (host_sh(dir,
	            "mkdir top && cd top && git init -q "
	            "--separate-git-dir=.repo . && echo x > f && git add f "
	            "&& git commit -qm a") != 0)
		fail_msg("cannot build the test repository");
	/* the code sets the fsmonitor in the real git directory */
	{
		char rm[700];

		snprintf(rm, sizeof(rm), "%s/top/.repo/config", dir);
		assert_int_equal(access(rm, F_OK), 0);
	}
	assert_true(attack(dir, false, "cp /w/evil/config /w/.repo/config"));
	test_rmtree(dir);
	free(dir);
	dir = test_mkdtemp();
	if (host_sh(dir,
	            "mkdir top && cd top && git init -q "
	            "--separate-git-dir=.repo . && echo x > f && git add f "
	            "&& git commit -qm a") != 0)
		fail_msg("cannot build the test repository");
	assert_false(attack(dir, true, "cp /w/evil/config /w/.repo/config"));
	test_rmtree(dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_submodule_pointer),
	    cmocka_unit_test(test_submodule_dir_swapped),
	    cmocka_unit_test(test_submodule_not_checked_out),
	    cmocka_unit_test(test_working_copy_writable),
	    cmocka_unit_test(test_gitdir_inside),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
