/*
 * test_sandbox.c - one confined command's lifecycle: status, exec failures,
 * timeouts, kill and free, the pidfd, and that nothing of a run outlives it
 * (daemons included).  Most tests run under each backend.
 *
 * Every process a test starts carries a unique argv token (sleep
 * 1000.4242<pid> ...: the pid keeps two runs of this program apart), so
 * counting them from /proc finds only ours, and the group teardown kills
 * any a failed test left behind.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "internal.h"
#include "support.h"

static securer_backend backend_none = SECURER_BACKEND_NONE;
static securer_backend backend_bwrap = SECURER_BACKEND_BWRAP;

#define BOTH(fn)                                                               \
	{#fn "(none)", fn, NULL, NULL, &backend_none},                         \
	{                                                                      \
#fn "(bwrap)", fn, NULL, NULL, &backend_bwrap                  \
	}

/* Tokens of the processes these tests start; [0] for none, [1] bwrap.
 * main() appends our pid. */
static const char *const token_base[][2] = {
    {"1000.4242", "1000.4244"}, /* daemon, on timeout */
    {"1000.4343", "1000.4345"}, /* daemon, command exits */
    {"1000.5151", "1000.5153"}, /* kill */
    {"1000.6161", "1000.6163"}, /* free */
    {"100.2121", "100.2123"},   /* timeout */
    {"60.777", "60.777"},       /* the process storm */
    {"1000.7171", "1000.7173"}, /* kill with a stuck reaper */
};
enum {
	T_DAEMON,
	T_DAEMON_EXIT,
	T_KILL,
	T_FREE,
	T_TIMEOUT,
	T_STORM,
	T_STUCK,
	T_COUNT
};
static char tokens[T_COUNT][2][32];

static const char *token(void **state, int which)
{
	return tokens[which]
	             [*(securer_backend *)*state == SECURER_BACKEND_BWRAP];
}

static void sleep_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/* Processes whose argv is exactly `sleep TOKEN`, optionally killed. */
static int sleeps(const char *tok, bool kill_them)
{
	char want[64];
	DIR *d = opendir("/proc");
	struct dirent *e;
	int count = 0;
	size_t len;

	assert_non_null(d);
	len = (size_t)snprintf(want, sizeof(want), "sleep%c%s", '\0', tok) + 1;
	while ((e = readdir(d))) {
		char path[300], buf[128];
		int pid = atoi(e->d_name), fd;
		ssize_t n;

		if (pid <= 0)
			continue;
		snprintf(path, sizeof(path), "/proc/%d/cmdline", pid);
		if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
			continue;
		n = read(fd, buf, sizeof(buf));
		close(fd);
		if (n != (ssize_t)len || memcmp(buf, want, len) != 0)
			continue;
		count++;
		if (kill_them)
			kill(pid, SIGKILL);
	}
	closedir(d);
	return count;
}

/* Polls until no process mentions |tok| (at most |ms|); the count left. */
static int gone_within(const char *tok, long ms)
{
	int n;

	for (long waited = 0; (n = test_count_procs(tok)) > 0 && waited < ms;
	     waited += 20)
		sleep_ms(20);
	return n;
}

/* Polls until |n| `sleep TOKEN` processes run (at most 5 s). */
static void wait_running(const char *tok, int n)
{
	for (int i = 0; i < 250 && sleeps(tok, false) < n; i++)
		sleep_ms(20);
	if (sleeps(tok, false) < n)
		fail_msg("`sleep %s` never ran %d times", tok, n);
}

static int teardown(void **state)
{
	(void)state;
	for (int i = 0; i < T_COUNT; i++)
		for (int b = 0; b < 2; b++)
			if (sleeps(tokens[i][b], true))
				fprintf(stderr, "killed leftover sleep %s\n",
				        tokens[i][b]);
	return 0;
}

static securer_sandbox *start(securer_backend b, int64_t timeout_ms,
                              const char *const argv[])
{
	securer_policy *p = securer_policy_new();
	securer_sandbox *sb;

	assert_non_null(p);
	if (timeout_ms >= 0)
		assert_int_equal(securer_policy_set_limit(
		                     p, SECURER_LIMIT_TIMEOUT_MS, timeout_ms),
		                 0);
	sb = securer_sandbox_new(p, b);
	assert_non_null(sb);
	securer_policy_free(p);
	if (securer_sandbox_start(sb, argv, NULL) != 0)
		fail_msg("start %s: %s", argv[0], securer_sandbox_error(sb));
	return sb;
}

