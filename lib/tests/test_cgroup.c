/*
 * test_cgroup.c - the per-sandbox pids cgroup: made, kept, removed, joined
 * (test_cgroup_memory.c tests the memory limit itself; test_cgroup_find.c
 * where the groups are found, and refusing to run as root when there is
 * none).
 *
 * Root only: cgroups are not delegated to the users these tests would
 * otherwise run as.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "internal.h"
#include "support.h"

static void need_root_cgroup(void)
{
	struct securer__cgroup_info info;

	only_if(geteuid() == 0, "cgroup tests run as root only");
	securer__cgroup_info(&info);
	require(info.usable, "no usable pids cgroup: %s", info.why);
}

/* In a forked child: joins the cgroup through |join_fd| (unless -1),
 * then forks up to 20 children that wait to be killed.  Returns how many
 * forks succeeded. */
static int forks_allowed(int join_fd)
{
	pid_t pid = fork();
	int st;

	assert_true(pid >= 0);
	if (pid == 0) {
		pid_t kids[20];
		int n = 0;

		if (join_fd >= 0 && write(join_fd, "0\n", 2) != 2)
			_exit(255);
		while (n < 20) {
			pid_t k = fork();

			if (k < 0)
				break;
			if (k == 0) {
				pause();
				_exit(0);
			}
			kids[n++] = k;
		}
		for (int i = 0; i < n; i++) {
			kill(kids[i], SIGKILL);
			waitpid(kids[i], NULL, 0);
		}
		_exit(n);
	}
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st));
	assert_int_not_equal(WEXITSTATUS(st), 255);
	return WEXITSTATUS(st);
}

