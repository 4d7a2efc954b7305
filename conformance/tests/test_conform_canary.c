/*
 * test_conform_canary.c - what a case leaves in the planted trees goes
 * before the next case: a small change is removed, a tree of more than
 * CANARY_BULK entries is moved whole into the run's trash (canary.h), and
 * either way the next case finds the canaries as planted.
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "oracle_env.h"
#include "common.h"

#define E oracle_env

/* |n| empty files in |dir|/|name| (made), and a locked subdirectory. */
static void fill(const char *dir, const char *name, int n)
{
	char sub[900], path[1000];

	snprintf(sub, sizeof(sub), "%s/%s", dir, name);
	assert_int_equal(mkdir(sub, 0700), 0);
	for (int i = 0; i < n; i++) {
		int fd;

		snprintf(path, sizeof(path), "%s/f%d", sub, i);
		fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
		assert_true(fd >= 0);
		close(fd);
	}
	snprintf(path, sizeof(path), "%s/locked", sub);
	assert_int_equal(mkdir(path, 0700), 0);
	assert_int_equal(chmod(path, 0), 0);
}

/* Entries directly in |dir| (0 when it is missing), the last one's path
 * in |last| when given. */
static int entries(const char *dir, char *last, size_t size)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	if (!d)
		return 0;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
			n++;
			if (last)
				snprintf(last, size, "%s/%s", dir, e->d_name);
		}
	closedir(d);
	return n;
}

static bool exists(const char *dir, const char *name)
{
	char path[900];
	struct stat st;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return lstat(path, &st) == 0;
}

static void test_small_change_removed(void **state)
{
	char err[512];

	(void)state;
	fill(E->c.home, "small", 5);
	assert_true(oracle_env_fired(E) & ORACLE_BIT(ORACLE_HOME));
	assert_int_equal(canary_reset(&E->c, &E->tk, err, sizeof(err)), 0);
	assert_false(exists(E->c.home, "small"));
	assert_int_equal(entries(E->c.trash, NULL, 0), 0);
	oracle_env_quiet(E);
}

static void test_bulk_tree_to_trash(void **state)
{
	char err[512], moved[1200], bulk[1300];

	(void)state;
	fill(E->c.home, "bulk", CANARY_BULK + 10);
	assert_int_equal(canary_reset(&E->c, &E->tk, err, sizeof(err)), 0);
	/* the home is the planted one again, the bulk nowhere in it */
	assert_false(exists(E->c.home, "bulk"));
	oracle_env_quiet(E);
	/* the whole old home, in the trash */
	assert_int_equal(entries(E->c.trash, moved, sizeof(moved)), 1);
	snprintf(bulk, sizeof(bulk), "%s/bulk", moved);
	assert_int_equal(entries(bulk, NULL, 0), CANARY_BULK + 10 + 1);
	/* and the run's end removes it, locked directory and all */
	canary_rmtree(E->c.trash);
	assert_false(exists(E->c.trash, "."));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_small_change_removed),
	    cmocka_unit_test(test_bulk_tree_to_trash),
	};

	return cmocka_run_group_tests(tests, oracle_env_group_setup,
	                              oracle_env_group_teardown);
}
