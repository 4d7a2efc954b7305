/*
 * test_cgroup.c - the per-sandbox pids and memory cgroups, and refusing to
 * run as root when there is none (the kernel does not apply RLIMIT_NPROC to
 * uid 0, so without the cgroup limits.processes would silently mean
 * nothing; without a memory group limits.memory_bytes would cap each
 * process alone).
 *
 * Root only: cgroups are not delegated to the users these tests would
 * otherwise run as.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/shm.h>
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

/* What the child of test_fail_closed reports, per backend. */
struct outcome {
	int rc_default;     /* start with limits.processes 256 */
	int marker_default; /* marker existed afterwards */
	char msg[512];
	int rc_memory; /* limits.processes 0, limits.memory_bytes 1 GiB */
	int marker_memory;
	char msg_memory[512];
	int rc_unlimited; /* start with both 0 */
	int marker_unlimited;
};

/* Runs `touch marker` under |b| with the marker's directory bound
 * writable; *made says whether the marker appeared. */
static void try_touch(securer_backend b, int64_t processes, int64_t memory,
                      const char *dir, const char *marker, int *rc, int *made,
                      char *msg, size_t msg_size)
{
	const char *argv[] = {"touch", marker, NULL};
	securer_policy *p = securer_policy_new();
	securer_sandbox *sb;
	securer_status st;

	if (!p ||
	    securer_policy_set_limit(p, SECURER_LIMIT_PROCESSES, processes) <
	        0 ||
	    securer_policy_set_limit(p, SECURER_LIMIT_MEMORY, memory) < 0 ||
	    securer_policy_add_rw_bind(p, dir, NULL) < 0)
		_exit(3);
	sb = securer_sandbox_new(p, b);
	if (!sb)
		_exit(3);
	*rc = securer_sandbox_start(sb, argv, NULL);
	if (*rc == 0)
		*rc = securer_sandbox_run_to_end(sb, -1, &st);
	if (msg)
		snprintf(msg, msg_size, "%s", securer_sandbox_error(sb));
	*made = access(marker, F_OK) == 0;
	unlink(marker);
	securer_sandbox_free(sb);
	securer_policy_free(p);
}

/* A private mount namespace where /sys/fs/cgroup is an empty tmpfs: root
 * with no pids or memory controller at all.  Under none and under auto
 * (bwrap), when bwrap works here. */
