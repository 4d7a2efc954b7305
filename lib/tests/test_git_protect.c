/*
 * test_git_protect.c - files.protect_git beyond the top `.git`, under bwrap
 * (mounts) and landlock (rules, the bind at its own path): the
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
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"
#include "support.h"

static void need(securer_backend b)
{
	char why[SECURER__ERR_SIZE];

	if (b == SECURER_BACKEND_LANDLOCK)
		require(test_landlock_works(why, sizeof(why)), "landlock: %s",
		        why);
	else
		require(test_bwrap_works(why, sizeof(why)), "bwrap: %s", why);
	require(access("/usr/bin/git", X_OK) == 0, "git is not installed");
}

/* Runs a shell script on the host with a neutral git identity and no
 * config of the machine's or the user's; its exit status. */
/* dir/top: a repository with docs/ tracked, a checked-out submodule at
 * lib/sub and one that is not checked out at uninit. */
static char *make_repo(void)
{
	char *dir = test_mkdtemp();

	if (test_git_sh(dir,
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

/* The code's git directory at $W/docs/evil (docs/ is writable under
 * either backend), whose fsmonitor creates |marker| (a host path) when a
 * git command uses it; $W is where the repository is in the sandbox. */
static void evil_script(char *buf, size_t size, const char *w,
                        const char *marker, const char *then)
{
	snprintf(buf, size,
	         "W='%s'; E=\"$W/docs/evil\"; "
	         "mkdir -p \"$E/objects\" \"$E/refs\" && "
	         "echo 'ref: refs/heads/main' > \"$E/HEAD\" && "
	         "printf '[core]\\n\\tbare = false\\n\\tfsmonitor = touch %s; "
	         ":\\n' > \"$E/config\"; %s",
	         w, marker, then);
}

/* Runs |then| (after the evil git directory is made) with the
 * repository bound (at /w under bwrap, at its own path under landlock),
 * then `git status` on the host; whether the marker appeared. */
static bool attack(const char *dir, securer_backend b, bool protect,
                   const char *then)
{
	struct test_run *r = calloc(1, sizeof(*r));
	char top[600], marker[600], script[2048];
	const char *argv[] = {"sh", "-c", script, NULL};
	securer_policy *p = securer_policy_new();
	bool landlock = b == SECURER_BACKEND_LANDLOCK, hit;
	int rc;

	assert_non_null(r);
	assert_non_null(p);
	snprintf(top, sizeof(top), "%s/top", dir);
	snprintf(marker, sizeof(marker), "%s/MARKER", dir);
	unlink(marker);
	evil_script(script, sizeof(script), landlock ? top : "/w", marker,
	            then);
	assert_int_equal(
	    securer_policy_add_rw_bind(p, top, landlock ? NULL : "/w"), 0);
	assert_int_equal(securer_policy_set_protect_git(p, protect), 0);
	rc = test_run_sandbox(r, b, p, argv, NULL, NULL, 0);
	if (rc != 0)
		fail_msg("run: %d %s", rc, r->msg);
	test_git_sh(top, "git status");
	hit = access(marker, F_OK) == 0;
	securer_policy_free(p);
	free(r);
	return hit;
}

static void check(securer_backend b, const char *then)
{
	char *dir;

	need(b);
	dir = make_repo();
	assert_true(attack(dir, b, false, then)); /* control */
	test_rmtree(dir);
	free(dir);
	dir = make_repo();
	assert_false(attack(dir, b, true, then));
	test_rmtree(dir);
	free(dir);
}

static const char pointer[] =
    "echo 'gitdir: ../../docs/evil' > \"$W/lib/sub/.git\"";
static const char swapped[] =
    "mv \"$W/lib\" \"$W/docs/lib.old\"; mkdir -p \"$W/lib/sub\" && "
    "echo 'gitdir: ../../docs/evil' > \"$W/lib/sub/.git\"";
static const char not_checked_out[] =
    "echo 'gitdir: ../docs/evil' > \"$W/uninit/.git\"";

static void test_submodule_pointer(void **state)
{
	check(*(securer_backend *)*state, pointer);
}

static void test_submodule_dir_swapped(void **state)
{
	check(*(securer_backend *)*state, swapped);
}

static void test_submodule_not_checked_out(void **state)
{
	check(*(securer_backend *)*state, not_checked_out);
}

/* The rest of the working copy stays writable, and under bwrap the
 * submodule's own files too (landlock cannot grant write on a directory
 * but for one entry: the directories on the way to a submodule take no
 * new entries there, as the top takes none; docs/backends.md). */
static void test_working_copy_writable(void **state)
{
	securer_backend b = *(securer_backend *)*state;
	bool landlock = b == SECURER_BACKEND_LANDLOCK;
	struct test_run *r = calloc(1, sizeof(*r));
	char *dir, top[600], path[700], script[1400];
	const char *argv[] = {"sh", "-c", script, NULL};
	securer_policy *p = securer_policy_new();

	need(b);
	dir = make_repo();
	assert_non_null(r);
	snprintf(top, sizeof(top), "%s/top", dir);
	snprintf(script, sizeof(script),
	         "W='%s'; echo b > \"$W/docs/new\" && "
	         "echo e >> \"$W/docs/README\" && %s",
	         landlock ? top : "/w",
	         landlock ? "true" : "echo a > \"$W/lib/sub/new\"");
	assert_int_equal(
	    securer_policy_add_rw_bind(p, top, landlock ? NULL : "/w"), 0);
	assert_int_equal(test_run_sandbox(r, b, p, argv, NULL, NULL, 0), 0);
	assert_true(r->st.exited && r->st.exit_code == 0);
	snprintf(path, sizeof(path), "%s/lib/sub/new", top);
	assert_int_equal(access(path, F_OK), landlock ? -1 : 0);
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
static char *make_separate(void)
{
	char *dir = test_mkdtemp();

	if (test_git_sh(dir,
	                "mkdir top && cd top && git init -q "
	                "--separate-git-dir=.repo . && mkdir docs && "
	                "echo x > docs/f && echo /.repo >> .repo/info/exclude "
	                "&& git add docs && git commit -qm a") != 0)
		fail_msg("cannot build the test repository");
	return dir;
}

static void test_gitdir_inside(void **state)
{
	securer_backend b = *(securer_backend *)*state;
	static const char edit[] = "cp \"$E/config\" \"$W/.repo/config\"";
	char *dir;

	need(b);
	dir = make_separate();
	assert_true(attack(dir, b, false, edit));
	test_rmtree(dir);
	free(dir);
	dir = make_separate();
	assert_false(attack(dir, b, true, edit));
	test_rmtree(dir);
	free(dir);
}

/* What a host-side writer asks (securer_git_protected): the same paths a
 * start mounts read-only, whatever the spelling, and nothing else. */
static void test_protected_query(void **state)
{
	static const struct {
		const char *rel;
		int want;
	} sep[] =
	    {
	        {".repo/config", 1},
	        {".repo", 1},
	        {"./.repo//hooks/x", 1},
	        {"docs/../.repo/config", 1},
	        {".git", 1},
	        {"docs/f", 0},
	        {"docs", 0},
	        {".repository", 0},
	        {"new/file", 0},
	        {"..", -EXDEV},
	        {"docs/../../top/x", -EXDEV},
	    },
	  sub[] = {
	      {"lib/sub/.git", 1}, {"uninit/x", 1},    {"lib/sub/file", 0},
	      {".git/config", 1},  {"docs/README", 0},
	  };
	char path[700], *dir;
	int fd;

	(void)state;
	dir = make_separate();
	snprintf(path, sizeof(path), "%s/top", dir);
	fd = open(path, O_PATH | O_DIRECTORY | O_CLOEXEC);
	assert_true(fd >= 0);
	for (size_t i = 0; i < sizeof(sep) / sizeof(sep[0]); i++)
		if (securer_git_protected(fd, sep[i].rel) != sep[i].want)
			fail_msg("%s: %d, want %d", sep[i].rel,
			         securer_git_protected(fd, sep[i].rel),
			         sep[i].want);
	close(fd);
	test_rmtree(dir);
	free(dir);

	dir = make_repo();
	snprintf(path, sizeof(path), "%s/top", dir);
	fd = open(path, O_PATH | O_DIRECTORY | O_CLOEXEC);
	assert_true(fd >= 0);
	for (size_t i = 0; i < sizeof(sub) / sizeof(sub[0]); i++)
		if (securer_git_protected(fd, sub[i].rel) != sub[i].want)
			fail_msg("%s: %d, want %d", sub[i].rel,
			         securer_git_protected(fd, sub[i].rel),
			         sub[i].want);
	/* A .git that is a symlink: a start fails, so does the query. */
	snprintf(path, sizeof(path), "%s/top/lib/sub/.git", dir);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(symlink("/tmp", path), 0);
	assert_true(securer_git_protected(fd, "docs/README") < 0);
	close(fd);
	test_rmtree(dir);
	free(dir);
}

static securer_backend bwrap = SECURER_BACKEND_BWRAP;
static securer_backend landlock = SECURER_BACKEND_LANDLOCK;

#define BOTH(t)                                                                \
	cmocka_unit_test_prestate(t, &bwrap),                                  \
	    cmocka_unit_test_prestate(t, &landlock)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    BOTH(test_submodule_pointer),
	    BOTH(test_submodule_dir_swapped),
	    BOTH(test_submodule_not_checked_out),
	    BOTH(test_working_copy_writable),
	    BOTH(test_gitdir_inside),
	    cmocka_unit_test(test_protected_query),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
