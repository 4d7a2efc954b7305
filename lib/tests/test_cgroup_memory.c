/*
 * test_cgroup_memory.c - limits.memory_bytes: a memory cgroup caps a run's
 * processes together (each test with its control: the same processes
 * without the limit), a kept group gets the next run's limit and counts
 * only its OOM kills, and a group its run left memory charged to is not
 * kept; where pids and memory share a v1 hierarchy, the run stays in its
 * one group there and is capped in it.
 *
 * Root only: cgroups are not delegated to the users these tests would
 * otherwise run as (the refusal without one: test_cgroup.c).
 */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cgroup_int.h"
#include "internal.h"
#include "support.h"

static void need_memory_cgroup(void)
{
	struct securer__cgroup_info info;

	only_if(geteuid() == 0, "cgroup tests run as root only");
	securer__cgroup_info(&info);
	require(info.usable, "no usable pids cgroup: %s", info.why);
	require(info.mem_usable, "no usable memory cgroup: %s", info.mem_why);
}

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
	char why[512], path[800];
	char *text;
	int held;
	bool v1;

	(void)state;
	need_memory_cgroup();
	if (securer__cgroup_create(&cg, 16, 64 << 20, why, sizeof(why)) != 0)
		fail_msg("cgroup_create: %s", why);
	if (!cg.memory)
		fail_msg("no memory limit: %s", cg.mem_why);
	/* v1 or v2 by the group, not by a second group: where pids and
	 * memory share a v1 hierarchy there is none (test_memory_comounted) */
	v1 = cg.dir_fd < 0;
	snprintf(path, sizeof(path), "%s/%s",
	         cg.mem_path[0] ? cg.mem_path : cg.path,
	         v1 ? "memory.limit_in_bytes" : "memory.max");
	text = securer__read_file(path, 64);
	assert_non_null(text);
	assert_string_equal(text, "67108864\n");
	free(text);
	/* the swap cap: none on v2, the limit again on v1; each file exists
	 * only where the kernel accounts swap */
	snprintf(path, sizeof(path), "%s/%s",
	         cg.mem_path[0] ? cg.mem_path : cg.path,
	         v1 ? "memory.memsw.limit_in_bytes" : "memory.swap.max");
	if (access(path, F_OK) == 0) {
		text = securer__read_file(path, 64);
		assert_non_null(text);
		assert_string_equal(text, v1 ? "67108864\n" : "0\n");
		free(text);
	}

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
	char why[512], path[800], first[512];
	char *text;

	(void)state;
	need_memory_cgroup();
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
	         cg.dir_fd < 0 ? "memory.limit_in_bytes" : "memory.max");
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
	char why[512], first[512];
	int id;

	(void)state;
	need_memory_cgroup();
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
	need_memory_cgroup();
	require(access("/usr/bin/python3", X_OK) == 0, "needs python3");
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

/* securer_sandbox_memory_capped says what the run got, and still says it
 * once the run has ended and its group is gone (securer exec -v asks
 * then); with limits.memory_bytes 0 it says no, and why. */
static void test_capped_after_end(void **state)
{
	const char *argv[] = {"/bin/true", NULL};
	securer_policy *p = securer_policy_new();
	char why[512];

	(void)state;
	need_memory_cgroup();
	assert_non_null(p);
	for (int memory = 1; memory >= 0; memory--) {
		securer_sandbox *sb;
		securer_status st;

		assert_int_equal(
		    securer_policy_set_limit(p, SECURER_LIMIT_MEMORY,
		                             memory ? 64 << 20 : 0),
		    0);
		sb = securer_sandbox_new(p, SECURER_BACKEND_NONE);
		assert_non_null(sb);
		if (securer_sandbox_start(sb, argv, NULL) != 0)
			fail_msg("start: %s", securer_sandbox_error(sb));
		assert_int_equal(
		    securer_sandbox_memory_capped(sb, why, sizeof(why)),
		    memory);
		assert_int_equal(securer_sandbox_wait(sb, -1, &st), 0);
		why[0] = '\0';
		assert_int_equal(
		    securer_sandbox_memory_capped(sb, why, sizeof(why)),
		    memory);
		if (!memory)
			assert_string_equal(why, "limits.memory_bytes is 0");
		securer_sandbox_free(sb);
	}
	securer_policy_free(p);
}

