/*
 * test_spare.c - the spare reaper (spare.c): from a thread's second
 * one-shot none or landlock start on, the next run's securer-init is
 * started early and waits; what it must not change.
 *
 *   - It is used: the third run's top process is the spare that waited
 *     after the second, and a new one waits after it.
 *   - A run it serves is confined exactly as a run spawned directly: the
 *     same credentials, capabilities, no_new_privs, seccomp, limits,
 *     descriptors and environment in the command, and the same effect on a
 *     file outside the policy (unchanged under landlock).
 *   - Its resident-set figure is the run's, however large the caller.
 *   - A caller whose state changed since it was made (umask, a limit) does
 *     not use it: it is killed and reaped, and the run sees the new state.
 *   - Nor does a landlock run whose policy makes another seccomp filter
 *     than the one the spare loaded ahead; and a policy's syscalls.deny
 *     never goes on the spare itself (a daemon is still killed with
 *     prctl denied).
 *   - A caller that became another user ends its spare without hanging.
 *   - A fork of the caller never uses its parent's spare; the parent still
 *     does.
 *   - It ends with its thread, reaped: no process, no zombie; or when the
 *     caller asks (securer_spares_release), with nothing left to wait for.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "support.h"

#define MiB (1024 * 1024)

static const securer_backend none = SECURER_BACKEND_NONE;
static const securer_backend landlock = SECURER_BACKEND_LANDLOCK;

#define MAX_SPARES 8

/* The idle spares among this process's children ("securer-init -W 3"),
 * into |pids|: how many. */
static int idle_spares(pid_t pids[MAX_SPARES])
{
	static const char want[] = "securer-init\0-W\0"
	                           "3";
	DIR *d = opendir("/proc");
	struct dirent *e;
	pid_t self = getpid();
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d)) && n < MAX_SPARES) {
		char path[64], buf[256], *paren;
		int p = atoi(e->d_name), fd;
		ssize_t len;

		if (p <= 0)
			continue;
		snprintf(path, sizeof(path), "/proc/%d/stat", p);
		if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
			continue;
		len = read(fd, buf, sizeof(buf) - 1);
		close(fd);
		buf[len > 0 ? len : 0] = '\0';
		paren = strrchr(buf, ')');
		if (!paren || paren[2] == 'Z' || atoi(paren + 4) != self)
			continue;
		snprintf(path, sizeof(path), "/proc/%d/cmdline", p);
		if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
			continue;
		len = read(fd, buf, sizeof(buf));
		close(fd);
		if (len == (ssize_t)sizeof(want) &&
		    memcmp(buf, want, sizeof(want)) == 0)
			pids[n++] = p;
	}
	closedir(d);
	return n;
}

/* The idle spares not in |before|: how many, the last in *found. */
static int fresh_spares(const pid_t *before, int n_before, pid_t *found)
{
	pid_t now[MAX_SPARES];
	int n = idle_spares(now), fresh = 0;

	*found = 0;
	for (int i = 0; i < n; i++) {
		bool old = false;

		for (int j = 0; j < n_before; j++)
			old |= now[i] == before[j];
		if (!old) {
			*found = now[i];
			fresh++;
		}
	}
	return fresh;
}

/* The one idle spare not in |before|.  A spare shows its command line
 * only once its exec is through, which its vfork parent does not wait
 * for (it resumes when the old memory is dropped): on a busy machine
 * that can be after a whole run, so it is looked for again for up to
 * 5 s. */
static pid_t new_spare(const pid_t *before, int n_before)
{
	pid_t found = 0;
	int fresh = 0;

	for (int i = 0; i < 500; i++) {
		if ((fresh = fresh_spares(before, n_before, &found)) == 1)
			break;
		usleep(10 * 1000);
	}
	assert_int_equal(fresh, 1);
	return found;
}