/* ---- status ------------------------------------------------------------ */

static void test_exit_code(void **state)
{
	securer_backend b = test_backend_param(state);
	const char *argv[] = {"sh", "-c", "exit 7", NULL};
	struct test_run r;

	assert_int_equal(test_run_sandbox(&r, b, NULL, argv, NULL, NULL, 0), 0);
	assert_int_equal(r.st.exited, 1);
	assert_int_equal(r.st.exit_code, 7);
	assert_int_equal(r.st.term_signal, 0);
	assert_int_equal(r.st.timed_out, 0);
	assert_true(r.st.max_rss_kb > 0);
	assert_true(r.st.duration_ms >= 0);
}

static void test_signal(void **state)
{
	securer_backend b = test_backend_param(state);
	const char *argv[] = {"sh", "-c", "kill -SEGV $$", NULL};
	struct test_run r;

	assert_int_equal(test_run_sandbox(&r, b, NULL, argv, NULL, NULL, 0), 0);
	assert_int_equal(r.st.exited, 0);
	assert_int_equal(r.st.term_signal, SIGSEGV);
	assert_int_equal(r.st.timed_out, 0);
}

static void test_exec_failure(void **state)
{
	securer_backend b = test_backend_param(state);
	const char *argv[] = {"securer-no-such-command", NULL};
	struct test_run r;

	assert_int_equal(test_run_sandbox(&r, b, NULL, argv, NULL, NULL, 0),
	                 -ENOENT);
	assert_int_equal(r.start_rc, 0);
	assert_non_null(strstr(r.msg, "cannot execute"));
}

/* Bad arguments are refused before anything runs. */
static void test_refused_start(void **state)
{
	char *dir = test_mkdtemp(), marker[600];
	const char *argv[] = {"touch", marker, NULL};
	const char *empty[] = {NULL};
	securer_fd_map bad = {0, 200};
	securer_policy *p = securer_policy_new();
	securer_sandbox *sb;
	securer_start_opts o;
	securer_status st;

	(void)state;
	assert_non_null(p);
	snprintf(marker, sizeof(marker), "%s/marker", dir);
	sb = securer_sandbox_new(p, SECURER_BACKEND_NONE);
	assert_non_null(sb);
	securer_start_opts_init(&o);
	o.fds = &bad;
	o.n_fds = 1;
	assert_int_equal(securer_sandbox_start(sb, argv, &o), -EINVAL);
	assert_int_equal(securer_sandbox_start(sb, empty, NULL), -EINVAL);
	assert_int_equal(securer_sandbox_start(sb, NULL, NULL), -EINVAL);
	assert_int_equal(securer_sandbox_pidfd(sb), -1);
	assert_int_equal(access(marker, F_OK), -1);
	/* Control: the same command does create the marker... */
	assert_int_equal(securer_sandbox_start(sb, argv, NULL), 0);
	assert_int_equal(securer_sandbox_run_to_end(sb, -1, &st), 0);
	assert_int_equal(access(marker, F_OK), 0);
	/* ...and a sandbox runs one command only. */
	assert_int_equal(unlink(marker), 0);
	assert_int_equal(securer_sandbox_start(sb, argv, NULL), -EALREADY);
	assert_int_equal(access(marker, F_OK), -1);
	securer_sandbox_free(sb);
	securer_policy_free(p);
	test_rmtree(dir);
	free(dir);
}

/* ---- timeouts and daemons ---------------------------------------------- */

static void test_timeout(void **state)
{
	securer_backend b = test_backend_param(state);
	const char *tok = token(state, T_TIMEOUT);
	const char *argv[] = {"sleep", tok, NULL};
	securer_sandbox *sb = start(b, 1000, argv);
	securer_status st;

	wait_running(tok, 1);
	assert_int_equal(securer_sandbox_run_to_end(sb, -1, &st), 0);
	assert_int_equal(st.timed_out, 1);
	assert_int_equal(st.exited, 0);
	/* Bounds loose enough for a loaded machine: the run did not end
	 * early, and it did not wait for `sleep`. */
	assert_true(st.duration_ms >= 900);
	assert_true(st.duration_ms < 5000);
	assert_int_equal(test_count_procs(tok), 0);
	securer_sandbox_free(sb);
}