static void test_create_destroy(void **state)
{
	struct securer__cgroup cg;
	char why[512], path[700], dir[512];
	struct stat st;
	char *max;

	(void)state;
	need_root_cgroup();
	if (securer__cgroup_create(&cg, 7, 0, why, sizeof(why)) != 0)
		fail_msg("cgroup_create: %s", why);
	snprintf(dir, sizeof(dir), "%s", cg.path);
	assert_int_equal(stat(dir, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	snprintf(path, sizeof(path), "%s/pids.max", dir);
	max = securer__read_file(path, 64);
	assert_non_null(max);
	assert_string_equal(max, "7\n");
	free(max);
	assert_true(cg.join_fd >= 0);

	/* The limit binds: the joined process plus 6 children, where the
	 * same process outside the group forks all 20 (control). */
	assert_int_equal(forks_allowed(-1), 20);
	assert_int_equal(forks_allowed(cg.join_fd), 6);

	/* Empty again: kept for the next group this process asks for, which
	 * gets it with its own pids.max, and the new limit binds. */
	securer__cgroup_destroy(&cg);
	assert_int_equal(cg.join_fd, -1);
	assert_string_equal(cg.path, "");
	securer__cgroup_destroy(&cg); /* harmless twice */
	assert_int_equal(stat(dir, &st), 0);
	if (securer__cgroup_create(&cg, 9, 0, why, sizeof(why)) != 0)
		fail_msg("cgroup_create: %s", why);
	assert_string_equal(cg.path, dir);
	max = securer__read_file(path, 64);
	assert_non_null(max);
	assert_string_equal(max, "9\n");
	free(max);
	assert_int_equal(forks_allowed(cg.join_fd), 8);
	securer__cgroup_destroy(&cg);
}

/* A kept group is its maker's: a forked child makes its own (two
 * processes in one group would kill each other's runs), and the groups a
 * process kept are removed when it exits. */
static void test_kept_groups(void **state)
{
	struct securer__cgroup cg;
	char why[512], mine[512];
	int fds[2], st;
	pid_t pid;

	(void)state;
	need_root_cgroup();
	if (securer__cgroup_create(&cg, 7, 0, why, sizeof(why)) != 0)
		fail_msg("cgroup_create: %s", why);
	snprintf(mine, sizeof(mine), "%s", cg.path);
	securer__cgroup_destroy(&cg);
	assert_int_equal(access(mine, F_OK), 0);
	assert_int_equal(pipe(fds), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		char theirs[512] = "";

		if (securer__cgroup_create(&cg, 7, 0, why, sizeof(why)) == 0) {
			snprintf(theirs, sizeof(theirs), "%s", cg.path);
			securer__cgroup_destroy(&cg);
		}
		(void)!write(fds[1], theirs, sizeof(theirs));
		exit(0); /* a normal exit: the kept group goes */
	}
	{
		char theirs[512];

		assert_int_equal(read(fds[0], theirs, sizeof(theirs)),
		                 (ssize_t)sizeof(theirs));
		assert_int_equal(waitpid(pid, &st, 0), pid);
		assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
		assert_string_not_equal(theirs, "");
		assert_string_not_equal(theirs, mine);
		assert_int_equal(access(theirs, F_OK), -1);
	}
	close(fds[0]);
	close(fds[1]);
	/* ours is still kept, and still ours */
	assert_int_equal(access(mine, F_OK), 0);
	if (securer__cgroup_create(&cg, 7, 0, why, sizeof(why)) != 0)
		fail_msg("cgroup_create: %s", why);
	assert_string_equal(cg.path, mine);
	securer__cgroup_destroy(&cg);
}

/* In a forked child: makes a group (pids, and memory where there is
 * one), lets it be kept, then ends with _exit, which skips the destructor
 * that removes kept groups, after securer__cgroup_drain when |drain|.
 * The group's paths come back through |fd|. */
static void child_keeps_group(int fd, bool drain)
{
	struct securer__cgroup cg;
	char why[512], paths[2][512] = {"", ""};

	if (securer__cgroup_create(&cg, 7, 64 << 20, why, sizeof(why)) == 0) {
		snprintf(paths[0], sizeof(paths[0]), "%s", cg.path);
		snprintf(paths[1], sizeof(paths[1]), "%s", cg.mem_path);
		securer__cgroup_destroy(&cg);
	}
	if (drain)
		securer__cgroup_drain();
	(void)!write(fd, paths, sizeof(paths));
	_exit(0);
}

static void kept_by_child(bool drain, char paths[2][512])
{
	int fds[2], st;
	pid_t pid;

	assert_int_equal(pipe(fds), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0)
		child_keeps_group(fds[1], drain);
	assert_int_equal(read(fds[0], paths, 2 * 512), 2 * 512);
	assert_int_equal(waitpid(pid, &st, 0), pid);
	close(fds[0]);
	close(fds[1]);
	assert_string_not_equal(paths[0], "");
}

/* A process that ends with _exit (a harness's forked worker) leaves its
 * kept groups: securer__cgroup_drain removes them first; otherwise the
 * next process to make a group sweeps them, a forked child too (its
 * parent had already swept, which once kept every forked worker of a
 * conformance run from sweeping: 900 groups left per hierarchy). */
static void test_exit_leaves_no_group(void **state)
{
	struct securer__cgroup cg;
	char why[512], left[2][512], drained[2][512];

	(void)state;
	need_root_cgroup();
	/* this process has swept: what its children inherit */
	if (securer__cgroup_create(&cg, 7, 0, why, sizeof(why)) != 0)
		fail_msg("cgroup_create: %s", why);
	securer__cgroup_destroy(&cg);
	kept_by_child(true, drained);
	for (int i = 0; i < 2; i++)
		if (drained[i][0] && access(drained[i], F_OK) == 0)
			fail_msg("drained, yet %s is left", drained[i]);
	kept_by_child(false, left);
	for (int i = 0; i < 2; i++)
		if (left[i][0] && access(left[i], F_OK) != 0)
			fail_msg("control: _exit left %s, but it is gone",
			         left[i]);
	kept_by_child(false, drained); /* sweeps the dead child's groups */
	for (int i = 0; i < 2; i++)
		if (left[i][0] && access(left[i], F_OK) == 0) {
			rmdir(left[i]);
			fail_msg("a forked child did not sweep %s", left[i]);
		}
	for (int i = 0; i < 2; i++)
		if (drained[i][0])
			rmdir(drained[i]); /* this one's own _exit left it */
}

/* The group of this process that holds |pid| ("" when none). */
static void find_group(pid_t pid, char *out, size_t size)
{
	struct securer__cgroup_info info;
	char prefix[64], line[32];
	struct dirent *e;
	DIR *d;

	out[0] = '\0';
	securer__cgroup_info(&info);
	snprintf(prefix, sizeof(prefix), "securer-%d-", (int)getpid());
	snprintf(line, sizeof(line), "%d\n", (int)pid);
	d = opendir(info.parent);
	assert_non_null(d);
	while ((e = readdir(d))) {
		char path[1200];
		char *procs;

		if (strncmp(e->d_name, prefix, strlen(prefix)) != 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s/cgroup.procs", info.parent,
		         e->d_name);
		procs = securer__read_file(path, 4096);
		if (procs && (strncmp(procs, line, strlen(line)) == 0 ||
		              strstr(procs, line)))
			snprintf(out, size, "%s/%s", info.parent, e->d_name);
		free(procs);
	}
	closedir(d);
}

/* A sandbox's group holds it while it runs, and nothing after. */
static void test_sandbox_group(void **state)
{
	const char *argv[] = {"cat", NULL};
	securer_policy *p;
	securer_sandbox *sb;
	securer_start_opts o;
	securer_status st;
	char group[800], path[900];
	char *text;
	int in[2];

	(void)state;
	need_root_cgroup();
	p = securer_policy_new();
	assert_non_null(p);
	sb = securer_sandbox_new(p, SECURER_BACKEND_NONE);
	assert_non_null(sb);
	assert_int_equal(pipe2(in, O_CLOEXEC), 0);
	securer_start_opts_init(&o);
	o.stdin_fd = in[0];
	assert_int_equal(securer_sandbox_start(sb, argv, &o), 0);
	close(in[0]);

	find_group(securer_sandbox_pid(sb), group, sizeof(group));
	assert_string_not_equal(group, "");
	snprintf(path, sizeof(path), "%s/pids.max", group);
	text = securer__read_file(path, 64);
	assert_non_null(text);
	assert_string_equal(text, "258\n"); /* 256 + securer's own two */
	free(text);

	close(in[1]);
	assert_int_equal(securer_sandbox_run_to_end(sb, -1, &st), 0);
	assert_true(st.exited && st.exit_code == 0);
	/* gone, or kept empty for the next run */
	snprintf(path, sizeof(path), "%s/cgroup.procs", group);
	text = securer__read_file(path, 4096);
	assert_true(!text || text[0] == '\0');
	free(text);
	securer_sandbox_free(sb);
	securer_policy_free(p);
}

/* On cgroup v2 a sandbox is born in its group (clone3 CLONE_INTO_CGROUP):
 * no migration, which waits for an RCU grace period.  Checked with a
 * group of our own v2 hierarchy and no cgroup.procs to fall back on: the
 * child is in the group only if it was born there. */
static void test_born_in_v2_group(void **state)
{
	struct securer__cgroup_info info;
	struct securer__launch l;
	struct securer__proc proc;
	char group[1400], want[1024], out[4096] = "", err[1024];
	int dir, p[2], st;
	ssize_t n, got = 0;

	(void)state;
	only_if(geteuid() == 0, "cgroup tests run as root only");
	securer__cgroup_info(&info);
	require(info.v2_mount[0] && info.own_v2[0], "cgroup2 is not mounted");
	snprintf(want, sizeof(want), "%s/securer-born-%d",
	         strcmp(info.own_v2, "/") ? info.own_v2 : "", (int)getpid());
	snprintf(group, sizeof(group), "%s%s", info.v2_mount, want);
	require(mkdir(group, 0755) == 0, "cannot create %s", group);
	dir = open(group, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	assert_true(dir >= 0);
	assert_int_equal(pipe2(p, O_CLOEXEC), 0);

	securer__launch_init(&l);
	l.exec_path = "/bin/cat";
	securer__strv_push(&l.argv, "cat");
	securer__strv_push(&l.argv, "/proc/self/cgroup");
	securer__strv_push(&l.envp, "PATH=/usr/bin:/bin");
	assert_int_equal(securer__launch_map(&l, p[1], 1), 0);
	l.cgroup_dir_fd = dir;
	assert_int_equal(securer__spawn(&l, -1, &proc, err), 0);
	close(p[1]);
	while (got < (ssize_t)sizeof(out) - 1 &&
	       (n = read(p[0], out + got, sizeof(out) - 1 - (size_t)got)) > 0)
		got += n;
	out[got] = '\0';
	assert_int_equal(waitpid(proc.pid, &st, 0), proc.pid);
	close(proc.pidfd);
	close(p[0]);
	close(dir);
	securer__launch_release(&l);
	rmdir(group);
	strncat(want, "\n", sizeof(want) - strlen(want) - 1);
	if (!strstr(out, want))
		fail_msg("the child's cgroups:\n%s\nwant the v2 line 0::%s",
		         out, want);
}

/* Joining through join_fd (v1: `tasks`, which moves the calling thread
 * only) takes the whole process: the fork()ed child is single-threaded, so
 * the group lists it and every child it makes, pids.current counts them,
 * and securer__cgroup_kill finds and kills them all. */
static void test_join_takes_process(void **state)
{
	struct securer__cgroup cg;
	char why[512], path[800], line[32];
	pid_t kid, pids[3];
	int p[2], st;
	char *text;

	(void)state;
	need_root_cgroup();
	if (securer__cgroup_create(&cg, 10, 0, why, sizeof(why)) != 0)
		fail_msg("cgroup_create: %s", why);
	assert_true(cg.join_fd >= 0);
	assert_int_equal(pipe2(p, O_CLOEXEC), 0);
	kid = fork();
	assert_true(kid >= 0);
	if (kid == 0) {
		pid_t mine[3] = {getpid(), -1, -1};

		if (write(cg.join_fd, "0\n", 2) != 2)
			_exit(1);
		for (int i = 1; i < 3; i++) {
			mine[i] = fork();
			if (mine[i] == 0) {
				pause();
				_exit(0);
			}
		}
		if (write(p[1], mine, sizeof(mine)) != sizeof(mine))
			_exit(1);
		pause();
		_exit(0);
	}
	close(p[1]);
	assert_int_equal(read(p[0], pids, sizeof(pids)), sizeof(pids));
	close(p[0]);
	snprintf(path, sizeof(path), "%s/cgroup.procs", cg.path);
	text = securer__read_file(path, 4096);
	assert_non_null(text);
	for (int i = 0; i < 3; i++) {
		assert_true(pids[i] > 0);
		snprintf(line, sizeof(line), "%d\n", (int)pids[i]);
		if (strncmp(text, line, strlen(line)) != 0 &&
		    !strstr(text, line))
			fail_msg("pid %d not in the group:\n%s", (int)pids[i],
			         text);
	}
	free(text);
	snprintf(path, sizeof(path), "%s/pids.current", cg.path);
	text = securer__read_file(path, 64);
	assert_non_null(text);
	assert_string_equal(text, "3\n");
	free(text);

	assert_int_equal(
	    securer__cgroup_kill(&cg, securer_monotonic_ms() + 5000), 0);
	assert_int_equal(waitpid(kid, &st, 0), kid);
	assert_true(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL);
	snprintf(path, sizeof(path), "%s/cgroup.procs", cg.path);
	text = securer__read_file(path, 4096);
	assert_non_null(text);
	assert_string_equal(text, "");
	free(text);
	securer__cgroup_destroy(&cg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_create_destroy),
	    cmocka_unit_test(test_kept_groups),
	    cmocka_unit_test(test_exit_leaves_no_group),
	    cmocka_unit_test(test_sandbox_group),
	    cmocka_unit_test(test_born_in_v2_group),
	    cmocka_unit_test(test_join_takes_process),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