/* Whether |pid| is listed in the cgroup.procs file |path|. */
static bool listed(const char *path, pid_t pid)
{
	char *text = securer__read_file(path, 1 << 16), *p, *end;
	bool found = false;

	assert_non_null(text);
	for (p = text; *p && !found; p = end + (*end != '\0')) {
		found = strtol(p, &end, 10) == pid;
		if (end == p)
			break;
	}
	free(text);
	return found;
}

/* A host that mounts pids and memory in one v1 hierarchy: a process is
 * in one group of a hierarchy, so a second group there would take the run
 * out of its first (the pids group: out of its process limit too).  The
 * first group takes the memory limit instead, and the run stays in it.
 * Simulated on this host's v1 memory hierarchy, the run's first group made
 * there as the pids group would be. */
static void test_memory_comounted(void **state)
{
	struct securer__cgroup_place places[SECURER__CG_N];
	const struct securer__cgroup_place *mem = &places[SECURER__CG_MEMORY];
	struct securer__cgroup cg;
	char why[512], procs[700];
	int held, st;
	pid_t pid;

	(void)state;
	need_memory_cgroup();
	securer__cgroup_places(places);
	only_if(!mem->v2, "the memory controller is on cgroup v2 here: one "
	                  "group holds every controller");
	securer__cgroup_init(&cg);
	if (securer__cgroup_make(mem->dir, cg.path, sizeof(cg.path), why,
	                         sizeof(why)) < 0)
		fail_msg("cannot make a group in %s: %s", mem->dir, why);
	assert_true(securer__cgroup_same_hierarchy(cg.path, mem->dir));
	assert_false(securer__cgroup_same_hierarchy(cg.path, "/proc"));
	cg.join_fd = securer__cgroup_open_join(cg.path, false);
	assert_true(cg.join_fd >= 0);
	securer__cgroup_add_memory(&cg, mem, 64 << 20);
	if (!cg.memory)
		fail_msg("no memory limit: %s", cg.mem_why);
	assert_string_equal(cg.mem_path, ""); /* no second group */

	/* a child joins as the spawn child does, and stays in the group */
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		/* ends with the test, even one an assertion ends */
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if ((cg.join_fd >= 0 && write(cg.join_fd, "0\n", 2) != 2) ||
		    (cg.mem_join_fd >= 0 &&
		     write(cg.mem_join_fd, "0\n", 2) != 2))
			_exit(1);
		pause();
		_exit(0);
	}
	snprintf(procs, sizeof(procs), "%s/cgroup.procs", cg.path);
	for (int i = 0; !listed(procs, pid); i++) {
		if (i == 200)
			fail_msg("the child is not in %s", cg.path);
		usleep(10000);
	}
	kill(pid, SIGKILL);
	assert_int_equal(waitpid(pid, &st, 0), pid);

	/* and the limit caps what the group's processes hold together */
	held = held_together(&cg);
	if (held > 1)
		fail_msg("%d children held %d MiB each under a 64 MiB limit",
		         held, HOLD_MIB);
	assert_true(securer__cgroup_oom_kills(&cg) >= 2); /* it was the limit */
	securer__cgroup_destroy(&cg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_memory_group),
	    cmocka_unit_test(test_memory_group_kept),
	    cmocka_unit_test(test_memory_group_charged),
	    cmocka_unit_test(test_sandbox_memory),
	    cmocka_unit_test(test_capped_after_end),
	    cmocka_unit_test(test_memory_comounted),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
