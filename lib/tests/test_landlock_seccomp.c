/*
 * test_landlock_seccomp.c - the seccomp rows that stand in for the
 * namespaces under the landlock backend, installed for real.
 *
 * The probe ("probe nons") makes each call with a pid or uid that exists
 * nowhere, or arguments every kernel refuses with its own errno, so a row
 * only passes when the filter answered.  Each program runs three times:
 * under the landlock filter, under bwrap's filter of the same policy (the
 * rows must not reach it: its namespaces already do their work) and
 * unfiltered (the control).  The filter is installed in a forked child
 * that immediately execs: never in this possibly sanitized process.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "internal.h"
#include "support.h"

static const struct row {
	const char *name;
	int landlock;   /* errno under the landlock filter (network none) */
	int bwrap;      /* under bwrap's */
	int unfiltered; /* -1: whatever the kernel says, but not |landlock| */
} rows[] = {
    {"socket_unix", EPERM, 0, 0},
    {"socket_unix_high", EPERM, EPERM, 0}, /* bwrap: not AF_UNIX for it */
    {"socketpair_unix_stream", 0, 0, 0},
    {"socketpair_unix_dgram", EPERM, 0, 0},
    {"socketpair_inet", EPERM, EPERM, EOPNOTSUPP}, /* network none */
    {"shmget", EPERM, EPERM, EINVAL}, /* bwrap too: memory no limit counts */
    {"semget", EPERM, EINVAL, EINVAL},
    {"msgget", EPERM, EPERM, ENOENT}, /* bwrap too: the same */
    {"mq_open", EPERM, ENOENT, ENOENT},
    {"prlimit_self", 0, 0, 0},
    {"prlimit_other", EPERM, ESRCH, ESRCH},
    {"sched_setaffinity_other", EPERM, ESRCH, ESRCH},
    {"setpriority_self", 0, 0, 0},
    {"setpriority_other", EPERM, ESRCH, ESRCH},
    {"setpriority_user", EPERM, -1, -1},
    {"ioprio_set_other", EPERM, ESRCH, ESRCH},
};
#define N_ROWS (sizeof(rows) / sizeof(rows[0]))

static void compile(bool no_namespaces, securer_net net, void **bpf,
                    size_t *len)
{
	securer_policy *p = securer_policy_new();
	char err[SECURER__ERR_SIZE] = "";

	assert_non_null(p);
	assert_int_equal(securer_policy_set_network(p, net), 0);
	if (securer__seccomp_compile_for(p, no_namespaces, bpf, len, err) != 0)
		fail_msg("seccomp compile: %s", err);
	securer_policy_free(p);
}

/* The probe's output under |bpf| (NULL: none). */
static void run(const void *bpf, size_t len, char *out, size_t size)
{
	char probe[4096];
	struct sock_fprog prog = {
	    .len = (unsigned short)(len / sizeof(struct sock_filter)),
	    .filter = (struct sock_filter *)bpf,
	};
	int pipefd[2], ws;
	size_t got = 0;
	pid_t pid;

	test_build_path("tests/probe", probe, sizeof(probe));
	require(access(probe, X_OK) == 0, "probe not built at %s", probe);
	assert_int_equal(pipe2(pipefd, O_CLOEXEC), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		if (dup2(pipefd[1], 1) < 0)
			_exit(120);
		if (bpf &&
		    (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ||
		     prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) < 0))
			_exit(121);
		execl(probe, probe, "nons", (char *)NULL);
		_exit(122);
	}
	close(pipefd[1]);
	for (ssize_t n; got + 1 < size &&
	                (n = read(pipefd[0], out + got, size - 1 - got)) != 0;)
		if (n > 0)
			got += (size_t)n;
		else if (errno != EINTR)
			break;
	out[got] = '\0';
	close(pipefd[0]);
	while (waitpid(pid, &ws, 0) < 0)
		assert_int_equal(errno, EINTR);
	assert_true(WIFEXITED(ws) && WEXITSTATUS(ws) == 0);
}

static int line(const char *out, const char *name)
{
	char want[80];
	const char *at;

	snprintf(want, sizeof(want), "%s ", name);
	for (at = out; (at = strstr(at, want)); at++)
		if (at == out || at[-1] == '\n')
			return atoi(at + strlen(want));
	fail_msg("probe printed no line for %s:\n%s", name, out);
	return -1;
}

static void test_rows(void **state)
{
	char landlock[4096], bwrap[4096], bare[4096];
	void *bpf = NULL;
	size_t len = 0;
	int lines = 0;

	(void)state;
	compile(true, SECURER_NET_NONE, &bpf, &len);
	run(bpf, len, landlock, sizeof(landlock));
	free(bpf);
	compile(false, SECURER_NET_NONE, &bpf, &len);
	run(bpf, len, bwrap, sizeof(bwrap));
	free(bpf);
	run(NULL, 0, bare, sizeof(bare));
	for (size_t i = 0; i < N_ROWS; i++) {
		const struct row *r = &rows[i];
		int l = line(landlock, r->name), b = line(bwrap, r->name),
		    u = line(bare, r->name);

		if (l != r->landlock || (r->bwrap >= 0 && b != r->bwrap))
			fail_msg(
			    "%s: landlock %d (want %d), bwrap %d (want %d)",
			    r->name, l, r->landlock, b, r->bwrap);
		if (r->unfiltered >= 0 ? u != r->unfiltered : u == l)
			fail_msg("%s: unfiltered %d: the check proves nothing",
			         r->name, u);
	}
	for (const char *p = landlock; (p = strchr(p, '\n')); p++)
		lines++;
	assert_int_equal(lines, N_ROWS); /* every probe line is checked */
}

/* Under network host the landlock filter still refuses the host's unix
 * sockets, and lets TCP sockets be made. */
static void test_host_network(void **state)
{
	char out[4096];
	void *bpf = NULL;
	size_t len = 0;

	(void)state;
	compile(true, SECURER_NET_HOST, &bpf, &len);
	run(bpf, len, out, sizeof(out));
	free(bpf);
	assert_int_equal(line(out, "socket_unix"), EPERM);
	assert_int_equal(line(out, "socket_unix_high"), EPERM);
	assert_int_equal(line(out, "socketpair_unix_dgram"), EPERM);
	assert_int_equal(line(out, "socketpair_inet"), EOPNOTSUPP);
	assert_int_equal(line(out, "shmget"), EPERM);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_rows),
	    cmocka_unit_test(test_host_network),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
