/*
 * test_conform_canary.c - what a case leaves in the planted trees goes
 * before the next case: a small change is removed, a tree of more than
 * CANARY_BULK entries is moved whole into the run's trash (canary.h), and
 * either way the next case finds the canaries as planted.  A tree no case
 * touched stays as it is, the very files planted; any change to an entry
 * of it (even one that leaves every byte as it was) has it planted again.
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <time.h>
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

/* The change time of |dir|/|name| in nanoseconds: a file planted again
 * has a later one (ext4 may give it the inode number just freed). */
static long long changed_ns(const char *dir, const char *name)
{
	char path[900];
	struct stat st;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	assert_int_equal(lstat(path, &st), 0);
	return st.st_ctim.tv_sec * 1000000000LL + st.st_ctim.tv_nsec;
}

/* the change time has a clock tick's grain: let one pass */
static void tick(void)
{
	nanosleep(&(struct timespec){0, 20 * 1000 * 1000}, NULL);
}

/* Untouched (only read, as an attack reading the token does): kept. */
static void test_untouched_tree_kept(void **state)
{
	char err[512], path[900], buf[256];
	long long key = changed_ns(E->c.home, ".ssh/id_rsa");
	long long csv = changed_ns(E->c.prod, "reports/q1.csv");
	int fd;

	(void)state;
	snprintf(path, sizeof(path), "%s/.ssh/id_rsa", E->c.home);
	fd = open(path, O_RDONLY);
	assert_true(fd >= 0);
	assert_true(read(fd, buf, sizeof(buf)) > 0);
	close(fd);
	tick();
	assert_int_equal(canary_reset(&E->c, &E->tk, err, sizeof(err)), 0);
	assert_true(changed_ns(E->c.home, ".ssh/id_rsa") == key);
	assert_true(changed_ns(E->c.prod, "reports/q1.csv") == csv);
	oracle_env_quiet(E);
}

/* The changes the content hash does not see, each made to the private key
 * and to a report: every one has both trees planted again (a new inode)
 * and leaves nothing of itself (the owner, the link, the attribute). */
enum change { SAME_BYTES, CHMOD_BACK, CHOWN_SAME, LINK, XATTR, MTIME_BACK };

static void touch_one(const char *dir, const char *name, enum change how,
                      const char *aside)
{
	char path[900], buf[512];
	struct stat st;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	assert_int_equal(lstat(path, &st), 0);
	tick();
	switch (how) {
	case SAME_BYTES:
		fd = open(path, O_RDWR);
		assert_true(fd >= 0);
		n = read(fd, buf, sizeof(buf));
		assert_true(n > 0);
		assert_int_equal(pwrite(fd, buf, (size_t)n, 0), n);
		close(fd);
		break;
	case CHMOD_BACK:
		assert_int_equal(chmod(path, 0777), 0);
		assert_int_equal(chmod(path, st.st_mode & 07777), 0);
		break;
	case CHOWN_SAME:
		assert_int_equal(lchown(path, st.st_uid, st.st_gid), 0);
		break;
	case LINK:
		assert_int_equal(link(path, aside), 0);
		break;
	case XATTR:
		assert_int_equal(lsetxattr(path, "user.securer", "x", 1, 0), 0);
		break;
	case MTIME_BACK:
		assert_int_equal(
		    utimensat(AT_FDCWD, path,
		              (struct timespec[]){st.st_atim, st.st_mtim},
		              AT_SYMLINK_NOFOLLOW),
		    0);
		break;
	}
}

static void test_touched_tree_planted_again(void **state)
{
	static const char *names[] = {
	    "same bytes",  "chmod and back",        "chown to the same owner",
	    "a hard link", "an extended attribute", "mtime set back"};

	(void)state;
	for (int how = SAME_BYTES; how <= MTIME_BACK; how++) {
		char err[512], aside[2][900], path[900];
		long long key, csv;
		struct stat st;

		print_message("%s\n", names[how]);
		for (int i = 0; i < 2; i++)
			snprintf(aside[i], sizeof(aside[i]), "%s/aside%d",
			         E->c.dir, i);
		touch_one(E->c.home, ".ssh/id_rsa", (enum change)how, aside[0]);
		touch_one(E->c.prod, "reports/q1.csv", (enum change)how,
		          aside[1]);
		key = changed_ns(E->c.home, ".ssh/id_rsa");
		csv = changed_ns(E->c.prod, "reports/q1.csv");
		tick();
		assert_int_equal(canary_reset(&E->c, &E->tk, err, sizeof(err)),
		                 0);
		assert_true(changed_ns(E->c.home, ".ssh/id_rsa") > key);
		assert_true(changed_ns(E->c.prod, "reports/q1.csv") > csv);
		snprintf(path, sizeof(path), "%s/.ssh/id_rsa", E->c.home);
		assert_int_equal(lstat(path, &st), 0);
		assert_int_equal((int)st.st_nlink, 1);
		assert_true(lgetxattr(path, "user.securer", NULL, 0) < 0);
		for (int i = 0; i < 2; i++)
			unlink(aside[i]);
		oracle_env_quiet(E);
	}
}

/* A case that left processes behind (canary.h: replant) has every tree
 * planted anew, touched or not: a descriptor or a working directory they
 * hold then reaches a copy no later case uses. */
static void test_replant_after_leftovers(void **state)
{
	char err[512];
	long long key = changed_ns(E->c.home, ".ssh/id_rsa");
	long long csv = changed_ns(E->c.prod, "reports/q1.csv");

	(void)state;
	tick();
	E->c.replant = true;
	assert_int_equal(canary_reset(&E->c, &E->tk, err, sizeof(err)), 0);
	assert_true(changed_ns(E->c.home, ".ssh/id_rsa") > key);
	assert_true(changed_ns(E->c.prod, "reports/q1.csv") > csv);
	assert_false(E->c.replant);
	/* and only that reset: the next keeps them again */
	key = changed_ns(E->c.home, ".ssh/id_rsa");
	tick();
	assert_int_equal(canary_reset(&E->c, &E->tk, err, sizeof(err)), 0);
	assert_true(changed_ns(E->c.home, ".ssh/id_rsa") == key);
	oracle_env_quiet(E);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_small_change_removed),
	    cmocka_unit_test(test_bulk_tree_to_trash),
	    cmocka_unit_test(test_untouched_tree_kept),
	    cmocka_unit_test(test_touched_tree_planted_again),
	    cmocka_unit_test(test_replant_after_leftovers),
	};

	return cmocka_run_group_tests(tests, oracle_env_group_setup,
	                              oracle_env_group_teardown);
}