/* A daemon that left the command's session is still killed on timeout. */
static void test_daemon_timeout(void **state)
{
	securer_backend b = test_backend_param(state);
	const char *tok = token(state, T_DAEMON);
	char script[200];
	const char *argv[] = {"sh", "-c", script, NULL};
	securer_sandbox *sb;
	securer_status st;

	snprintf(script, sizeof(script),
	         "(setsid sh -c \"exec sleep %s\" &) ; sleep %s", tok, tok);
	sb = start(b, 1000, argv);
	wait_running(tok, 2); /* the daemon and the command */
	assert_int_equal(securer_sandbox_run_to_end(sb, -1, &st), 0);
	assert_int_equal(st.timed_out, 1);
	assert_int_equal(gone_within(tok, 1000), 0);
	securer_sandbox_free(sb);
}

static void test_daemon_after_exit(void **state)
{
	securer_backend b = test_backend_param(state);
	const char *tok = token(state, T_DAEMON_EXIT);
	char script[300];
	const char *argv[] = {"sh", "-c", script, NULL};
	securer_sandbox *sb;
	securer_status st;
	pid_t pid;
	int ws;

	/* The command returns once the daemon is up (it announces itself in
	 * the sandbox's TMPDIR); the loop is bounded by the timeout. */
	snprintf(
	    script, sizeof(script),
	    "(setsid sh -c \"touch \\\"\\$TMPDIR/up\\\"; exec sleep %s\" &);"
	    " while [ ! -e \"$TMPDIR/up\" ]; do sleep 0.01; done; exit 0",
	    tok);

	/* Control: run unconfined, the same command leaves the daemon. */
	{
		char *dir = test_mkdtemp(), env[600];

		snprintf(env, sizeof(env), "TMPDIR=%s", dir);
		pid = fork();
		assert_true(pid >= 0);
		if (pid == 0) {
			char *const envp[] = {env, (char *)"PATH=/usr/bin:/bin",
			                      NULL};

			execve("/bin/sh", (char *const *)argv, envp);
			_exit(127);
		}
		assert_int_equal(waitpid(pid, &ws, 0), pid);
		assert_true(WIFEXITED(ws) && WEXITSTATUS(ws) == 0);
		wait_running(tok, 1);
		assert_int_equal(sleeps(tok, true), 1);
		assert_int_equal(gone_within(tok, 1000), 0);
		test_rmtree(dir);
		free(dir);
	}

	sb = start(b, 10000, argv);
	assert_int_equal(securer_sandbox_run_to_end(sb, -1, &st), 0);
	assert_int_equal(st.timed_out, 0);
	assert_true(st.exited && st.exit_code == 0);
	assert_int_equal(gone_within(tok, 1000), 0);
	securer_sandbox_free(sb);
}

static void test_kill(void **state)
{
	securer_backend b = test_backend_param(state);
	const char *tok = token(state, T_KILL);
	const char *argv[] = {"sh", "-c", NULL, NULL};
	char script[100];
	securer_sandbox *sb;
	securer_status st;

	snprintf(script, sizeof(script), "sleep %s & sleep %s", tok, tok);
	argv[2] = script;
	sb = start(b, -1, argv);
	wait_running(tok, 2);
	assert_int_equal(securer_sandbox_kill(sb), 0);
	assert_int_equal(gone_within(tok, 1000), 0);
	assert_int_equal(securer_sandbox_wait(sb, -1, &st), 0);
	assert_int_equal(st.exited, 0);
	assert_int_equal(st.term_signal, SIGKILL);
	assert_int_equal(securer_sandbox_kill(sb), 0); /* harmless again */
	securer_sandbox_free(sb);
}

/* A reaper that cannot do its job (stopped here with SIGSTOP) is killed,
 * and its orphans are found by the run's cgroup (pids, or memory); without a
 * cgroup the kill says descendants may remain instead of claiming success. */
