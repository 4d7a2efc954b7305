/*
 * test_cgroup_find.c - where a run's groups are found (cgroup_find.c),
 * and refusing to run as root when there is no pids or memory cgroup:
 * the kernel does not apply RLIMIT_NPROC to uid 0, so without the cgroup
 * limits.processes would silently mean nothing; without a memory group
 * limits.memory_bytes would cap each process alone.  The cgroup mounts
 * are kept between starts and read again when they may have changed.
 *
 * Root only: cgroups are not delegated to the users these tests would
 * otherwise run as, and only root makes mount namespaces here.
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#include "internal.h"
#include "support.h"

/* The starts of test_fail_closed: with each limit alone, the refusal
 * names its key and nothing runs; with neither (the control), the same
 * command runs there. */
static const struct {
	int64_t processes, memory;
	const char *refused; /* the key the refusal names; NULL: it runs */
} attempts[] = {
    {256, 0, "limits.processes"},
    {0, 1 << 30, "limits.memory_bytes"},
    {0, 0, NULL},
};
#define N_ATTEMPTS (sizeof(attempts) / sizeof(attempts[0]))

/* What one start reported, in the child of test_fail_closed. */
struct outcome {
	int rc;
	int made; /* the marker existed afterwards */
	char msg[512];
};

/* Runs `touch marker` under |b| with attempt |i|'s limits and the
 * marker's directory bound writable. */
static void try_touch(securer_backend b, size_t i, const char *dir,
                      const char *marker, struct outcome *out)
{
	const char *argv[] = {"touch", marker, NULL};
	securer_policy *p = securer_policy_new();
	securer_sandbox *sb;
	securer_status st;

	if (!p ||
	    securer_policy_set_limit(p, SECURER_LIMIT_PROCESSES,
	                             attempts[i].processes) < 0 ||
	    securer_policy_set_limit(p, SECURER_LIMIT_MEMORY,
	                             attempts[i].memory) < 0 ||
	    securer_policy_add_rw_bind(p, dir, NULL) < 0)
		_exit(3);
	sb = securer_sandbox_new(p, b);
	if (!sb)
		_exit(3);
	out->rc = securer_sandbox_start(sb, argv, NULL);
	if (out->rc == 0)
		out->rc = securer_sandbox_run_to_end(sb, -1, &st);
	snprintf(out->msg, sizeof(out->msg), "%s", securer_sandbox_error(sb));
	out->made = access(marker, F_OK) == 0;
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
	struct outcome out[2][N_ATTEMPTS];
	int p[2], st, setup = 0;
	size_t n;
	pid_t pid;

	(void)state;
	only_if(geteuid() == 0, "cgroup tests run as root only");
	n = test_bwrap_works(why, sizeof(why)) ? 2 : 1;
	dir = test_mkdtemp();
	if (n == 1) {
		if (test_must_work())
			fail_msg("required but missing: auto backend part: "
			         "bwrap: %s",
			         why);
		test_print_skip("auto backend part: bwrap: %s", why);
	}
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
		for (size_t b = 0; !setup && b < n; b++)
			for (size_t i = 0; i < N_ATTEMPTS; i++)
				try_touch(backends[b], i, dir, marker,
				          &out[b][i]);
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
	for (size_t b = 0; b < n; b++)
		for (size_t i = 0; i < N_ATTEMPTS; i++) {
			const struct outcome *o = &out[b][i];
			const char *key = attempts[i].refused;

			if (key && (o->rc != -EPERM || !strstr(o->msg, key)))
				fail_msg("%s: start gave %d '%s', want -EPERM "
				         "naming %s",
				         securer_backend_name(backends[b]),
				         o->rc, o->msg, key);
			if (!key && o->rc != 0)
				fail_msg("%s: with no limit the start gave %d "
				         "'%s'",
				         securer_backend_name(backends[b]),
				         o->rc, o->msg);
			assert_int_equal(o->made, key ? 0 : 1);
		}
	test_rmtree(dir);
	free(dir);
}

/* The cgroup mounts are kept between questions (cgroup_find.c) and read
 * again when they may have changed: in another mount namespace (where the
 * kept descriptor of mountinfo, the old namespace's, shows no change) and
 * after a change of the mount table.  In a child with its own mount
 * namespace: the cgroup2 mount unmounted, then one mounted elsewhere. */
static void test_mounts_read_again(void **state)
{
	struct securer__cgroup_info a;
	char seen[2][256], *dir;
	int p[2], setup = 0, st;
	pid_t pid;

	(void)state;
	only_if(geteuid() == 0, "mount namespaces need root here");
	securer__cgroup_info(&a);
	require(a.v2_mount[0], "cgroup2 is not mounted");
	dir = test_mkdtemp();
	assert_int_equal(pipe(p), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct securer__cgroup_info i;

		memset(seen, 0, sizeof(seen));
		securer__cgroup_info(&i); /* read, and kept, in this process */
		if (unshare(CLONE_NEWNS) < 0 ||
		    mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
			setup = 1;
		else if (umount2(i.v2_mount, MNT_DETACH) < 0)
			setup = 2;
		if (!setup) {
			securer__cgroup_info(&i);
			snprintf(seen[0], sizeof(seen[0]), "%s", i.v2_mount);
			if (mount("none", dir, "cgroup2", 0, NULL) < 0)
				setup = 3;
		}
		if (!setup) {
			securer__cgroup_info(&i);
			snprintf(seen[1], sizeof(seen[1]), "%s", i.v2_mount);
		}
		if (write(p[1], &setup, sizeof(setup)) != sizeof(setup) ||
		    write(p[1], seen, sizeof(seen)) != sizeof(seen))
			_exit(1);
		_exit(0);
	}
	close(p[1]);
	assert_int_equal(read(p[0], &setup, sizeof(setup)), sizeof(setup));
	assert_int_equal(read(p[0], seen, sizeof(seen)), sizeof(seen));
	close(p[0]);
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	test_rmtree(dir);
	require(setup == 0, "cannot change the mounts (step %d)", setup);
	/* another namespace: read again, the unmounted one is gone */
	assert_string_not_equal(seen[0], a.v2_mount);
	/* a change of the mount table: read again, the new one is there */
	assert_string_equal(seen[1], dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_fail_closed),
	    cmocka_unit_test(test_mounts_read_again),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
