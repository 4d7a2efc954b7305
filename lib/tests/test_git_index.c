/*
 * test_git_index.c - reading the gitlinks (submodule paths) of indexes git
 * itself wrote: versions 2, 3 and 4, SHA-1 and SHA-256; and refusing
 * bytes that are not an index, whole or cut short.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"
#include "support.h"

static int collect(void *ctx, const char *path)
{
	char *out = ctx;

	strcat(out, path);
	strcat(out, ";");
	return 0;
}

/* The gitlinks of dir/r/.git/index, "a;b;" */
static int links(const char *dir, char *out)
{
	char path[700];
	int fd, rc;

	snprintf(path, sizeof(path), "%s/r/.git/index", dir);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	assert_true(fd >= 0);
	out[0] = '\0';
	rc = securer__git_gitlinks(fd, collect, out);
	close(fd);
	return rc;
}

/* A repository with many files (so v4 compresses paths) and two
 * gitlinks, made with |init| and then |then|. */
static void make(const char *dir, const char *init, const char *then)
{
	char script[2048];

	snprintf(script, sizeof(script),
	         "%s r && cd r && mkdir -p a/deep/dir && for i in 1 2 3 4 5 6; "
	         "do echo $i > a/deep/dir/file$i; done && git add a && "
	         "h=$(git commit-tree $(git write-tree) -m x) && "
	         "git update-index --add --cacheinfo 160000,$h,vendor/lib && "
	         "git update-index --add --cacheinfo 160000,$h,z/sub && %s",
	         init, then);
	if (test_git_sh(dir, script) != 0)
		fail_msg("git could not build the index (%s; %s)", init, then);
}

static void check(const char *init, const char *then)
{
	char *dir = test_mkdtemp(), out[1024];

	make(dir, init, then);
	assert_int_equal(links(dir, out), 0);
	assert_string_equal(out, "vendor/lib;z/sub;");
	test_rmtree(dir);
	free(dir);
}

static void need_git(void)
{
	require(access("/usr/bin/git", X_OK) == 0, "git is not installed");
}

static void test_v2(void **state)
{
	(void)state;
	need_git();
	check("git init -q", "git update-index --index-version 2");
}

static void test_v3(void **state)
{
	(void)state;
	need_git();
	/* an intent-to-add entry sets the extended flags */
	check("git init -q", "echo n > newfile && git add -N newfile && "
	                     "git update-index --index-version 3");
}

static void test_v4(void **state)
{
	(void)state;
	need_git();
	check("git init -q", "git update-index --index-version 4");
}

static void test_sha256(void **state)
{
	(void)state;
	need_git();
	check("git init -q --object-format=sha256", "true");
}

/* Cut short, or not an index at all: -EINVAL, never a partial list
 * taken for the whole. */
static void test_refused(void **state)
{
	char *dir = test_mkdtemp(), out[1024], path[700];

	(void)state;
	need_git();
	make(dir, "git init -q", "true");
	snprintf(path, sizeof(path), "%s/r/.git/index", dir);
	{
		int fd = open(path, O_RDWR | O_CLOEXEC);
		off_t size = lseek(fd, 0, SEEK_END);

		assert_int_equal(ftruncate(fd, size - 40), 0);
		close(fd);
	}
	assert_int_equal(links(dir, out), -EINVAL);
	test_write_file(path, "DIRC not really an index at all, just text\n");
	assert_int_equal(links(dir, out), -EINVAL);
	test_rmtree(dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_v2),      cmocka_unit_test(test_v3),
	    cmocka_unit_test(test_v4),      cmocka_unit_test(test_sha256),
	    cmocka_unit_test(test_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