static void run_ok(struct test_run *r, securer_backend b,
                   const securer_policy *p, const char *const argv[])
{
	int rc = test_run_sandbox(r, b, p, argv, NULL, NULL, 0);

	if (rc != 0 || !r->st.exited || r->st.exit_code != 0)
		fail_msg("run failed (%d, exit %d): %s%s", rc, r->st.exit_code,
		         r->msg, r->err);
}

/* Two starts (a test before may have left this thread a spare of either
 * kind): the third finds the one the second made.  Its pid. */
static pid_t warm_with(securer_backend b, const securer_policy *p)
{
	const char *t[] = {"true", NULL};
	struct test_run *r = calloc(1, sizeof(*r));
	pid_t before[MAX_SPARES], spare;
	int n;

	assert_non_null(r);
	run_ok(r, b, p, t);
	n = idle_spares(before);
	run_ok(r, b, p, t);
	spare = new_spare(before, n);
	free(r);
	return spare;
}

static pid_t warm(securer_backend b)
{
	return warm_with(b, NULL);
}

static void used_and_replaced(void **state)
{
	securer_backend b = test_backend_param(state);
	const char *echo[] = {"sh", "-c", "echo served", NULL};
	struct test_run *r = calloc(1, sizeof(*r));
	pid_t spare = warm(b), before[MAX_SPARES];
	int n = idle_spares(before);

	assert_non_null(r);
	run_ok(r, b, NULL, echo);
	assert_int_equal(r->pid, spare);
	assert_string_equal(r->out, "served\n");
	assert_true(new_spare(before, n) != spare);
	free(r);
}

/* What the command sees of its own confinement, with nothing that differs
 * from run to run (the private directories' names): its capabilities,
 * no_new_privs, seccomp mode and bounding set (by system call: under
 * landlock /proc/self/status is not readable), then its descriptors,
 * environment names and limits, then whether it could write $1. */
static const char *const probe_sh =
    "python3 -c 'import ctypes\n"
    "c = ctypes.CDLL(None, use_errno=True)\n"
    "h = (ctypes.c_uint32 * 2)(0x20080522, 0)\n"
    "d = (ctypes.c_uint32 * 6)()\n"
    "print(\"caps\", c.capget(h, d), list(d))\n"
    "print(\"nnp\", c.prctl(39, 0, 0, 0, 0), \"seccomp\", "
    "c.prctl(21, 0, 0, 0, 0))\n"
    "print(\"bset\", sum(c.prctl(23, i, 0, 0, 0) == 1 "
    "for i in range(64)))\n"
    "print(\"unshare\", c.unshare(0), ctypes.get_errno())'; "
    "ls /proc/self/fd | wc -l; "
    "env | cut -d= -f1 | sort | tr '\\n' ' '; echo; ulimit -a; "
    "(echo changed > \"$1\") 2>/dev/null; echo \"write $?\"";

struct probe {
	securer_backend b;
	const char *target;
	struct test_run r;
};

/* In a thread of its own: a first start there, spawned directly. */
static void *probe_direct(void *arg)
{
	struct probe *pr = arg;
	const char *argv[] = {"sh", "-c", probe_sh, "probe", pr->target, NULL};

	run_ok(&pr->r, pr->b, NULL, argv);
	return NULL;
}

