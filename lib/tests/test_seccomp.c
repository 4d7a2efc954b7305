/*
 * test_seccomp.c - the deny filter, installed for real.
 *
 * Each check runs the probe (a program built without sanitizers) in a
 * forked child that installs the compiled filter and immediately execs: the
 * filter never runs in this ASan-instrumented process.  Every filtered run
 * has a control run of the same program without the filter, so a check
 * that passes only because the kernel refuses the call anyway fails.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "internal.h"
#include "support.h"

/* When the unfiltered kernel is known to answer a probe line with
 * something other than the filter's errno. */
enum control {
	SAME,     /* the call is allowed: both runs answer 0 */
	ALWAYS,   /* bad arguments fail before any permission check */
	AS_ROOT,  /* an unprivileged caller gets EPERM from the kernel too */
	IO_URING, /* unless kernel.io_uring_disabled forbids it */
};

static const struct expect {
	const char *name;
	int filtered; /* errno under the filter (network none) */
	enum control control;
} expected[] = {
    {"unshare", EPERM, AS_ROOT},
    {"clone_newuser", EPERM, AS_ROOT},
    {"clone3", ENOSYS, ALWAYS},
    {"setns", EPERM, ALWAYS},
    {"keyctl", EPERM, ALWAYS},
    {"bpf", EPERM, AS_ROOT},
    {"perf_event_open", EPERM, ALWAYS},
    {"io_uring_setup", EPERM, IO_URING},
    {"mount", EPERM, ALWAYS},
    {"chroot", EPERM, ALWAYS},
    {"open_by_handle_at", EPERM, AS_ROOT},
    {"kexec_load", EPERM, AS_ROOT},
    {"init_module", EPERM, AS_ROOT},
    {"process_vm_readv", EPERM, ALWAYS},
    {"ioctl_tiocsti_high", EPERM, ALWAYS},
    {"ioctl_tiocsetd", EPERM, ALWAYS},
    {"mknod_dev", EPERM, ALWAYS},
    {"mknod_fifo", ENOENT, SAME},
    {"personality_change", EPERM, ALWAYS},
    {"personality_query", 0, SAME},
    {"socket_inet", EPERM, ALWAYS},
    {"socket_unix", 0, SAME},
    {"socket_inet6", EPERM, ALWAYS},
    {"socket_netlink", EPERM, ALWAYS},
    {"socket_vsock", EPERM, ALWAYS}, /* else 0 or EAFNOSUPPORT */
    {"socket_packet", EPERM, AS_ROOT},
    {"socket_alg", EPERM, ALWAYS}, /* else 0 or EAFNOSUPPORT */
    {"memfd_create", EPERM, ALWAYS},
    {"shmget", EPERM, ALWAYS},
    {"msgget", EPERM, ALWAYS},
    {"chmod_setuid", EPERM, ALWAYS},
    {"chmod_plain", ENOENT, SAME},
    {"open_setuid", EPERM, ALWAYS},
    {"openat2", ENOSYS, ALWAYS},
};
#define N_EXPECTED (sizeof(expected) / sizeof(expected[0]))

struct result {
	char out[8192];
	int wstatus;
};

/* Compiles the filter of a default policy changed by |net| and |deny|. */
static void compile(securer_net net, const char *deny, void **bpf, size_t *len)
{
	securer_policy *p = securer_policy_new();
	char err[SECURER__ERR_SIZE] = "";

	assert_non_null(p);
	assert_int_equal(securer_policy_set_network(p, net), 0);
	if (deny)
		assert_int_equal(securer_policy_deny_syscall(p, deny), 0);
	if (securer__seccomp_compile(p, bpf, len, err) != 0)
		fail_msg("seccomp compile: %s", err);
	assert_true(*len > 0);
	assert_int_equal(*len % sizeof(struct sock_filter), 0);
	securer_policy_free(p);
}

/* Runs argv with stdin /dev/null and stdout captured, under the filter
 * |bpf| (NULL: unfiltered control).  Between fork and exec the child only
 * makes raw syscalls. */
