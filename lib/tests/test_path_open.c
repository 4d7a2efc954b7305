/*
 * test_path_open.c - opening a path without following any symlink
 * (path_open.c), with openat2 and with the component walk older kernels
 * get: the same answers from both.  The walk is forced in a forked child
 * whose seccomp filter makes openat2 answer ENOSYS, as a kernel before
 * 5.6 would (a filter on that one call only: ASan's own calls pass).
 */
#include <errno.h>
#include <fcntl.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "internal.h"
#include "support.h"

static char *tree(void)
{
	char *dir = test_mkdtemp(), p[700], t[700];

	snprintf(p, sizeof(p), "%s/a", dir);
	assert_int_equal(mkdir(p, 0755), 0);
	snprintf(p, sizeof(p), "%s/a/b", dir);
	assert_int_equal(mkdir(p, 0755), 0);
	snprintf(p, sizeof(p), "%s/a/b/f", dir);
	test_write_file(p, "x");
	snprintf(p, sizeof(p), "%s/secret", dir);
	assert_int_equal(mkdir(p, 0755), 0);
	snprintf(t, sizeof(t), "%s/secret", dir);
	snprintf(p, sizeof(p), "%s/a/link", dir);
	assert_int_equal(symlink(t, p), 0); /* a/link -> secret */
	snprintf(p, sizeof(p), "%s/a/flink", dir);
	assert_int_equal(symlink("b/f", p), 0); /* a/flink -> b/f */
	return dir;
}

/* Each check's result: an fd (>= 0) counts as 0, else the errno. */
static int check(const char *dir, const char *rel, bool beneath)
{
	char p[800];
	int root = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC), fd;

	if (root < 0)
		return -1000;
	if (beneath)
		fd = securer__open_nofollow(root, rel, O_PATH, true);
	else {
		snprintf(p, sizeof(p), "%s/%s", dir, rel);
		fd = securer__open_nofollow(AT_FDCWD, p, O_PATH, false);
	}
	close(root);
	if (fd >= 0) {
		close(fd);
		return 0;
	}
	return fd;
}

/* Every case, as a bit mask of the ones that answered as they must. */
static int all(const char *dir)
{
	static const struct {
		const char *rel;
		bool beneath;
		int want;
	} cases[] = {
	    {"a/b/f", false, 0},        {"a/b", false, 0},
	    {"a/link", false, -ELOOP},  {"a/link/x", false, -ELOOP},
	    {"a/flink", false, -ELOOP}, {"a/b/f", true, 0},
	    {"a/link", true, -ELOOP},   {"a/../secret", true, 0},
	    {"../x", true, -EXDEV},     {"a/missing", false, -ENOENT},
	};
	int ok = 0;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int got = check(dir, cases[i].rel, cases[i].beneath);

		if (got == cases[i].want)
			ok |= 1 << i;
		else
			fprintf(stderr, "%s%s: %d, want %d\n", cases[i].rel,
			        cases[i].beneath ? " (beneath)" : "", got,
			        cases[i].want);
	}
	return ok;
}

#define ALL_OK ((1 << 10) - 1)

static void test_openat2(void **state)
{
	char *dir = tree();

	(void)state;
	assert_int_equal(all(dir), ALL_OK);
	test_rmtree(dir);
	free(dir);
}

static void test_walk_without_openat2(void **state)
{
	char *dir = tree();
	int status;
	pid_t pid;

	(void)state;
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
		int nr = seccomp_syscall_resolve_name("openat2");

		if (!ctx || nr < 0 ||
		    seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSYS), nr, 0) < 0 ||
		    seccomp_load(ctx) < 0)
			_exit(2);
		/* the walk is what answers now */
		if (syscall(nr, AT_FDCWD, "/", NULL, 0) != -1 ||
		    errno != ENOSYS)
			_exit(3);
		_exit(all(dir) == ALL_OK ? 0 : 1);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	test_rmtree(dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_openat2),
	    cmocka_unit_test(test_walk_without_openat2),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