static void kill_stuck(const char *tok, bool with_cgroup)
{
	const char *argv[] = {"sh", "-c", NULL, NULL};
	securer_policy *p = securer_policy_new();
	char script[100];
	securer_sandbox *sb;
	int rc;

	snprintf(script, sizeof(script), "sleep %s & sleep %s", tok, tok);
	argv[2] = script;
	assert_non_null(p);
	if (!with_cgroup) { /* no process or memory limit: no cgroup */
		assert_int_equal(
		    securer_policy_set_limit(p, SECURER_LIMIT_PROCESSES, 0), 0);
		assert_int_equal(
		    securer_policy_set_limit(p, SECURER_LIMIT_MEMORY, 0), 0);
	}
	sb = securer_sandbox_new(p, SECURER_BACKEND_NONE);
	securer_policy_free(p);
	assert_non_null(sb);
	if (securer_sandbox_start(sb, argv, NULL) != 0)
		fail_msg("start: %s", securer_sandbox_error(sb));
	wait_running(tok, 2);
	assert_int_equal(kill(securer_sandbox_pid(sb), SIGSTOP), 0);
	rc = securer_sandbox_kill(sb);
	if (with_cgroup) {
		if (rc != 0)
			fail_msg("kill: %s", securer_sandbox_error(sb));
		assert_int_equal(gone_within(tok, 1000), 0);
	} else {
		/* the orphans really are left: the kill must not say 0 */
		assert_int_equal(rc, -ETIMEDOUT);
		assert_non_null(
		    strstr(securer_sandbox_error(sb), "may remain"));
		assert_int_equal(sleeps(tok, false), 2);
		sleeps(tok, true);
	}
	securer_sandbox_free(sb);
}

static void test_kill_stuck_reaper(void **state)
{
	const char *tok = token(state, T_STUCK);
	struct securer__cgroup_info info;

	kill_stuck(tok, false);
	securer__cgroup_info(&info);
	/* root cannot run without one: for root this always runs */
	only_if(info.usable, "no pids cgroup for this user: %s", info.why);
	kill_stuck(tok, true);
}

static void test_free_running(void **state)
{
	securer_backend b = test_backend_param(state);
	const char *tok = token(state, T_FREE);
	const char *argv[] = {"sleep", tok, NULL};
	securer_sandbox *sb = start(b, -1, argv);

	wait_running(tok, 1);
	securer_sandbox_free(sb);
	assert_int_equal(gone_within(tok, 1000), 0);
}

/* The pidfd is for the caller's own poll loop: quiet while the run goes,
 * readable once it ended. */
static void test_pidfd(void **state)
{
	securer_backend b = test_backend_param(state);
	const char *argv[] = {"cat", NULL};
	securer_policy *p = securer_policy_new();
	securer_sandbox *sb;
	securer_start_opts o;
	securer_status st;
	struct pollfd pfd;
	int in[2];

	assert_non_null(p);
	sb = securer_sandbox_new(p, b);
	assert_non_null(sb);
	securer_policy_free(p);
	assert_int_equal(securer_sandbox_pidfd(sb), -1);
	assert_int_equal(pipe2(in, O_CLOEXEC), 0);
	securer_start_opts_init(&o);
	o.stdin_fd = in[0];
	assert_int_equal(securer_sandbox_start(sb, argv, &o), 0);
	close(in[0]);
	pfd.fd = securer_sandbox_pidfd(sb);
	pfd.events = POLLIN;
	assert_true(pfd.fd >= 0);
	assert_int_equal(poll(&pfd, 1, 200), 0);
	close(in[1]); /* `cat` sees EOF and exits */
	assert_int_equal(poll(&pfd, 1, 10000), 1);
	assert_true(pfd.revents & POLLIN);
	assert_int_equal(securer_sandbox_wait(sb, securer_monotonic_ms(), &st),
	                 0);
	assert_true(st.exited && st.exit_code == 0);
	securer_sandbox_free(sb);
}

/* A caller that gets to wait only after the deadline (it was busy reading
 * output, say) learns how the run really ended, not "timed out". */
static void test_late_wait(void **state)
{
	securer_backend b = test_backend_param(state);
	const char *argv[] = {"sh", "-c", "exit 3", NULL};
	securer_sandbox *sb = start(b, 1000, argv);
	struct pollfd pfd = {securer_sandbox_pidfd(sb), POLLIN, 0};
	securer_status st;

	assert_int_equal(poll(&pfd, 1, 10000), 1);
	assert_int_equal(
	    securer_sandbox_run_to_end(sb, securer_monotonic_ms() - 1000, &st),
	    0);
	assert_int_equal(st.timed_out, 0);
	assert_true(st.exited);
	assert_int_equal(st.exit_code, 3);
	securer_sandbox_free(sb);
}

