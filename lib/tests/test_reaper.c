/*
 * test_reaper.c - the reaper of a one-shot none or landlock run is
 * securer-init, which the spawn child executes from the caller's vfork
 * (spawn.c, init_reap.h): what that must not change.
 *
 *   - The run's resident-set figure is its processes', never the caller's:
 *     the kernel keeps, in a process's rusage, the peak of the memory it
 *     had before its exec, so a command born of a copy of a large caller
 *     would report the caller's resident set.
 *   - A multithreaded caller whose threads allocate all the time can start
 *     runs from several threads at once: the child that borrows the
 *     caller's memory until its exec takes no lock a thread may hold.
 *   - The command still gets exactly its own descriptors, its limits and
 *     its working directory, and the reaper's status records.
 *   - A signal the caller ignores is not ignored in the command (an
 *     ignored disposition survives exec; securer-init resets them all).
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"
#include "support.h"

#define MiB (1024 * 1024)

static const securer_backend none = SECURER_BACKEND_NONE;
static const securer_backend landlock = SECURER_BACKEND_LANDLOCK;

/* A small caller's run of `true` reports a few MiB; a caller that holds
 * 256 MiB, the same; a run that fills 96 MiB reports at least that. */
static void rss_is_the_runs(void **state)
{
	securer_backend b = test_backend_param(state);
	const char *small[] = {"true", NULL};
	const char *big[] = {"python3", "-c",
	                     "b = b'x' * (96 << 20); print(len(b))", NULL};
	size_t held = 256 * (size_t)MiB;
	char *ballast = malloc(held);
	struct test_run *r = calloc(1, sizeof(*r));

	assert_non_null(ballast);
	assert_non_null(r);
	assert_int_equal(test_run_sandbox(r, b, NULL, small, NULL, NULL, 0), 0);
	assert_true(r->st.exited && r->st.exit_code == 0);
	if (r->st.max_rss_kb >= 32 * 1024)
		fail_msg("`true` reported %lld KiB",
		         (long long)r->st.max_rss_kb);
	memset(ballast, 1, held); /* resident, in the caller */
	memset(r, 0, sizeof(*r));
	assert_int_equal(test_run_sandbox(r, b, NULL, small, NULL, NULL, 0), 0);
	assert_true(r->st.exited && r->st.exit_code == 0);
	if (r->st.max_rss_kb >= 64 * 1024)
		fail_msg("`true` reported %lld KiB: the caller's pages",
		         (long long)r->st.max_rss_kb);
	memset(r, 0, sizeof(*r));
	assert_int_equal(test_run_sandbox(r, b, NULL, big, NULL, NULL, 0), 0);
	assert_true(r->st.exited && r->st.exit_code == 0);
	assert_string_equal(r->out, "100663296\n");
	if (r->st.max_rss_kb < 96 * 1024)
		fail_msg("a run that held 96 MiB reported %lld KiB",
		         (long long)r->st.max_rss_kb);
	free(ballast);
	free(r);
}

struct churn {
	atomic_bool stop;
	securer_backend backend;
	atomic_int ok, bad;
};

/* malloc and free without a pause: its lock is taken most of the time */
static void *allocate(void *arg)
{
	struct churn *c = arg;

	while (!atomic_load(&c->stop)) {
		void *p[64];

		for (int i = 0; i < 64; i++)
			p[i] = malloc(64 + (size_t)i * 512);
		for (int i = 0; i < 64; i++)
			free(p[i]);
	}
	return NULL;
}

static void *runs(void *arg)
{
	struct churn *c = arg;
	const char *argv[] = {"sh", "-c", "echo ok", NULL};
	struct test_run *r = malloc(sizeof(*r));

	for (int i = 0; r && i < 25; i++) {
		memset(r, 0, sizeof(*r));
		if (test_run_sandbox(r, c->backend, NULL, argv, NULL, NULL,
		                     0) == 0 &&
		    r->st.exited && r->st.exit_code == 0 &&
		    strcmp(r->out, "ok\n") == 0)
			atomic_fetch_add(&c->ok, 1);
		else
			atomic_fetch_add(&c->bad, 1);
	}
	free(r);
	return NULL;
}