static void test_fail_closed(void **state)
{
	static const securer_backend backends[] = {SECURER_BACKEND_NONE,
	                                           SECURER_BACKEND_AUTO};
	char *dir, marker[600], why[SECURER__ERR_SIZE];
	struct outcome out[2];
	int p[2], st, setup = 0;
	size_t n;
	pid_t pid;

	(void)state;
	only_if(geteuid() == 0, "cgroup tests run as root only");
	n = test_bwrap_works(why, sizeof(why)) ? 2 : 1;
	dir = test_mkdtemp();
	if (n == 1)
		test_print_skip("auto backend part: bwrap: %s", why);
	snprintf(marker, sizeof(marker), "%s/marker", dir);
	memset(out, 0, sizeof(out));
	assert_int_equal(pipe2(p, O_CLOEXEC), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		if (unshare(CLONE_NEWNS) < 0)
			setup = 1;
		else if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
			setup = 2;
		else if (mount("tmpfs", "/sys/fs/cgroup", "tmpfs", 0,
		               "size=64k") < 0)
			setup = 3;
		for (size_t i = 0; !setup && i < n; i++) {
			try_touch(backends[i], 256, 0, dir, marker,
			          &out[i].rc_default, &out[i].marker_default,
			          out[i].msg, sizeof(out[i].msg));
			try_touch(backends[i], 0, 1 << 30, dir, marker,
			          &out[i].rc_memory, &out[i].marker_memory,
			          out[i].msg_memory, sizeof(out[i].msg_memory));
			try_touch(backends[i], 0, 0, dir, marker,
			          &out[i].rc_unlimited,
			          &out[i].marker_unlimited, NULL, 0);
		}
		if (write(p[1], &setup, sizeof(setup)) != sizeof(setup) ||
		    write(p[1], out, sizeof(out)) != sizeof(out))
			_exit(1);
		_exit(0);
	}
	close(p[1]);
	assert_int_equal(read(p[0], &setup, sizeof(setup)), sizeof(setup));
	assert_int_equal(read(p[0], out, sizeof(out)), sizeof(out));
	close(p[0]);
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	if (setup != 0) {
		test_rmtree(dir);
		free(dir);
	}
	require(setup == 0, "cannot hide the cgroup mounts (step %d)", setup);
	for (size_t i = 0; i < n; i++) {
		if (out[i].rc_default != -EPERM ||
		    !strstr(out[i].msg, "limits.processes"))
			fail_msg("%s: start gave %d '%s', want -EPERM naming "
			         "limits.processes",
			         securer_backend_name(backends[i]),
			         out[i].rc_default, out[i].msg);
		assert_int_equal(out[i].marker_default, 0);
		if (out[i].rc_memory != -EPERM ||
		    !strstr(out[i].msg_memory, "limits.memory_bytes"))
			fail_msg("%s: start gave %d '%s', want -EPERM naming "
			         "limits.memory_bytes",
			         securer_backend_name(backends[i]),
			         out[i].rc_memory, out[i].msg_memory);
		assert_int_equal(out[i].marker_memory, 0);
		/* Control: with neither limit asked for, the same command
		 * runs there and creates the marker. */
		assert_int_equal(out[i].rc_unlimited, 0);
		assert_int_equal(out[i].marker_unlimited, 1);
	}
	test_rmtree(dir);
	free(dir);
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

/* ---- the memory limit of a whole run ------------------------------------ */

#define HOLD_MIB 40

/* In a forked child: joins |cg| (its memory part too), then forks 3
 * children that each touch HOLD_MIB MiB, say so and wait; after 2 s, how
 * many of them hold their memory still: said so and not killed.  (The
 * OOM killer ends the largest task, often one that already said so.) */
static int held_together(const struct securer__cgroup *cg)
{
	int st;
	pid_t pid = fork();

	assert_true(pid >= 0);
	if (pid == 0) {
		pid_t kids[3];
		int p[2], holding = 0;
		char said[3] = {0}, c;

		if ((cg->join_fd >= 0 && write(cg->join_fd, "0\n", 2) != 2) ||
		    (cg->mem_join_fd >= 0 &&
		     write(cg->mem_join_fd, "0\n", 2) != 2) ||
		    pipe2(p, O_CLOEXEC | O_NONBLOCK) < 0)
			_exit(100);
		for (int i = 0; i < 3; i++) {
			if ((kids[i] = fork()) == 0) {
				size_t size = (size_t)HOLD_MIB << 20;
				char *m = malloc(size);

				if (!m)
					_exit(1);
				/* every page touched; the buffer escapes into
				 * write(), so no store is optimized away */
				memset(m, '0' + i, size);
				if (write(p[1], m + size / 2, 1) != 1)
					_exit(1);
				pause();
				_exit(0);
			}
		}
		sleep(2);
		while (read(p[0], &c, 1) == 1)
			if (c >= '0' && c <= '2')
				said[c - '0'] = 1;
		for (int i = 0; i < 3; i++) {
			if (kids[i] <= 0)
				continue;
			holding +=
			    said[i] && waitpid(kids[i], NULL, WNOHANG) == 0;
			kill(kids[i], SIGKILL);
			waitpid(kids[i], NULL, 0);
		}
		_exit(holding);
	}
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st) && WEXITSTATUS(st) != 100);
	return WEXITSTATUS(st);
}

/* A memory group caps the processes of a run together: with 64 MiB, one
 * of three children holds its 40 MiB and the kernel kills the others
 * (each alone is far under any rlimit); the same three without the group
 * all hold theirs.  The group's limit covers swap as well. */
