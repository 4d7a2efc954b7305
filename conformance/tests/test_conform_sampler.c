/*
 * test_conform_sampler.c - the sampler's measurements against real
 * processes: processes, threads, zombies and resident memory summed over a
 * run's processes (with the largest named), excluded trees left out,
 * processes from before the run left out, capabilities seen only when
 * they are the host's; a run stopped as soon as a watched threshold is
 * crossed; an orphan of the run still counted while it is reparented.
 * The SysV segments a run leaves: test_conform_sampler_sysv.c.
 */
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sampler.h"
#include "common.h"

/* resident sums only: nothing here holds 1 GiB */
static const struct sampler_opts plain = {.exact_above_kb = 1024 * 1024};

static void *idle(void *arg)
{
	(void)arg;
	pause();
	return NULL;
}

/* A child holding |threads| threads and |mib| MiB touched; it writes one
 * byte to |ready| (when >= 0) once it holds them all. */
static pid_t holder(int threads, int mib, int ready)
{
	pid_t pid = fork();

	assert_true(pid >= 0);
	if (pid == 0) {
		volatile char *p = mib ? malloc((size_t)mib << 20) : NULL;
		pthread_t t;

		/* through a volatile pointer: an unused buffer's memset may
		 * be elided */
		for (size_t i = 0; p && i < ((size_t)mib << 20); i += 4096)
			p[i] = 1;
		for (int i = 0; i < threads; i++)
			pthread_create(&t, NULL, idle, NULL);
		if (ready >= 0)
			(void)!write(ready, "y", 1);
		pause();
		_exit(0);
	}
	return pid;
}

static void wait_ready(int fd, int n)
{
	char c;

	for (int i = 0; i < n; i++)
		assert_int_equal(read(fd, &c, 1), 1);
}

static void end(pid_t pid)
{
	int status;

	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
}

static void test_counts(void **state)
{
	struct sampler s;
	pid_t kids[30], zombies[20], big;
	char want[32];
	int p[2], status;

	(void)state;
	assert_int_equal(pipe(p), 0);
	assert_int_equal(sampler_start(&s, &plain), 0);
	for (int i = 0; i < 30; i++)
		kids[i] = holder(0, 0, -1);
	for (int i = 0; i < 20; i++)
		if ((zombies[i] = fork()) == 0)
			_exit(0);
	big = holder(40, 96, p[1]);
	wait_ready(p[0], 1);
	usleep(200000);
	sampler_stop(&s);
	assert_true(atomic_load(&s.peak_procs) >= 31);
	assert_true(atomic_load(&s.peak_threads) >= 31 + 40);
	assert_true(atomic_load(&s.peak_zombies) >= 20);
	if (atomic_load(&s.peak_rss_kb) < 90 * 1024)
		fail_msg("rss %lld KiB",
		         (long long)atomic_load(&s.peak_rss_kb));
	/* the largest process at the peak is named first */
	snprintf(want, sizeof(want), "pid %d (", (int)big);
	if (strncmp(s.peak_rss_detail, want, strlen(want)) != 0)
		fail_msg("detail '%s', want it to start with '%s'",
		         s.peak_rss_detail, want);
	assert_int_equal(atomic_load(&s.peak_older), 0);
	for (int i = 0; i < 30; i++)
		end(kids[i]);
	end(big);
	for (int i = 0; i < 20; i++)
		waitpid(zombies[i], &status, 0);
	close(p[0]);
	close(p[1]);
}