static void confined_as_direct(void **state)
{
	securer_backend b = test_backend_param(state);
	char *dir = test_mkdtemp(), target[4096], got[64] = "";
	struct probe *direct = calloc(1, sizeof(*direct));
	struct test_run *r = calloc(1, sizeof(*r));
	pthread_t th;
	pid_t spare;
	int fd;

	assert_non_null(direct);
	assert_non_null(r);
	snprintf(target, sizeof(target), "%s/outside", dir);
	test_write_file(target, "original\n");
	direct->b = b;
	direct->target = target;
	assert_int_equal(pthread_create(&th, NULL, probe_direct, direct), 0);
	assert_int_equal(pthread_join(th, NULL), 0);

	spare = warm(b);
	{
		const char *argv[] = {"sh",    "-c",   probe_sh,
		                      "probe", target, NULL};

		run_ok(r, b, NULL, argv);
	}
	assert_int_equal(r->pid, spare);
	assert_string_equal(r->out, direct->r.out);
	assert_non_null(strstr(r->out, "nnp 1 seccomp "));
	if (b == SECURER_BACKEND_LANDLOCK) {
		assert_non_null(strstr(r->out, "caps 0 [0, 0, 0, 0, 0, 0]\n"));
		assert_non_null(strstr(r->out, "nnp 1 seccomp 2\n"));
		/* the policy's filter is in force: unshare is denied */
		assert_non_null(strstr(r->out, "unshare -1 1\n"));
		if (geteuid() == 0) /* as a user the bounding set stays full */
			assert_non_null(strstr(r->out, "bset 0\n"));
		assert_null(strstr(r->out, "write 0"));
		fd = open(target, O_RDONLY);
		assert_true(fd >= 0);
		assert_true(read(fd, got, sizeof(got) - 1) > 0);
		close(fd);
		assert_string_equal(got, "original\n");
	}
	test_rmtree(dir);
	free(dir);
	free(direct);
	free(r);
}

/* A 256 MiB caller: a spare made while it held them, then a run of `true`
 * on it, reports the run's few MiB. */
static void rss_is_the_runs(void **state)
{
	securer_backend b = test_backend_param(state);
	const char *t[] = {"true", NULL};
	size_t held = 256 * (size_t)MiB;
	char *ballast = malloc(held);
	struct test_run *r = calloc(1, sizeof(*r));
	pid_t spare;

	assert_non_null(ballast);
	assert_non_null(r);
	memset(ballast, 1, held);
	spare = warm(b);
	run_ok(r, b, NULL, t);
	assert_int_equal(r->pid, spare);
	if (r->st.max_rss_kb >= 64 * 1024)
		fail_msg("`true` on a spare reported %lld KiB",
		         (long long)r->st.max_rss_kb);
	free(ballast);
	free(r);
}

static void caller_change_discards(void **state)
{
	securer_backend b = test_backend_param(state);
	const char *um[] = {"sh", "-c", "umask; ulimit -l", NULL};
	struct test_run *r = calloc(1, sizeof(*r));
	struct rlimit old, low;
	mode_t was;
	pid_t spare, next, before[MAX_SPARES];
	int n;

	assert_non_null(r);
	/* the umask */
	spare = warm(b);
	n = idle_spares(before);
	was = umask(077);
	run_ok(r, b, NULL, um);
	umask(was);
	assert_true(r->pid != spare);
	assert_non_null(strstr(r->out, "0077\n"));
	assert_int_equal(kill(spare, 0), -1); /* killed and reaped */
	assert_int_equal(errno, ESRCH);

	/* a limit the policy does not set */
	assert_int_equal(getrlimit(RLIMIT_MEMLOCK, &old), 0);
	next = new_spare(before, n);
	low = old;
	low.rlim_cur = 4096;
	assert_int_equal(setrlimit(RLIMIT_MEMLOCK, &low), 0);
	run_ok(r, b, NULL, um);
	assert_int_equal(setrlimit(RLIMIT_MEMLOCK, &old), 0);
	assert_true(r->pid != next);
	assert_non_null(strstr(r->out, "\n4\n"));
	assert_int_equal(kill(next, 0), -1);
	free(r);
}

/* A landlock spare loads the filter of the runs before it ahead: a run
 * whose policy makes another filter (network host lets AF_INET through)
 * must not start on it, or it would run under the old one. */