static void test_memory_group(void **state)
{
	struct securer__cgroup cg;
	struct securer__cgroup_info info;
	char why[512], path[800];
	char *text;
	int held;

	(void)state;
	need_root_cgroup();
	securer__cgroup_info(&info);
	require(info.mem_usable, "no usable memory cgroup: %s", info.mem_why);
	if (securer__cgroup_create(&cg, 16, 64 << 20, why, sizeof(why)) != 0)
		fail_msg("cgroup_create: %s", why);
	if (!cg.memory)
		fail_msg("no memory limit: %s", cg.mem_why);
	snprintf(path, sizeof(path), "%s/%s",
	         cg.mem_path[0] ? cg.mem_path : cg.path,
	         cg.mem_path[0] ? "memory.limit_in_bytes" : "memory.max");
	text = securer__read_file(path, 64);
	assert_non_null(text);
	assert_string_equal(text, "67108864\n");
	free(text);

	held = held_together(&cg);
	if (held > 1)
		fail_msg("%d children held %d MiB each under a 64 MiB limit",
		         held, HOLD_MIB);
	assert_true(securer__cgroup_oom_kills(&cg) >= 2);
	securer__cgroup_destroy(&cg);

	/* Control: the same children with no memory limit. */
	if (securer__cgroup_create(&cg, 16, 0, why, sizeof(why)) != 0)
		fail_msg("cgroup_create: %s", why);
	assert_false(cg.memory);
	assert_int_equal(held_together(&cg), 3);
	assert_int_equal(securer__cgroup_oom_kills(&cg), 0);
	securer__cgroup_destroy(&cg);
}

/* A kept group taken again gets the new run's limit, and counts only the
 * new run's OOM kills. */
static void test_memory_group_kept(void **state)
{
	struct securer__cgroup cg;
	struct securer__cgroup_info info;
	char why[512], path[800], first[512];
	char *text;

	(void)state;
	need_root_cgroup();
	securer__cgroup_info(&info);
	require(info.mem_usable, "no usable memory cgroup: %s", info.mem_why);
	if (securer__cgroup_create(&cg, 16, 64 << 20, why, sizeof(why)) != 0 ||
	    !cg.memory)
		fail_msg("cgroup_create: %s %s", why, cg.mem_why);
	assert_true(held_together(&cg) <= 1);
	assert_true(securer__cgroup_oom_kills(&cg) >= 2);
	snprintf(first, sizeof(first), "%s",
	         cg.mem_path[0] ? cg.mem_path : cg.path);
	securer__cgroup_destroy(&cg);

	if (securer__cgroup_create(&cg, 16, 256 << 20, why, sizeof(why)) != 0 ||
	    !cg.memory)
		fail_msg("cgroup_create: %s %s", why, cg.mem_why);
	assert_string_equal(cg.mem_path[0] ? cg.mem_path : cg.path, first);
	assert_int_equal(securer__cgroup_oom_kills(&cg), 0);
	snprintf(path, sizeof(path), "%s/%s", first,
	         cg.mem_path[0] ? "memory.limit_in_bytes" : "memory.max");
	text = securer__read_file(path, 64);
	assert_non_null(text);
	assert_string_equal(text, "268435456\n");
	free(text);
	assert_int_equal(held_together(&cg), 3);
	securer__cgroup_destroy(&cg);
}

/* A group whose run left shared memory charged to it (a SysV segment
 * outlives its creator) is not kept: the next run would start with that
 * much of its limit gone.  Control: the same group is kept when the
 * segment was removed before the run ended. */
static int leave_segment(const struct securer__cgroup *cg, bool remove)
{
	int st, id = -1, p[2];
	pid_t pid;

	assert_int_equal(pipe2(p, O_CLOEXEC), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		size_t size = (size_t)32 << 20;
		char *m;

		if ((cg->join_fd >= 0 && write(cg->join_fd, "0\n", 2) != 2) ||
		    (cg->mem_join_fd >= 0 &&
		     write(cg->mem_join_fd, "0\n", 2) != 2))
			_exit(1);
		id = shmget(IPC_PRIVATE, size, IPC_CREAT | 0600);
		if (id < 0 || (m = shmat(id, NULL, 0)) == (void *)-1)
			_exit(1);
		memset(m, 's', size);
		if (write(p[1], &id, sizeof(id)) != sizeof(id))
			_exit(1);
		shmdt(m);
		if (remove)
			shmctl(id, IPC_RMID, NULL);
		_exit(0);
	}
	close(p[1]);
	assert_int_equal(read(p[0], &id, sizeof(id)), sizeof(id));
	close(p[0]);
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	return id;
}