static void threaded_caller(void **state)
{
	struct churn c = {.backend = test_backend_param(state)};
	pthread_t alloc[2], run[3];

	atomic_init(&c.stop, false);
	atomic_init(&c.ok, 0);
	atomic_init(&c.bad, 0);
	for (int i = 0; i < 2; i++)
		assert_int_equal(pthread_create(&alloc[i], NULL, allocate, &c),
		                 0);
	for (int i = 0; i < 3; i++)
		assert_int_equal(pthread_create(&run[i], NULL, runs, &c), 0);
	for (int i = 0; i < 3; i++)
		pthread_join(run[i], NULL);
	atomic_store(&c.stop, true);
	for (int i = 0; i < 2; i++)
		pthread_join(alloc[i], NULL);
	assert_int_equal(atomic_load(&c.bad), 0);
	assert_int_equal(atomic_load(&c.ok), 75);
}

/* The command's descriptors are 0, 1, 2 and the extra one it was given;
 * its rlimits and directory are the policy's; a signal that kills it is
 * reported as such. */
static void command_as_before(void **state)
{
	securer_backend b = test_backend_param(state);
	const char *fds[] = {"sh", "-c",
	                     "ls /proc/self/fd 2>/dev/null | tr '\\n' ' '; "
	                     "echo; ulimit -n; ulimit -c; pwd; echo x >&7",
	                     NULL};
	const char *killed[] = {"sh", "-c", "kill -TERM $$", NULL};
	securer_policy *p = securer_policy_new();
	struct test_run *r = calloc(1, sizeof(*r));
	int pipefd[2];
	securer_fd_map map;
	char seen[8] = "";

	assert_non_null(p);
	assert_non_null(r);
	assert_int_equal(
	    securer_policy_set_limit(p, SECURER_LIMIT_OPEN_FILES, 99), 0);
	assert_int_equal(pipe(pipefd), 0);
	map = (securer_fd_map){pipefd[1], 7};
	assert_int_equal(test_run_sandbox(r, b, p, fds, NULL, &map, 1), 0);
	close(pipefd[1]);
	assert_int_equal(read(pipefd[0], seen, sizeof(seen) - 1), 2);
	close(pipefd[0]);
	assert_string_equal(seen, "x\n");
	assert_true(r->st.exited && r->st.exit_code == 0);
	/* landlock hides /proc: the fd list is then empty */
	if (b == SECURER_BACKEND_NONE)
		assert_non_null(strstr(r->out, "0 1 2 3 7 \n"));
	assert_non_null(strstr(r->out, "\n99\n0\n/"));
	assert_non_null(strstr(r->out, b == SECURER_BACKEND_NONE
	                                   ? "/securer-none."
	                                   : "/securer-landlock."));
	memset(r, 0, sizeof(*r));
	assert_int_equal(test_run_sandbox(r, b, NULL, killed, NULL, NULL, 0),
	                 0);
	assert_false(r->st.exited);
	assert_int_equal(r->st.term_signal, 15);
	securer_policy_free(p);
	free(r);
}

/* Every extra fd a run may take (SECURER__MAX_EXTRA_FDS) is the
 * command's alone: once it closes them, the host sees end of file on each
 * while the run goes on, so the reaper holds none of them.  One more is
 * refused. */