/* A fixture's tree does not count, even what it forks during the run. */
static void test_excluded_tree(void **state)
{
	struct sampler s;
	int go[2], ready[2], status;
	char c;
	pid_t fixture;

	(void)state;
	assert_int_equal(pipe(go), 0);
	assert_int_equal(pipe(ready), 0);
	fixture = fork();
	assert_true(fixture >= 0);
	if (fixture == 0) {
		pid_t h;

		close(go[1]);
		if (read(go[0], &c, 1) != 1)
			_exit(1);
		h = holder(40, 96, ready[1]);
		(void)!read(go[0], &c, 1); /* until the test closes it */
		kill(h, SIGKILL);
		waitpid(h, &status, 0);
		_exit(0);
	}
	close(go[0]);
	assert_int_equal(
	    sampler_start(&s, &(struct sampler_opts){.excluded = &fixture,
	                                             .n_excluded = 1}),
	    0);
	assert_int_equal(write(go[1], "g", 1), 1);
	wait_ready(ready[0], 1);
	usleep(200000);
	sampler_stop(&s);
	/* the holder was born during the run, inside the excluded tree */
	assert_true(atomic_load(&s.peak_threads) < 40);
	assert_true(atomic_load(&s.peak_rss_kb) < 90 * 1024);
	close(go[1]);
	assert_int_equal(waitpid(fixture, &status, 0), fixture);
	close(ready[0]);
	close(ready[1]);
}

/* A process of a previous run, still alive when this run starts (dying,
 * say), is not this run's: its memory does not count against it. */
static void test_older_left_out(void **state)
{
	struct sampler s;
	int p[2];
	pid_t old, fresh;

	(void)state;
	assert_int_equal(pipe(p), 0);
	old = holder(40, 96, p[1]);
	wait_ready(p[0], 1);
	usleep(20000); /* a clock tick past its birth */
	assert_int_equal(sampler_start(&s, &plain), 0);
	fresh = holder(0, 8, p[1]);
	wait_ready(p[0], 1);
	usleep(200000);
	sampler_stop(&s);
	assert_true(atomic_load(&s.peak_rss_kb) >= 6 * 1024);
	assert_true(atomic_load(&s.peak_rss_kb) < 90 * 1024);
	assert_true(atomic_load(&s.peak_threads) < 40);
	assert_true(atomic_load(&s.peak_older) >= 1);
	end(old);
	end(fresh);
	close(p[0]);
	close(p[1]);
}

/* A fork shares its parent's pages until it writes them: resident sets
 * count them twice, the sampler once (R forks itself at exit with its
 * whole heap, to remove its temporary directory). */
static void test_shared_pages_once(void **state)
{
	/* past 300 MiB (the two resident sets: 400) the pages are counted
	 * once (200) */
	static const struct sampler_opts shared = {.exact_above_kb =
	                                               300 * 1024};
	struct sampler s;
	int ready[2], go[2], status;
	pid_t parent;

	(void)state;
	assert_int_equal(pipe(ready), 0);
	assert_int_equal(pipe(go), 0);
	assert_int_equal(sampler_start(&s, &shared), 0);
	parent = fork();
	assert_true(parent >= 0);
	if (parent == 0) {
		size_t size = (size_t)200 << 20;
		volatile char *m = malloc(size);
		char c;
		pid_t kid;

		close(go[1]);
		for (size_t i = 0; m && i < size; i += 4096)
			m[i] = 1;
		kid = fork(); /* shares the 200 MiB, writes none of it */
		if (kid == 0) {
			(void)!write(ready[1], "y", 1);
			(void)!read(go[0], &c,
			            1); /* until the test closes it */
			_exit(0);
		}
		(void)!read(go[0], &c, 1);
		waitpid(kid, &status, 0);
		_exit(0);
	}
	close(go[0]);
	wait_ready(ready[0], 1);
	usleep(200000);
	sampler_stop(&s);
	close(go[1]);
	assert_int_equal(waitpid(parent, &status, 0), parent);
	if (atomic_load(&s.peak_rss_kb) < 190 * 1024 ||
	    atomic_load(&s.peak_rss_kb) > 300 * 1024)
		fail_msg("two processes sharing 200 MiB measured %lld KiB",
		         (long long)atomic_load(&s.peak_rss_kb));
	close(ready[0]);
	close(ready[1]);
}

/* The host-wide readings: available memory against the floor, open
 * files, free bytes and inodes of a filesystem. */
