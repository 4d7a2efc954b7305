/*
 * test_spawn.c - the fork/exec plumbing every backend shares: which fds the
 * command gets, its session, no_new_privs and its stdio.
 *
 * The sandbox cases run under each backend (the test's state says which):
 * spawn's guarantees hold for none as much as for bwrap.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "internal.h"
#include "support.h"

static securer_backend backend_none = SECURER_BACKEND_NONE;
static securer_backend backend_bwrap = SECURER_BACKEND_BWRAP;

/* One test per backend, named after it. */
#define BOTH(fn)                                                               \
	{#fn "(none)", fn, NULL, NULL, &backend_none},                         \
	{                                                                      \
#fn "(bwrap)", fn, NULL, NULL, &backend_bwrap                  \
	}

/* Reads |fd| until EOF into |buf| (NUL-terminated). */
static void read_all(int fd, char *buf, size_t size)
{
	size_t got = 0;

	for (;;) {
		ssize_t n = read(fd, buf + got, size - 1 - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0 || (got += (size_t)n) == size - 1)
			break;
	}
	buf[got] = '\0';
}

/* ---- securer__close_fds_except ----------------------------------------- */

/* In a forked child: fds 10 11 12 13 50 200 open on /dev/null, |keep|
 * kept from |lowest| up, then a bitmask of which of 0..2 and the six are
 * still open, written to the report pipe (kept as fd 60). */
static unsigned closed_child(int lowest, const int *keep, size_t n_keep)
{
	static const int fds[] = {0, 1, 2, 10, 11, 12, 13, 50, 200};
	unsigned before = 0, after = 0, all = (1u << 9) - 1;
	int p[2], null;
	pid_t pid;
	int st;

	assert_int_equal(pipe2(p, O_CLOEXEC), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		if (dup2(p[1], 60) < 0 ||
		    (null = open("/dev/null", O_RDWR)) < 0)
			_exit(1);
		for (size_t i = 0; i < sizeof(fds) / sizeof(fds[0]); i++) {
			if (fds[i] > 2 && dup2(null, fds[i]) < 0)
				_exit(1);
		}
		close(null);
		for (size_t i = 0; i < sizeof(fds) / sizeof(fds[0]); i++)
			if (fcntl(fds[i], F_GETFD) >= 0)
				before |= 1u << i;
		securer__close_fds_except(lowest, keep, n_keep);
		for (size_t i = 0; i < sizeof(fds) / sizeof(fds[0]); i++)
			if (fcntl(fds[i], F_GETFD) >= 0)
				after |= 1u << i;
		/* Nothing proves anything unless every fd was open before. */
		after |= before == all ? 0 : 1u << 31;
		_exit(write(60, &after, sizeof(after)) == sizeof(after) ? 0
		                                                        : 1);
	}
	close(p[1]);
	assert_int_equal(read(p[0], &after, sizeof(after)), sizeof(after));
	close(p[0]);
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	assert_int_equal(after & (1u << 31), 0);
	return after;
}

static void test_close_fds_except(void **state)
{
	/* Unsorted on purpose: the function sorts its copy. */
	const int keep[] = {50, 60, 11};
	const int keep_out[] = {60, 1};
	const int keep_report[] = {60};
	/* bits: 0 1 2 10 11 12 13 50 200 */
	unsigned mask;

	(void)state;
	mask = closed_child(3, keep, 3);
	assert_int_equal(mask, (1u << 0) | (1u << 1) | (1u << 2) | (1u << 4) |
	                           (1u << 7));
	/* From 0: stdio not kept is closed too. */
	mask = closed_child(0, keep_out, 2);
	assert_int_equal(mask, 1u << 1);
	/* Nothing kept but the report pipe: everything else from 3 goes. */
	mask = closed_child(3, keep_report, 1);
	assert_int_equal(mask, (1u << 0) | (1u << 1) | (1u << 2));
}

/* ---- fds seen by the command ------------------------------------------- */

/* argv for `probe fds` (at host |path|) under |b|, with |policy| binding
 * it when needed. */
static void probe_fds_argv(securer_backend b, securer_policy *policy,
                           const char *path, const char *argv[3])
{
	argv[0] = path;
	argv[1] = "fds";
	argv[2] = NULL;
	if (b == SECURER_BACKEND_BWRAP) {
		assert_int_equal(
		    securer_policy_add_ro_bind(policy, path, "/probe"), 0);
		argv[0] = "/probe";
	}
}

static void test_fds_not_inherited(void **state)
{
	securer_backend b = test_backend_param(state);
	securer_policy *policy;
	int null, leak, pipe_fds[2], leak_pipe, to5[2];
	const char *argv[3];
	char path[4096], want[64], buf[256];
	struct test_run *r;
	securer_fd_map map;

	test_build_path("tests/probe", path, sizeof(path));
	require(access(path, X_OK) == 0, "probe not built at %s", path);
	r = calloc(1, sizeof(*r));
	policy = securer_policy_new();
	assert_non_null(r);
	assert_non_null(policy);
	probe_fds_argv(b, policy, path, argv);
	/* Descriptors the test "forgot" to mark close-on-exec. */
	null = open("/dev/null", O_RDONLY);
	assert_true(null >= 0);
	leak = fcntl(null, F_DUPFD, 40);
	assert_true(leak >= 40);
	close(null);
	assert_int_equal(pipe(pipe_fds), 0);
	leak_pipe = fcntl(pipe_fds[1], F_DUPFD, 45);
	assert_true(leak_pipe >= 45);
	assert_int_equal(fcntl(leak, F_GETFD) & FD_CLOEXEC, 0);

	/* Control: a plain fork + exec of the probe lists them. */
	{
		int out[2];
		pid_t pid;

		assert_int_equal(pipe2(out, O_CLOEXEC), 0);
		pid = fork();
		assert_true(pid >= 0);
		if (pid == 0) {
			dup2(out[1], 1);
			execl(path, path, "fds", (char *)NULL);
			_exit(127);
		}
		close(out[1]);
		read_all(out[0], buf, sizeof(buf));
		close(out[0]);
		assert_int_equal(waitpid(pid, NULL, 0), pid);
		snprintf(want, sizeof(want), "\n%d\n", leak);
		assert_non_null(strstr(buf, want));
	}

	assert_int_equal(test_run_sandbox(r, b, policy, argv, NULL, NULL, 0),
	                 0);
	assert_true(r->st.exited && r->st.exit_code == 0);
	assert_string_equal(r->out, "0\n1\n2\n");

	/* A mapped fd arrives at its number, and only it. */
	assert_int_equal(pipe2(to5, O_CLOEXEC), 0);
	map.parent_fd = to5[1];
	map.child_fd = 5;
	assert_int_equal(test_run_sandbox(r, b, policy, argv, NULL, &map, 1),
	                 0);
	assert_string_equal(r->out, "0\n1\n2\n5\n");

	/* ...and works: what the command writes to 5 reaches the test. */
	{
		const char *sh[] = {"sh", "-c", "echo through-five >&5", NULL};

		assert_int_equal(
		    test_run_sandbox(r, b, policy, sh, NULL, &map, 1), 0);
		close(to5[1]);
		read_all(to5[0], buf, sizeof(buf));
		close(to5[0]);
		assert_string_equal(buf, "through-five\n");
	}

	close(leak);
	close(leak_pipe);
	close(pipe_fds[0]);
	close(pipe_fds[1]);
	securer_policy_free(policy);
	free(r);
}

/* ---- session, no_new_privs ---------------------------------------------- */

/* Field |n| (1-based, counted after the comm field's ')') of a stat line. */
static long stat_field(const char *stat, int n)
{
	const char *p = strrchr(stat, ')');
	long v = -1;

	assert_non_null(p);
	p += 2; /* field 3: state */
	for (int i = 3; i < n; i++) {
		p = strchr(p, ' ');
		assert_non_null(p);
		p++;
	}
	sscanf(p, "%ld", &v);
	return v;
}

static void test_own_session(void **state)
{
	securer_backend b = test_backend_param(state);
	const char *argv[] = {"cat", "/proc/self/stat", NULL};
	const char *block[] = {"sh", "-c", "read x", NULL};
	securer_policy *p = securer_policy_new();
	securer_sandbox *sb;
	securer_start_opts o;
	securer_status st;
	struct test_run *r = calloc(1, sizeof(*r));
	int in[2];
	long session, ppid;
	pid_t top, plain;

	assert_non_null(r);
	assert_non_null(p);
	/* Control: a plain child shares our session, so the comparison
	 * below can tell the two apart. */
	plain = fork();
	assert_true(plain >= 0);
	if (plain == 0) {
		pause();
		_exit(0);
	}
	assert_int_equal(getsid(plain), getsid(0));
	kill(plain, SIGKILL);
	waitpid(plain, NULL, 0);

	/* From the host: the top process leads a session of its own. */
	sb = securer_sandbox_new(p, b);
	assert_non_null(sb);
	securer_policy_free(p);
	assert_int_equal(pipe2(in, O_CLOEXEC), 0);
	securer_start_opts_init(&o);
	o.stdin_fd = in[0];
	assert_int_equal(securer_sandbox_start(sb, block, &o), 0);
	close(in[0]);
	top = securer_sandbox_pid(sb);
	assert_true(top > 0);
	assert_int_equal(getsid(top), top);
	assert_int_not_equal(getsid(top), getsid(0));
	close(in[1]); /* EOF: `read` returns */
	assert_int_equal(securer_sandbox_run_to_end(sb, -1, &st), 0);
	assert_true(st.exited);
	securer_sandbox_free(sb);

	/* From inside: the command is in that session, not ours. */
	assert_int_equal(test_run_sandbox(r, b, NULL, argv, NULL, NULL, 0), 0);
	session = stat_field(r->out, 6);
	ppid = stat_field(r->out, 4);
	assert_true(session > 0);
	if (b == SECURER_BACKEND_BWRAP) {
		/* pids of the sandbox's namespace: securer-init is 1 */
		assert_int_equal(ppid, 1);
		assert_int_equal(session, 1);
	} else {
		/* the reaper (securer-init) is the session leader */
		assert_int_equal(session, ppid);
		assert_int_not_equal(session, getsid(0));
	}
	free(r);
}

static void test_no_new_privs(void **state)
{
	securer_backend b = test_backend_param(state);
	const char *argv[] = {"cat", "/proc/self/status", NULL};
	char *own = securer__read_file("/proc/self/status", 1 << 16);
	bool without = own && strstr(own, "NoNewPrivs:\t0\n");
	struct test_run *r;

	free(own);
	require(without, "the test already runs with no_new_privs: cannot "
	                 "show that spawn sets it");
	r = calloc(1, sizeof(*r));
	assert_non_null(r);
	assert_int_equal(test_run_sandbox(r, b, NULL, argv, NULL, NULL, 0), 0);
	assert_non_null(strstr(r->out, "NoNewPrivs:\t1\n"));
	free(r);
}

/* ---- stdio ------------------------------------------------------------- */

/* Runs `cat` with |input| on stdin (NULL: stdin_fd -1) and returns what it
 * printed in |out|. */
static void cat_stdin(securer_backend b, const char *input, char *out,
                      size_t size, securer_status *st)
{
	const char *argv[] = {"cat", NULL};
	securer_policy *p = securer_policy_new();
	securer_sandbox *sb;
	securer_start_opts o;
	int in[2], pout[2];

	assert_non_null(p);
	sb = securer_sandbox_new(p, b);
	assert_non_null(sb);
	securer_policy_free(p);
	assert_int_equal(pipe2(in, O_CLOEXEC), 0);
	assert_int_equal(pipe2(pout, O_CLOEXEC), 0);
	securer_start_opts_init(&o);
	o.stdout_fd = pout[1];
	if (input)
		o.stdin_fd = in[0];
	assert_int_equal(securer_sandbox_start(sb, argv, &o), 0);
	close(pout[1]);
	close(in[0]);
	if (input)
		assert_int_equal(write(in[1], input, strlen(input)),
		                 (ssize_t)strlen(input));
	/* With stdin -1 the pipe is not the command's: closing it is not
	 * what ends `cat`, /dev/null's EOF is.  Close it only after the run
	 * ended, so a `cat` reading the pipe would hang and fail. */
	if (input)
		close(in[1]);
	read_all(pout[0], out, size);
	close(pout[0]);
	assert_int_equal(securer_sandbox_run_to_end(sb, -1, st), 0);
	if (!input)
		close(in[1]);
	securer_sandbox_free(sb);
}

static void test_stdio(void **state)
{
	securer_backend b = test_backend_param(state);
	const char *argv[] = {"sh", "-c", "echo to-out; echo to-err >&2", NULL};
	struct test_run *r = calloc(1, sizeof(*r));
	securer_status st;
	char out[256];

	assert_non_null(r);
	cat_stdin(b, "hello through stdin\n", out, sizeof(out), &st);
	assert_string_equal(out, "hello through stdin\n");
	assert_true(st.exited && st.exit_code == 0);
	cat_stdin(b, NULL, out, sizeof(out), &st);
	assert_string_equal(out, "");
	assert_false(st.timed_out);
	assert_true(st.exited && st.exit_code == 0);

	assert_int_equal(test_run_sandbox(r, b, NULL, argv, NULL, NULL, 0), 0);
	assert_string_equal(r->out, "to-out\n");
	assert_string_equal(r->err, "to-err\n");
	free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_close_fds_except),
	    BOTH(test_fds_not_inherited),
	    BOTH(test_own_session),
	    BOTH(test_no_new_privs),
	    BOTH(test_stdio),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