static void run(const void *bpf, size_t len, const char *const argv[],
                struct result *r)
{
	struct sock_fprog prog = {
	    .len = (unsigned short)(len / sizeof(struct sock_filter)),
	    .filter = (struct sock_filter *)bpf,
	};
	int out[2], null = open("/dev/null", O_RDONLY | O_CLOEXEC);
	size_t got = 0;
	pid_t pid;

	assert_true(null >= 0);
	assert_int_equal(pipe2(out, O_CLOEXEC), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		/* stdin /dev/null: TIOCSTI must never reach a real tty. */
		if (dup2(null, 0) < 0 || dup2(out[1], 1) < 0)
			_exit(120);
		if (bpf &&
		    (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ||
		     prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) < 0))
			_exit(121);
		execv(argv[0], (char *const *)argv);
		_exit(122);
	}
	close(out[1]);
	close(null);
	for (;;) {
		ssize_t n =
		    read(out[0], r->out + got, sizeof(r->out) - 1 - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
		if (got == sizeof(r->out) - 1)
			break;
	}
	r->out[got] = '\0';
	close(out[0]);
	while (waitpid(pid, &r->wstatus, 0) < 0)
		assert_int_equal(errno, EINTR);
}

/* The errno the probe reported for |name|; fails when it is missing. */
static int line(const struct result *r, const char *name)
{
	size_t len = strlen(name);
	const char *p = r->out;

	while (p && *p) {
		if (strncmp(p, name, len) == 0 && p[len] == ' ')
			return atoi(p + len + 1);
		if ((p = strchr(p, '\n')))
			p++;
	}
	fail_msg("probe printed no line for %s:\n%s", name, r->out);
	return -1;
}

static const char *probe_path(char *buf, size_t size)
{
	test_build_path("tests/probe", buf, size);
	require(access(buf, X_OK) == 0, "probe not built at %s", buf);
	return buf;
}

/* Every line the probe prints is in |expected|: a new probe line without
 * an expectation fails here instead of going unchecked. */
static void assert_all_known(const struct result *r)
{
	char name[64];
	const char *p = r->out;
	int n = 0;

	while (sscanf(p, "%63s", name) == 1) {
		bool known = false;

		for (size_t i = 0; i < N_EXPECTED; i++)
			known |= strcmp(expected[i].name, name) == 0;
		if (!known)
			fail_msg("probe line '%s' has no expectation", name);
		n++;
		if (!(p = strchr(p, '\n')))
			break;
		p++;
	}
	assert_int_equal(n, N_EXPECTED);
}

static bool control_differs(enum control c)
{
	if (c == AS_ROOT)
		return geteuid() == 0;
	if (c == IO_URING) {
		long long v =
		    securer__read_sysctl("/proc/sys/kernel/io_uring_disabled");

		return v <= 0 || (v == 1 && geteuid() == 0);
	}
	return c == ALWAYS;
}

static void test_table_size(void **state)
{
	(void)state;
	assert_true(securer__seccomp_table_size() >= 60);
}

static void test_deny_network_none(void **state)
{
	char probe[4096];
	const char *argv[] = {probe_path(probe, sizeof(probe)), "syscalls",
	                      NULL};
	struct result filtered, control;
	void *bpf = NULL;
	size_t len = 0;
	int checked = 0;

	(void)state;
	compile(SECURER_NET_NONE, NULL, &bpf, &len);
	run(bpf, len, argv, &filtered);
	run(NULL, 0, argv, &control);
	free(bpf);
	assert_true(WIFEXITED(filtered.wstatus));
	assert_int_equal(WEXITSTATUS(filtered.wstatus), 0);
	assert_true(WIFEXITED(control.wstatus));
	assert_all_known(&filtered);
	assert_all_known(&control);
	for (size_t i = 0; i < N_EXPECTED; i++) {
		const struct expect *e = &expected[i];
		int f = line(&filtered, e->name), c = line(&control, e->name);

		if (f != e->filtered)
			fail_msg("%s: errno %d under the filter, want %d",
			         e->name, f, e->filtered);
		if (e->control == SAME && c != f)
			fail_msg("%s: %d without the filter, %d with it",
			         e->name, c, f);
		if (control_differs(e->control)) {
			if (c == f)
				fail_msg(
				    "%s: the kernel answers %d without the "
				    "filter too: the check proves nothing",
				    e->name, c);
			checked++;
		}
	}
	/* The calls every kernel answers differently are always checked. */
	assert_int_equal(line(&control, "socket_inet"), 0);
	assert_int_equal(line(&control, "personality_change"), 0);
	assert_true(checked >= 9);
}