static void test_host_gauges(void **state)
{
	struct sampler s;

	(void)state;
	/* no host has this much available: the floor is crossed at once */
	assert_int_equal(
	    sampler_start(&s, &(struct sampler_opts){.floor_kb = 1LL << 50,
	                                             .fs_path = "/"}),
	    0);
	usleep(100000);
	sampler_stop(&s);
	assert_true(atomic_load(&s.low_memory));
	assert_true(atomic_load(&s.peak_files) > 0);
	assert_true(atomic_load(&s.min_free_bytes) < LLONG_MAX);
	assert_true(atomic_load(&s.min_free_inodes) < LLONG_MAX);
	/* a floor of 0 is never crossed */
	assert_int_equal(sampler_start(&s, &plain), 0);
	usleep(100000);
	sampler_stop(&s);
	assert_false(atomic_load(&s.low_memory));
}

/* A run stopped at its disk threshold has crossed it against the
 * sampler's baseline, the one the oracle reads (case.c): writes into a
 * tmpfs directory, 1 MiB every 5 ms, until the sampler stops them. */
static void test_disk_stop_baseline(void **state)
{
	const long long threshold = 4LL << 20;
	struct sampler_opts o = {.fs_path = NULL,
	                         .stop_at = {.disk_bytes = threshold}};
	char dir[] = "/dev/shm/securer-sampler-XXXXXX", path[64];
	static char mib[1 << 20];
	struct sampler s;
	int fd;

	(void)state;
	assert_non_null(mkdtemp(dir));
	o.fs_path = dir;
	snprintf(path, sizeof(path), "%s/fill", dir);
	assert_true((fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0600)) >=
	            0);
	memset(mib, 'x', sizeof(mib));
	assert_int_equal(sampler_start(&s, &o), 0);
	for (int i = 0; i < 64 && !atomic_load(&s.stopped); i++) {
		assert_int_equal(write(fd, mib, sizeof(mib)), (int)sizeof(mib));
		usleep(5000);
	}
	sampler_stop(&s);
	close(fd);
	unlink(path);
	rmdir(dir);
	assert_int_equal(atomic_load(&s.stopped), SAMPLER_STOP_DISK);
	assert_true(s.bytes0 - atomic_load(&s.min_free_bytes) > threshold);
}

/* A child executing sleep, in a user namespace of its own if asked. */
static pid_t sleeper(bool own_userns, int *ready)
{
	int p[2];
	pid_t pid;
	char c = 'n';

	assert_int_equal(pipe(p), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(p[0]);
		if (!own_userns || unshare(CLONE_NEWUSER) == 0)
			c = 'y';
		(void)!write(p[1], &c, 1);
		close(p[1]);
		execlp("sleep", "sleep", "5", (char *)NULL);
		_exit(127);
	}
	close(p[1]);
	assert_int_equal(read(p[0], &c, 1), 1);
	close(p[0]);
	*ready = c == 'y';
	usleep(100000); /* until it is sleep */
	return pid;
}

/* The caps a sampler sees while a sleeper runs. */
static bool sample_caps(bool own_userns, char *caps, size_t size)
{
	struct sampler s;
	int ready;
	pid_t pid;

	assert_int_equal(
	    sampler_start(&s, &(struct sampler_opts){.want_caps = true}), 0);
	pid = sleeper(own_userns, &ready);
	usleep(150000);
	sampler_stop(&s);
	end(pid);
	snprintf(caps, size, "%s", s.caps);
	return ready;
}

/* Capabilities in the host's user namespace are seen... */
static void test_caps_seen(void **state)
{
	char caps[160];

	(void)state;
	only_if(geteuid() == 0, "a process with capabilities needs root");
	sample_caps(false, caps, sizeof(caps));
	assert_non_null(strstr(caps, "CapEff"));
}

/* ...those of a namespace of the process's own are not the host's. */
static void test_caps_own_userns_quiet(void **state)
{
	char caps[160];
	bool ready;

	(void)state;
	ready = sample_caps(true, caps, sizeof(caps));
	require(ready, "user namespaces are not available to this user");
	assert_string_equal(caps, "");
}

/* A run past a watched count is stopped at once: the sampler kills its
 * top process and says which threshold it crossed. */
