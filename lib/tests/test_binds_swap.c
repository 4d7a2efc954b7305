/*
 * test_binds_swap.c - binds are resolved when the policy is loaded: a
 * source (or a directory above it) swapped for a symlink between the load
 * and the start must not redirect the mount to what the symlink points
 * at.  Each swap has its control: the same policy before the swap mounts
 * the original.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"
#include "support.h"

static void need_bwrap(void)
{
	char why[SECURER__ERR_SIZE];

	require(test_bwrap_works(why, sizeof(why)), "bwrap: %s", why);
}

static void path(char *buf, size_t size, const char *dir, const char *rel)
{
	snprintf(buf, size, "%s/%s", dir, rel);
}

static void mkdir_at(const char *dir, const char *rel)
{
	char p[700];

	path(p, sizeof(p), dir, rel);
	assert_int_equal(mkdir(p, 0755), 0);
}

static void write_at(const char *dir, const char *rel, const char *text)
{
	char p[700];

	path(p, sizeof(p), dir, rel);
	test_write_file(p, text);
}

/* |rel| renamed to |rel|.old and replaced by a symlink to |target|. */
static void swap_for_link(const char *dir, const char *rel, const char *target)
{
	char from[700], to[720];

	path(from, sizeof(from), dir, rel);
	snprintf(to, sizeof(to), "%s.old", from);
	assert_int_equal(rename(from, to), 0);
	assert_int_equal(symlink(target, from), 0);
}

static void run(struct test_run *r, const securer_policy *p, const char *cmd)
{
	const char *argv[] = {"sh", "-c", cmd, NULL};

	memset(r, 0, sizeof(*r));
	test_run_sandbox(r, SECURER_BACKEND_BWRAP, p, argv, NULL, NULL, 0);
}

/* A directory above the source becomes a symlink to a directory of the
 * same shape holding a secret: the mount must not follow it. */
static void test_parent_swapped(void **state)
{
	struct test_run *r = calloc(1, sizeof(*r));
	char *dir = test_mkdtemp(), src[700], target[700];
	securer_policy *p = securer_policy_new();

	(void)state;
	need_bwrap();
	assert_non_null(r);
	assert_non_null(p);
	mkdir_at(dir, "data");
	mkdir_at(dir, "data/raw");
	write_at(dir, "data/raw/input.csv", "mine\n");
	mkdir_at(dir, "evil");
	mkdir_at(dir, "secret");
	write_at(dir, "secret/id_rsa", "SECRET-KEY\n");
	path(target, sizeof(target), dir, "secret");
	path(src, sizeof(src), dir, "evil/raw");
	assert_int_equal(symlink(target, src), 0);
	path(src, sizeof(src), dir, "data/raw");
	assert_int_equal(securer_policy_add_ro_bind(p, src, "/data"), 0);

	/* control: loaded and started before any swap, the source is there */
	run(r, p, "cat /data/input.csv");
	assert_int_equal(r->start_rc, 0);
	assert_string_equal(r->out, "mine\n");

	/* data -> evil, and evil/raw -> secret: data/raw is now the secret */
	path(target, sizeof(target), dir, "evil");
	swap_for_link(dir, "data", target);
	run(r, p, "cat /data/id_rsa /data/input.csv");
	assert_null(strstr(r->out, "SECRET-KEY"));
	assert_int_equal(r->start_rc, -ELOOP);
	assert_non_null(strstr(r->msg, "symlink in its path now"));
	assert_non_null(strstr(r->msg, src));

	securer_policy_free(p);
	test_rmtree(dir);
	free(dir);
	free(r);
}

/* Landlock: the bind at its own path, a directory above it swapped for a
 * symlink to a directory of the same shape: the rule must not follow it
 * to the secret. */