static void test_memory_group_charged(void **state)
{
	struct securer__cgroup cg;
	struct securer__cgroup_info info;
	char why[512], first[512];
	int id;

	(void)state;
	need_root_cgroup();
	securer__cgroup_info(&info);
	require(info.mem_usable, "no usable memory cgroup: %s", info.mem_why);
	if (securer__cgroup_create(&cg, 16, 256 << 20, why, sizeof(why)) != 0 ||
	    !cg.memory)
		fail_msg("cgroup_create: %s %s", why, cg.mem_why);
	snprintf(first, sizeof(first), "%s",
	         cg.mem_path[0] ? cg.mem_path : cg.path);
	leave_segment(&cg, true);
	securer__cgroup_destroy(&cg);
	if (securer__cgroup_create(&cg, 16, 256 << 20, why, sizeof(why)) != 0)
		fail_msg("cgroup_create: %s", why);
	assert_string_equal(cg.mem_path[0] ? cg.mem_path : cg.path, first);

	id = leave_segment(&cg, false);
	securer__cgroup_destroy(&cg);
	shmctl(id, IPC_RMID, NULL);
	assert_int_equal(access(first, F_OK), -1); /* removed, not kept */
	if (securer__cgroup_create(&cg, 16, 256 << 20, why, sizeof(why)) != 0)
		fail_msg("cgroup_create: %s", why);
	assert_string_not_equal(cg.mem_path[0] ? cg.mem_path : cg.path, first);
	securer__cgroup_destroy(&cg);
}

/* Through the library: of a run's three processes that each hold 40 MiB
 * for 2 s under limits.memory_bytes 64 MiB, at most one lives to the end
 * (the run's parent counts them), and the status counts the kills; with
 * limits.memory_bytes 0 all three do. */
static void test_sandbox_memory(void **state)
{
	const char *argv[] = {"python3", "-c",
	                      "import os, time\n"
	                      "kids = []\n"
	                      "for i in range(3):\n"
	                      "    pid = os.fork()\n"
	                      "    if pid == 0:\n"
	                      "        b = bytearray(b'x') * (40 << 20)\n"
	                      "        time.sleep(2)\n"
	                      "        os._exit(0)\n"
	                      "    kids.append(pid)\n"
	                      "for k in kids:\n"
	                      "    if os.waitpid(k, 0)[1] == 0:\n"
	                      "        print('held', flush=True)\n",
	                      NULL};
	securer_policy *p;
	struct test_run r;
	int held;

	(void)state;
	need_root_cgroup();
	only_if(access("/usr/bin/python3", X_OK) == 0, "needs python3");
	p = securer_policy_new();
	assert_non_null(p);
	assert_int_equal(
	    securer_policy_set_limit(p, SECURER_LIMIT_MEMORY, 64 << 20), 0);
	test_run_sandbox(&r, SECURER_BACKEND_NONE, p, argv, NULL, NULL, 0);
	assert_int_equal(r.start_rc, 0);
	held = 0;
	for (const char *h = r.out; (h = strstr(h, "held")); h += 4)
		held++;
	if (held > 1)
		fail_msg("%d processes held 40 MiB under 64 MiB:\n%s", held,
		         r.out);
	assert_true(r.st.memory_oom_kills >= 2);

	assert_int_equal(securer_policy_set_limit(p, SECURER_LIMIT_MEMORY, 0),
	                 0);
	test_run_sandbox(&r, SECURER_BACKEND_NONE, p, argv, NULL, NULL, 0);
	assert_int_equal(r.start_rc, 0);
	assert_string_equal(r.out, "held\nheld\nheld\n");
	assert_int_equal(r.st.memory_oom_kills, 0);
	securer_policy_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_create_destroy),
	    cmocka_unit_test(test_kept_groups),
	    cmocka_unit_test(test_sandbox_group),
	    cmocka_unit_test(test_fail_closed),
	    cmocka_unit_test(test_born_in_v2_group),
	    cmocka_unit_test(test_join_takes_process),
	    cmocka_unit_test(test_memory_group),
	    cmocka_unit_test(test_memory_group_kept),
	    cmocka_unit_test(test_memory_group_charged),
	    cmocka_unit_test(test_sandbox_memory),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