static void test_stop_on_procs(void **state)
{
	struct sampler s;
	struct sampler_opts so = plain;
	int status;
	pid_t top;

	(void)state;
	so.stop_at.procs = 8;
	assert_int_equal(sampler_start(&s, &so), 0);
	assert_int_equal(prctl(PR_SET_CHILD_SUBREAPER, 1), 0);
	top = fork();
	assert_true(top >= 0);
	if (top == 0) {
		setpgid(0, 0);
		/* 20 children, one every 20 ms, then wait: never ends alone */
		for (int i = 0; i < 20; i++) {
			if (fork() == 0) {
				pause();
				_exit(0);
			}
			usleep(20000);
		}
		pause();
		_exit(0);
	}
	atomic_store(&s.kill_on_stop, (int)top);
	assert_int_equal(waitpid(top, &status, 0), top);
	sampler_stop(&s);
	assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
	assert_int_equal(atomic_load(&s.stopped), SAMPLER_STOP_PROCS);
	assert_true(atomic_load(&s.peak_procs) > 8);
	/* its children, orphans of the run come back here: ended */
	kill(-top, SIGKILL);
	while (waitpid(-top, &status, 0) > 0)
		;
	prctl(PR_SET_CHILD_SUBREAPER, 0);
}

/* Unwatched (all thresholds 0), the same run is never stopped. */
static void test_no_stop_unwatched(void **state)
{
	struct sampler s;
	pid_t kids[12];

	(void)state;
	assert_int_equal(sampler_start(&s, &plain), 0);
	for (int i = 0; i < 12; i++)
		kids[i] = holder(0, 0, -1);
	usleep(150000);
	sampler_stop(&s);
	assert_int_equal(atomic_load(&s.stopped), SAMPLER_STOP_NONE);
	assert_true(atomic_load(&s.peak_procs) >= 12);
	for (int i = 0; i < 12; i++)
		end(kids[i]);
}

/* An orphan of the run (its parent gone, the run's top a subreaper) is
 * still the run's at every sample: what is known foreign is never it. */
static void test_orphan_still_counted(void **state)
{
	struct sampler s;
	int p[2], q[2], status;
	pid_t mid, kid = 0;

	(void)state;
	assert_int_equal(prctl(PR_SET_CHILD_SUBREAPER, 1), 0);
	assert_int_equal(pipe(p), 0);
	assert_int_equal(pipe(q), 0);
	assert_int_equal(sampler_start(&s, &plain), 0);
	usleep(60000); /* a few samples: the host's processes learnt */
	mid = fork();
	assert_true(mid >= 0);
	if (mid == 0) {
		pid_t h = holder(30, 0, p[1]);

		(void)!write(q[1], &h, sizeof(h));
		_exit(0);
	}
	wait_ready(p[0], 1);
	assert_int_equal(read(q[0], &kid, sizeof(kid)), (ssize_t)sizeof(kid));
	assert_int_equal(waitpid(mid, &status, 0), mid);
	usleep(100000);
	sampler_stop(&s);
	assert_true(atomic_load(&s.peak_threads) >= 31);
	/* after the parent's end too: a second run sees it, born before */
	assert_int_equal(sampler_start(&s, &plain), 0);
	usleep(100000);
	sampler_stop(&s);
	assert_int_equal(atomic_load(&s.peak_older), 1);
	end(kid);
	prctl(PR_SET_CHILD_SUBREAPER, 0);
	close(p[0]);
	close(p[1]);
	close(q[0]);
	close(q[1]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_counts),
	    cmocka_unit_test(test_excluded_tree),
	    cmocka_unit_test(test_older_left_out),
	    cmocka_unit_test(test_shared_pages_once),
	    cmocka_unit_test(test_host_gauges),
	    cmocka_unit_test(test_disk_stop_baseline),
	    cmocka_unit_test(test_caps_seen),
	    cmocka_unit_test(test_caps_own_userns_quiet),
	    cmocka_unit_test(test_stop_on_procs),
	    cmocka_unit_test(test_no_stop_unwatched),
	    cmocka_unit_test(test_orphan_still_counted),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