static void other_filter_discards(void **state)
{
	securer_backend b = test_backend_param(state);
	const char *inet[] = {
	    "python3", "-c",
	    "import socket\ntry:\n socket.socket(); print('inet ok')\n"
	    "except OSError as e: print('inet denied', e.errno)",
	    NULL};
	securer_policy *host = securer_policy_new();
	struct test_run *r = calloc(1, sizeof(*r));
	pid_t spare;

	assert_non_null(host);
	assert_non_null(r);
	assert_int_equal(securer_policy_set_network(host, SECURER_NET_HOST), 0);
	spare = warm(b);
	run_ok(r, b, NULL, inet); /* the default policy: denied */
	assert_int_equal(r->pid, spare);
	assert_string_equal(r->out, "inet denied 1\n");
	spare = warm(b);
	run_ok(r, b, host, inet);
	assert_true(r->pid != spare);
	assert_string_equal(r->out, "inet ok\n");
	assert_int_equal(kill(spare, 0), -1); /* killed and reaped */
	securer_policy_free(host);
	free(r);
}

/* securer_spares_release: the spare is gone, no child is left to wait
 * for, and the next runs work and make one again. */
static void released_on_demand(void **state)
{
	securer_backend b = test_backend_param(state);
	const char *t[] = {"true", NULL};
	struct test_run *r = calloc(1, sizeof(*r));
	pid_t spare = warm(b), left[MAX_SPARES];

	assert_non_null(r);
	securer_spares_release();
	assert_int_equal(kill(spare, 0), -1);
	assert_int_equal(errno, ESRCH);
	assert_int_equal(idle_spares(left), 0);
	assert_int_equal(waitpid(-1, NULL, WNOHANG), -1);
	assert_int_equal(errno, ECHILD); /* nothing to wait for */
	run_ok(r, b, NULL, t);
	assert_true(r->pid != spare);
	assert_true(warm(b) > 0);
	free(r);
}

/* A policy's syscalls.deny is the command's, never the reaper's: a spare
 * made for such runs does not load their filter ahead (the reaper needs
 * prctl to stay the subreaper, kill to end what the command leaves).
 * With prctl denied, a daemon the command leaves must still be killed. */
static void deny_list_not_on_reaper(void **state)
{
	securer_backend b = test_backend_param(state);
	const char *daemon[] = {"sh", "-c", "setsid sleep 60 & echo $!", NULL};
	securer_policy *p = securer_policy_new();
	struct test_run *r = calloc(1, sizeof(*r));
	pid_t spare, left;

	assert_non_null(p);
	assert_non_null(r);
	assert_int_equal(securer_policy_load_json(
	                     p, "{\"syscalls\": {\"deny\": [\"prctl\"]}}"),
	                 0);
	spare = warm_with(b, p);
	run_ok(r, b, p, daemon);
	assert_int_equal(r->pid, spare);
	left = (pid_t)atoi(r->out);
	assert_true(left > 1);
	if (kill(left, 0) == 0) {
		kill(left, SIGKILL); /* ours: the command's daemon */
		fail_msg("the daemon %d outlived a run on a spare", (int)left);
	}
	securer_policy_free(p);
	free(r);
}

/* A root caller that became another user: its spare (still root's) cannot
 * be killed by it, and must still end, reaped, without hanging it. */
static void uid_change_does_not_hang(void **state)
{
	securer_backend b = test_backend_param(state);
	pid_t child;
	int status;

	only_if(geteuid() == 0, "changing uid needs root");
	child = fork();
	assert_true(child >= 0);
	if (child == 0) {
		pid_t spare = warm(b);

		alarm(20); /* a hang ends the child with SIGALRM */
		if (setresgid(65534, 65534, 65534) < 0 ||
		    setresuid(65534, 65534, 65534) < 0)
			_exit(2);
		securer_spares_release();
		if (kill(spare, 0) == 0 || errno != ESRCH)
			_exit(3); /* still there (or a zombie: EPERM) */
		_exit(0);
	}
	assert_int_equal(waitpid(child, &status, 0), child);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		fail_msg("the child ended with status 0x%x", status);
}