/* Network loopback: the families its own namespace fences in are
 * allowed; vsock (the hypervisor, other guests: no namespace fences it),
 * packet and alg stay denied. */
static void test_deny_network_loopback(void **state)
{
	static const struct {
		const char *name;
		int filtered;
	} loopback[] = {
	    {"socket_inet", 0},      {"socket_unix", 0},
	    {"socket_inet6", 0},     {"socket_netlink", 0},
	    {"socket_vsock", EPERM}, {"socket_packet", EPERM},
	    {"socket_alg", EPERM},
	};
	char probe[4096];
	const char *argv[] = {probe_path(probe, sizeof(probe)), "syscalls",
	                      NULL};
	struct result r;
	void *bpf = NULL;
	size_t len = 0;

	(void)state;
	compile(SECURER_NET_LOOPBACK, NULL, &bpf, &len);
	run(bpf, len, argv, &r);
	free(bpf);
	assert_true(WIFEXITED(r.wstatus));
	for (size_t i = 0; i < N_EXPECTED; i++) {
		int want = expected[i].filtered;

		/* the network rule is the only one that depends on the
		 * policy */
		for (size_t j = 0; j < sizeof(loopback) / sizeof(loopback[0]);
		     j++)
			if (strcmp(loopback[j].name, expected[i].name) == 0)
				want = loopback[j].filtered;
		if (line(&r, expected[i].name) != want)
			fail_msg("%s: errno %d under the loopback filter, "
			         "want %d",
			         expected[i].name, line(&r, expected[i].name),
			         want);
	}
}

static void test_x32_killed(void **state)
{
	char probe[4096];
	const char *argv[] = {probe_path(probe, sizeof(probe)), "x32", NULL};
	struct result filtered, control;
	void *bpf = NULL;
	size_t len = 0;

	(void)state;
	compile(SECURER_NET_NONE, NULL, &bpf, &len);
	run(bpf, len, argv, &filtered);
	run(NULL, 0, argv, &control);
	free(bpf);
	if (!WIFSIGNALED(filtered.wstatus) ||
	    WTERMSIG(filtered.wstatus) != SIGSYS)
		fail_msg(
		    "x32 syscall under the filter: status 0x%x, output '%s'",
		    filtered.wstatus, filtered.out);
	assert_null(strstr(filtered.out, "x32 "));
	/* Without the filter the same call returns (ENOSYS on kernels
	 * without x32): the kill is the filter's doing. */
	assert_true(WIFEXITED(control.wstatus));
	assert_int_equal(WEXITSTATUS(control.wstatus), 0);
	assert_non_null(strstr(control.out, "x32 "));
}

/* syscalls.deny adds to the table: getcwd fails only when denied. */
static void test_policy_deny(void **state)
{
	const char *argv[] = {"/usr/bin/python3", "-c",
	                      "import os, sys\n"
	                      "try:\n"
	                      "    print('cwd', os.getcwd())\n"
	                      "except OSError as e:\n"
	                      "    print('errno', e.errno)\n",
	                      NULL};
	struct result denied, allowed;
	char expect[4200], cwd[4096];
	void *bpf = NULL;
	size_t len = 0;

	(void)state;
	require(access(argv[0], X_OK) == 0, "%s is not installed", argv[0]);
	assert_non_null(getcwd(cwd, sizeof(cwd)));
	compile(SECURER_NET_NONE, "getcwd", &bpf, &len);
	run(bpf, len, argv, &denied);
	free(bpf);
	compile(SECURER_NET_NONE, NULL, &bpf, &len);
	run(bpf, len, argv, &allowed);
	free(bpf);
	snprintf(expect, sizeof(expect), "cwd %s\n", cwd);
	assert_string_equal(allowed.out, expect);
	assert_string_equal(denied.out, "errno 1\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_table_size),
	    cmocka_unit_test(test_deny_network_none),
	    cmocka_unit_test(test_deny_network_loopback),
	    cmocka_unit_test(test_x32_killed),
	    cmocka_unit_test(test_policy_deny),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