/* ---- processes --------------------------------------------------------- */

/* 3000 background sleeps, then the number of processes the sandbox's
 * /proc shows (a glob: the shell cannot fork any more at that point). */
static void storm(int64_t processes, struct test_run *r)
{
	const char *tok = tokens[T_STORM][1];
	char script[200], needle[64];
	const char *argv[] = {"sh", "-c", script, NULL};
	securer_policy *p = securer_policy_new();

	assert_non_null(p);
	snprintf(script, sizeof(script),
	         "(i=0; while [ $i -lt 3000 ]; do sleep %s & i=$((i+1)); "
	         "done) 2>/dev/null; set -- /proc/[0-9]*; echo alive $#",
	         tok);
	snprintf(needle, sizeof(needle), "sleep %s", tok);
	assert_int_equal(
	    securer_policy_set_limit(p, SECURER_LIMIT_PROCESSES, processes), 0);
	assert_int_equal(
	    securer_policy_set_limit(p, SECURER_LIMIT_TIMEOUT_MS, 20000), 0);
	assert_int_equal(
	    test_run_sandbox(r, SECURER_BACKEND_BWRAP, p, argv, NULL, NULL, 0),
	    0);
	securer_policy_free(p);
	assert_int_equal(r->st.timed_out, 0);
	assert_int_equal(gone_within(needle, 1000), 0);
}

static void test_process_storm(void **state)
{
	char why[SECURER__ERR_SIZE];
	struct test_run *r;
	int alive = -1;

	(void)state;
	require(test_bwrap_works(why, sizeof(why)), "bwrap: %s", why);
	r = calloc(1, sizeof(*r));
	assert_non_null(r);
	/* Control: with room for them, all 3000 run at once... */
	storm(4000, r);
	assert_int_equal(sscanf(r->out, "alive %d", &alive), 1);
	assert_true(alive >= 3000);
	/* ...and the default limit (256) stops far short.  As root the
	 * pids cgroup enforces it (RLIMIT_NPROC does not bind uid 0). */
	storm(256, r);
	assert_int_equal(sscanf(r->out, "alive %d", &alive), 1);
	assert_true(alive > 10);
	assert_true(alive <= 260);
	free(r);
}

static void test_backend_probe(void **state)
{
	char reason[SECURER__ERR_SIZE];
	int rc;

	(void)state;
	assert_int_equal(securer_backend_probe(SECURER_BACKEND_NONE, NULL,
	                                       reason, sizeof(reason)),
	                 0);
	assert_string_equal(reason, "none works");
	rc = securer_backend_probe(SECURER_BACKEND_BWRAP, NULL, reason,
	                           sizeof(reason));
	require(rc == 0, "bwrap: %s", reason);
	assert_string_equal(reason, "bwrap works");
	/* auto picks bwrap, never none */
	assert_int_equal(securer_backend_probe(SECURER_BACKEND_AUTO, NULL,
	                                       reason, sizeof(reason)),
	                 0);
	assert_string_equal(reason, "bwrap works");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    BOTH(test_exit_code),
	    BOTH(test_signal),
	    BOTH(test_exec_failure),
	    cmocka_unit_test(test_refused_start),
	    BOTH(test_timeout),
	    BOTH(test_daemon_timeout),
	    BOTH(test_daemon_after_exit),
	    BOTH(test_kill),
	    {"test_kill_stuck_reaper", test_kill_stuck_reaper, NULL, NULL,
	     &backend_none},
	    BOTH(test_free_running),
	    BOTH(test_pidfd),
	    BOTH(test_late_wait),
	    cmocka_unit_test(test_process_storm),
	    cmocka_unit_test(test_backend_probe),
	};

	/* Fixed width, so no token is a substring of another run's. */
	for (int i = 0; i < T_COUNT; i++)
		for (int b = 0; b < 2; b++)
			snprintf(tokens[i][b], sizeof(tokens[i][b]), "%s%07d",
			         token_base[i][b], (int)getpid());
	return cmocka_run_group_tests(tests, NULL, teardown);
}