static void fork_uses_its_own(void **state)
{
	securer_backend b = test_backend_param(state);
	const char *t[] = {"true", NULL};
	struct test_run *r = calloc(1, sizeof(*r));
	pid_t spare = warm(b), child;
	int status;

	assert_non_null(r);
	child = fork();
	assert_true(child >= 0);
	if (child == 0) {
		/* no cmocka here: the exit status says what failed */
		struct test_run *c = calloc(1, sizeof(*c));
		pid_t mine[MAX_SPARES];

		if (!c || test_run_sandbox(c, b, NULL, t, NULL, NULL, 0) != 0 ||
		    !c->st.exited || c->st.exit_code != 0)
			_exit(2);
		if (c->pid == spare)
			_exit(3);
		if (idle_spares(mine) != 0)
			_exit(4); /* one start here: none made yet */
		_exit(0);
	}
	assert_int_equal(waitpid(child, &status, 0), child);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	run_ok(r, b, NULL, t);
	assert_int_equal(r->pid, spare);
	free(r);
}

/* Three runs in a thread of its own; the spare it made after the last
 * (no cmocka assertions off the main thread: 0 says it failed). */
static void *three_runs(void *arg)
{
	securer_backend b = *(securer_backend *)arg;
	pid_t *spare = calloc(1, sizeof(*spare)), before[MAX_SPARES],
	      now[MAX_SPARES];
	const char *t[] = {"true", NULL};
	struct test_run *r = calloc(1, sizeof(*r));
	int n_before = 0, n;

	if (!spare || !r)
		return spare;
	for (int i = 0; i < 3; i++) {
		if (i == 2)
			n_before = idle_spares(before);
		if (test_run_sandbox(r, b, NULL, t, NULL, NULL, 0) != 0)
			return spare;
	}
	free(r);
	for (int i = 0; i < 500; i++) { /* new_spare says why */
		if ((n = fresh_spares(before, n_before, now)) == 1)
			break;
		usleep(10 * 1000);
	}
	*spare = n == 1 ? now[0] : -n; /* <= 0: none, or more than one */
	return spare;
}

static void ends_with_its_thread(void **state)
{
	securer_backend b = test_backend_param(state);
	pthread_t th;
	pid_t *spare;

	assert_int_equal(pthread_create(&th, NULL, three_runs, &b), 0);
	assert_int_equal(pthread_join(th, (void **)&spare), 0);
	assert_non_null(spare);
	assert_true(*spare > 0); /* there was one */
	assert_int_equal(kill(*spare, 0), -1);
	assert_int_equal(errno, ESRCH);
	assert_int_equal(waitpid(*spare, NULL, WNOHANG), -1);
	assert_int_equal(errno, ECHILD); /* reaped, not a zombie */
	free(spare);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_prestate(used_and_replaced, (void *)&none),
	    cmocka_unit_test_prestate(used_and_replaced, (void *)&landlock),
	    cmocka_unit_test_prestate(confined_as_direct, (void *)&none),
	    cmocka_unit_test_prestate(confined_as_direct, (void *)&landlock),
	    cmocka_unit_test_prestate(rss_is_the_runs, (void *)&none),
	    cmocka_unit_test_prestate(rss_is_the_runs, (void *)&landlock),
	    cmocka_unit_test_prestate(caller_change_discards, (void *)&none),
	    cmocka_unit_test_prestate(caller_change_discards,
	                              (void *)&landlock),
	    cmocka_unit_test_prestate(other_filter_discards, (void *)&landlock),
	    cmocka_unit_test_prestate(released_on_demand, (void *)&none),
	    cmocka_unit_test_prestate(released_on_demand, (void *)&landlock),
	    cmocka_unit_test_prestate(deny_list_not_on_reaper,
	                              (void *)&landlock),
	    cmocka_unit_test_prestate(uid_change_does_not_hang, (void *)&none),
	    cmocka_unit_test_prestate(uid_change_does_not_hang,
	                              (void *)&landlock),
	    cmocka_unit_test_prestate(fork_uses_its_own, (void *)&none),
	    cmocka_unit_test_prestate(fork_uses_its_own, (void *)&landlock),
	    cmocka_unit_test_prestate(ends_with_its_thread, (void *)&none),
	    cmocka_unit_test_prestate(ends_with_its_thread, (void *)&landlock),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