static void every_extra_fd_closed(void **state)
{
	securer_backend b = test_backend_param(state);
	/* dash takes one digit in a redirection: Python closes them */
	char script[256];
	const char *argv[] = {"python3", "-c", script, NULL};
	int rd[SECURER__MAX_EXTRA_FDS + 1], wr[SECURER__MAX_EXTRA_FDS + 1];
	securer_fd_map map[SECURER__MAX_EXTRA_FDS + 1];
	securer_start_opts so;
	securer_policy *pol = securer_policy_new();
	securer_sandbox *sb;
	securer_status st;

	test_require_runtime(SECURER_RUNTIME_PYTHON);
	snprintf(script, sizeof(script),
	         "import os, time\n"
	         "for fd in range(3, %d): os.close(fd)\n"
	         "time.sleep(5)\n",
	         3 + SECURER__MAX_EXTRA_FDS);
	for (int i = 0; i <= SECURER__MAX_EXTRA_FDS; i++) {
		int p[2];

		assert_int_equal(pipe2(p, O_CLOEXEC), 0);
		rd[i] = p[0];
		wr[i] = p[1];
		map[i] = (securer_fd_map){p[1], 3 + i};
	}
	securer_start_opts_init(&so);
	so.fds = map;
	so.n_fds = SECURER__MAX_EXTRA_FDS + 1;
	sb = securer_sandbox_new(pol, b);
	assert_int_equal(securer_sandbox_start(sb, argv, &so), -EINVAL);
	securer_sandbox_free(sb);

	so.n_fds = SECURER__MAX_EXTRA_FDS;
	sb = securer_sandbox_new(pol, b);
	assert_int_equal(securer_sandbox_start(sb, argv, &so), 0);
	for (int i = 0; i <= SECURER__MAX_EXTRA_FDS; i++)
		close(wr[i]);
	for (int i = 0; i < SECURER__MAX_EXTRA_FDS; i++) {
		struct pollfd pfd = {rd[i], POLLIN, 0};
		char c;

		if (poll(&pfd, 1, 3000) != 1 || read(rd[i], &c, 1) != 0)
			fail_msg("fd %d: no end of file while the run goes on",
			         3 + i);
		close(rd[i]);
	}
	close(rd[SECURER__MAX_EXTRA_FDS]);
	/* still running: the end of file came from the command's close */
	assert_int_equal(securer_sandbox_wait(sb, 0, &st), -ETIMEDOUT);
	assert_int_equal(securer_sandbox_kill(sb), 0);
	assert_int_equal(securer_sandbox_wait(sb, -1, &st), 0);
	securer_sandbox_free(sb);
	securer_policy_free(pol);
}

/* The caller ignores SIGUSR1 and real-time signal 40; the command finds
 * both at their defaults (Python reads the dispositions it started with:
 * 0 is SIG_DFL, 1 SIG_IGN). */
static void ignored_signals_reset(void **state)
{
	securer_backend b = test_backend_param(state);
	const char *argv[] = {
	    "python3", "-c",
	    "import signal as s; print(int(s.getsignal(s.SIGUSR1)), "
	    "int(s.getsignal(40)))",
	    NULL};
	struct sigaction ign, old_usr1, old_rt;
	struct test_run *r = calloc(1, sizeof(*r));

	assert_non_null(r);
	memset(&ign, 0, sizeof(ign));
	ign.sa_handler = SIG_IGN;
	assert_int_equal(sigaction(SIGUSR1, &ign, &old_usr1), 0);
	assert_int_equal(sigaction(40, &ign, &old_rt), 0);
	assert_int_equal(test_run_sandbox(r, b, NULL, argv, NULL, NULL, 0), 0);
	sigaction(SIGUSR1, &old_usr1, NULL);
	sigaction(40, &old_rt, NULL);
	assert_true(r->st.exited && r->st.exit_code == 0);
	/* 0: SIG_DFL, 1: SIG_IGN */
	assert_string_equal(r->out, "0 0\n");
	free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_prestate(rss_is_the_runs, (void *)&none),
	    cmocka_unit_test_prestate(rss_is_the_runs, (void *)&landlock),
	    cmocka_unit_test_prestate(threaded_caller, (void *)&none),
	    cmocka_unit_test_prestate(threaded_caller, (void *)&landlock),
	    cmocka_unit_test_prestate(command_as_before, (void *)&none),
	    cmocka_unit_test_prestate(command_as_before, (void *)&landlock),
	    cmocka_unit_test_prestate(every_extra_fd_closed, (void *)&none),
	    cmocka_unit_test_prestate(every_extra_fd_closed, (void *)&landlock),
	    cmocka_unit_test_prestate(ignored_signals_reset, (void *)&none),
	    cmocka_unit_test_prestate(ignored_signals_reset, (void *)&landlock),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