static void test_parent_swapped_landlock(void **state)
{
	struct test_run *r = calloc(1, sizeof(*r));
	char *dir = test_mkdtemp(), src[700], target[700], cmd[2200];
	securer_policy *p = securer_policy_new();
	char why[SECURER__ERR_SIZE];

	(void)state;
	require(test_landlock_works(why, sizeof(why)), "landlock: %s", why);
	assert_non_null(r);
	assert_non_null(p);
	mkdir_at(dir, "data");
	mkdir_at(dir, "data/raw");
	write_at(dir, "data/raw/input.csv", "mine\n");
	mkdir_at(dir, "evil");
	mkdir_at(dir, "evil/raw");
	write_at(dir, "evil/raw/id_rsa", "SECRET-KEY\n");
	path(src, sizeof(src), dir, "data/raw");
	assert_int_equal(securer_policy_add_ro_bind(p, src, NULL), 0);

	snprintf(cmd, sizeof(cmd), "cat '%s/input.csv'", src);
	memset(r, 0, sizeof(*r));
	{
		const char *argv[] = {"sh", "-c", cmd, NULL};

		test_run_sandbox(r, SECURER_BACKEND_LANDLOCK, p, argv, NULL,
		                 NULL, 0);
	}
	assert_int_equal(r->start_rc, 0);
	assert_string_equal(r->out, "mine\n");

	path(target, sizeof(target), dir, "evil");
	swap_for_link(dir, "data", target);
	snprintf(cmd, sizeof(cmd), "cat '%s/id_rsa'", src);
	memset(r, 0, sizeof(*r));
	{
		const char *argv[] = {"sh", "-c", cmd, NULL};

		test_run_sandbox(r, SECURER_BACKEND_LANDLOCK, p, argv, NULL,
		                 NULL, 0);
	}
	assert_null(strstr(r->out, "SECRET-KEY"));
	assert_true(r->start_rc < 0);
	assert_non_null(strstr(r->msg, "symlink in its path now"));

	securer_policy_free(p);
	test_rmtree(dir);
	free(dir);
	free(r);
}

/* The source itself, a file, becomes a symlink to a secret file. */
static void test_source_swapped(void **state)
{
	struct test_run *r = calloc(1, sizeof(*r));
	char *dir = test_mkdtemp(), src[700], target[700];
	securer_policy *p = securer_policy_new();

	(void)state;
	need_bwrap();
	assert_non_null(r);
	assert_non_null(p);
	write_at(dir, "report.txt", "mine\n");
	write_at(dir, "id_rsa", "SECRET-KEY\n");
	path(src, sizeof(src), dir, "report.txt");
	assert_int_equal(securer_policy_add_rw_bind(p, src, "/out/report.txt"),
	                 0);

	run(r, p, "cat /out/report.txt");
	assert_int_equal(r->start_rc, 0);
	assert_string_equal(r->out, "mine\n");

	path(target, sizeof(target), dir, "id_rsa");
	swap_for_link(dir, "report.txt", target);
	run(r, p, "cat /out/report.txt");
	assert_null(strstr(r->out, "SECRET-KEY"));
	assert_int_equal(r->start_rc, -ELOOP);

	securer_policy_free(p);
	test_rmtree(dir);
	free(dir);
	free(r);
}

/* The descriptors that carry the binds into bwrap never reach the code:
 * one onto a source's directory would let it walk up with "..". */
static void test_bind_fds_closed(void **state)
{
	struct test_run *r = calloc(1, sizeof(*r));
	char *dir = test_mkdtemp();
	securer_policy *p = securer_policy_new();

	(void)state;
	need_bwrap();
	assert_non_null(r);
	assert_non_null(p);
	mkdir_at(dir, "a");
	mkdir_at(dir, "b");
	mkdir_at(dir, "b/.git");
	assert_int_equal(securer_policy_add_bind_spec(p, dir, 0), 0);
	{
		char a[700], b[700];

		path(a, sizeof(a), dir, "a");
		path(b, sizeof(b), dir, "b");
		assert_int_equal(securer_policy_add_ro_bind(p, a, "/a"), 0);
		assert_int_equal(securer_policy_add_rw_bind(p, b, "/b"), 0);
	}
	run(r, p, "cd /proc/self/fd && for f in *; do echo \"$f\"; done");
	assert_int_equal(r->start_rc, 0);
	/* stdin, stdout, stderr, and the shell's own glob of the directory */
	assert_string_equal(r->out, "0\n1\n2\n3\n");

	securer_policy_free(p);
	test_rmtree(dir);
	free(dir);
	free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_parent_swapped),
	    cmocka_unit_test(test_parent_swapped_landlock),
	    cmocka_unit_test(test_source_swapped),
	    cmocka_unit_test(test_bind_fds_closed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
