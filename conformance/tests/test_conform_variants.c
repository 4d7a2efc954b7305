/*
 * test_conform_variants.c - the listeners, fixtures and oracles the
 * promise variants brought (docs/attacks.md): each fires on a benign
 * simulation of its effect and stays quiet without it, and each
 * measurement is checked against the real thing.
 *
 *   listeners   the abstract unix socket and TCP on [::1]
 *   sentinel    a process outside the run stopped or reniced
 *   hostmem     the session host's growth, measured on a real flood
 *   shmem       the host's shared memory, measured on a real memfd
 *   ifalias     the token in the row's loopback alias (root)
 *   policy      an attack's "policy" key, and the keys it may hold
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <netinet/in.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "netns.h"
#include "oracle_env.h"
#include "sampler.h"
#include "textfile.h"
#include "common.h"

#define E oracle_env

static uint64_t fired(void)
{
	return oracle_env_fired(E);
}

static void quiet(void)
{
	oracle_env_quiet(E);
}

static void wait_hit(uint64_t bit)
{
	for (int i = 0; i < 100; i++) {
		if (fired() & bit)
			return;
		usleep(20000);
	}
	fail_msg("the oracle did not fire");
}

/* ---- listeners ------------------------------------------------------------
 */

static void test_abstract_listener(void **state)
{
	struct sockaddr_un su = {.sun_family = AF_UNIX};
	size_t n = strlen(E->l.abstract_name);
	int fd;

	(void)state;
	quiet();
	assert_true(n > 0 && n + 1 < sizeof(su.sun_path));
	memcpy(su.sun_path + 1, E->l.abstract_name, n);
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	/* the same name as a path is not it */
	{
		struct sockaddr_un path = {.sun_family = AF_UNIX};
		int other = socket(AF_UNIX, SOCK_STREAM, 0);

		memcpy(path.sun_path, E->l.abstract_name, n);
		assert_int_equal(
		    connect(other, (struct sockaddr *)&path, sizeof(path)), -1);
		close(other);
	}
	assert_int_equal(
	    connect(
	        fd, (struct sockaddr *)&su,
	        (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + n)),
	    0);
	(void)!write(fd, "x\r\n\r\n", 5);
	wait_hit(BIT(UNIX));
	close(fd);
}

static void test_tcp6_listener(void **state)
{
	struct sockaddr_in6 sa = {.sin6_family = AF_INET6,
	                          .sin6_addr = IN6ADDR_LOOPBACK_INIT};
	int fd;

	(void)state;
	require(E->l.tcp6_port > 0, "no IPv6 on the loopback");
	quiet();
	sa.sin6_port = htons((unsigned short)E->l.tcp6_port);
	fd = socket(AF_INET6, SOCK_STREAM, 0);
	assert_int_equal(connect(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	(void)!write(fd, "GET / HTTP/1.0\r\n\r\n", 18);
	wait_hit(BIT(TCP));
	close(fd);
}

/* ---- the sentinel -----------------------------------------------------------
 */

/* Until the kernel shows pid stopped (a signal is delivered when the
 * process is next scheduled: late on a loaded machine), at most 10 s. */
static void wait_stopped(pid_t pid)
{
	char path[64], stat[512];

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	for (int i = 0; i < 1000; i++) {
		FILE *fp = fopen(path, "r");
		char *paren = NULL;

		if (fp) {
			if (fgets(stat, sizeof(stat), fp))
				paren = strrchr(stat, ')');
			fclose(fp);
		}
		if (paren && paren[1] == ' ' && paren[2] == 'T')
			return;
		usleep(10000);
	}
	fail_msg("pid %d not stopped after 10 s", (int)pid);
}

static void test_sentinel(void **state)
{
	struct column col = {.name = "bwrap", .sandbox = true, .usable = true};
	struct fixtures f;
	char err[512];
	pid_t first;
	int nice_now;

	(void)state;
	assert_int_equal(fixtures_setup(&f, FIXTURE_BIT(FIXTURE_SENTINEL),
	                                &E->c, &E->tk, err, sizeof(err)),
	                 0);
	/* quiet: nothing done to it */
	assert_int_equal(fixtures_before(&f, &col, err, sizeof(err)), 0);
	assert_true(oracle_env_fixtures_after(&f) == 0);
	/* stopped: fires, and a fresh one runs with the same name */
	first = f.sentinel;
	assert_int_equal(fixtures_before(&f, &col, err, sizeof(err)), 0);
	assert_int_equal(kill(first, SIGSTOP), 0);
	wait_stopped(first);
	assert_true(oracle_env_fixtures_after(&f) == BIT(SENTINEL));
	assert_true(f.sentinel > 0 && f.sentinel != first);
	/* reniced: one step nicer than it runs (the sentinel inherits the
	 * test's nice value: under `nice -n 10 make check` a fixed 10 was no
	 * change at all; a user may only raise it) */
	assert_int_equal(fixtures_before(&f, &col, err, sizeof(err)), 0);
	errno = 0;
	nice_now = getpriority(PRIO_PROCESS, (id_t)f.sentinel);
	assert_int_equal(errno, 0);
	if (nice_now < 19) {
		assert_int_equal(
		    setpriority(PRIO_PROCESS, (id_t)f.sentinel, nice_now + 1),
		    0);
		assert_true(oracle_env_fixtures_after(&f) == BIT(SENTINEL));
	} /* at 19 no user can make it nicer: nothing to check */
	/* killed */
	assert_int_equal(fixtures_before(&f, &col, err, sizeof(err)), 0);
	assert_int_equal(kill(f.sentinel, SIGKILL), 0);
	usleep(50000);
	assert_true(oracle_env_fixtures_after(&f) == BIT(SENTINEL));
	/* and the fresh one is quiet again */
	assert_int_equal(fixtures_before(&f, &col, err, sizeof(err)), 0);
	assert_true(oracle_env_fixtures_after(&f) == 0);
	fixtures_teardown(&f);
}

/* ---- setid
 * ------------------------------------------------------------------- */

static void test_setid(void **state)
{
	char path[1200];
	struct stat st;

	(void)state;
	quiet();
	snprintf(path, sizeof(path), "%s/data/raw/helper", E->c.work);
	test_write_file(path, "#!/bin/sh\n");
	assert_int_equal(chmod(path, 0755), 0);
	assert_false(fired() & BIT(SETID));
	assert_int_equal(chmod(path, 04755), 0);
	assert_true(fired() & BIT(SETID));
	/* its bits taken away: seen once */
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0755);
	assert_false(fired() & BIT(SETID));
}

/* ---- hostmem and shmem
 * -------------------------------------------------------- */

static void test_memory_thresholds(void **state)
{
	(void)state;
	quiet();
	E->o.host_growth_kb = HOSTMEM_THRESHOLD_KB + 1;
	E->o.shmem_before_kb = 1000;
	E->o.shmem_peak_kb = 1000 + SHMEM_THRESHOLD_KB + 1;
	assert_true(fired() == 0); /* undeclared */
	E->a.oracles = BIT(HOSTMEM) | BIT(SHMEM);
	assert_true(fired() == (BIT(HOSTMEM) | BIT(SHMEM)));
	E->o.host_growth_kb = HOSTMEM_THRESHOLD_KB;
	E->o.shmem_peak_kb = 1000 + SHMEM_THRESHOLD_KB;
	assert_true(fired() == 0);
	E->a.oracles = 0;
}

/* A session whose code prints 64 MiB: the host grows by that much without
 * an output cap, and by little with the default 1 MiB one. */
static void test_hostmem_measured(void **state)
{
	securer_policy *p = securer_policy_new();
	struct case_spec spec = {
	    .mode = MODE_SESSION,
	    .lang = LANG_SH,
	    .backend = SECURER_BACKEND_NONE,
	    .code = "head -c 67108864 /dev/zero | tr '\\0' y",
	    .stdin_fd = -1,
	    .timeout_ms = 20000,
	};
	struct case_out o;
	char why[256];

	(void)state;
	require(securer_runtime_probe(SECURER_RUNTIME_SH, why, sizeof(why)) ==
	            0,
	        "%s", why);
	assert_non_null(p);
	assert_int_equal(securer_policy_set_limit(p, SECURER_LIMIT_OUTPUT, 0),
	                 0);
	spec.policy = p;
	assert_int_equal(case_run(&spec, &o), 0);
	assert_true(o.host_growth_kb >= 60 * 1024);
	case_out_release(&o);
	securer_policy_free(p);
	p = securer_policy_new();
	spec.policy = p;
	assert_int_equal(case_run(&spec, &o), 0);
	assert_true(o.host_growth_kb < 16 * 1024);
	case_out_release(&o);
	securer_policy_free(p);
}

/* 64 MiB in a memfd, never mapped: the sampler's shared-memory gauge sees
 * it. */
static void test_shmem_measured(void **state)
{
	struct sampler_opts so = {.fs_path = E->dir};
	static char chunk[1 << 20];
	struct sampler s;
	long long before;
	int fd;

	(void)state;
	assert_int_equal(sampler_start(&s, &so), 0);
	before = atomic_load(&s.peak_shmem_kb);
	fd = memfd_create("test", MFD_CLOEXEC);
	assert_true(fd >= 0);
	memset(chunk, 'x', sizeof(chunk));
	for (int i = 0; i < 64; i++)
		assert_int_equal(write(fd, chunk, sizeof(chunk)),
		                 (ssize_t)sizeof(chunk));
	usleep(100000);
	sampler_stop(&s);
	close(fd);
	assert_true(atomic_load(&s.peak_shmem_kb) - before >= 60 * 1024);
}

/* ---- same-session: two executes in one session
 * -------------------------------- */

static int betweens;

static void count_between(void *ctx, int execute)
{
	(void)ctx;
	assert_int_equal(execute, 1);
	betweens++;
}

static void test_same_session(void **state)
{
	securer_policy *p = securer_policy_new();
	struct case_spec spec = {
	    .mode = MODE_SESSION,
	    .lang = LANG_SH,
	    .backend = SECURER_BACKEND_NONE,
	    .code =
	        "if [ -f \"$HOME/seen\" ]; then echo SECOND; else echo FIRST; "
	        "touch \"$HOME/seen\"; fi",
	    .stdin_fd = -1,
	    .timeout_ms = 10000,
	    .executes = 2,
	    .between = count_between,
	};
	struct case_out o;
	char why[256];
	const char *second;

	(void)state;
	require(securer_runtime_probe(SECURER_RUNTIME_SH, why, sizeof(why)) ==
	            0,
	        "%s", why);
	spec.policy = p;
	betweens = 0;
	assert_int_equal(case_run(&spec, &o), 0);
	assert_int_equal(betweens, 1);
	/* one session: the second execute saw the first one's file */
	second = o.out + o.last_at;
	assert_true(o.last_at > 0 && o.last_at < o.out_len);
	assert_non_null(strstr(o.out, "FIRST"));
	assert_null(strstr(second, "FIRST"));
	assert_non_null(strstr(second, "SECOND"));
	case_out_release(&o);
	securer_policy_free(p);
}

/* ---- ifalias ----------------------------------------------------------------
 */

/* The alias of the loopback, read the way an attack would. */
static bool alias_holds(const char *token)
{
	struct {
		struct nlmsghdr nh;
		struct ifinfomsg ifi;
	} req = {
	    .nh = {.nlmsg_len = sizeof(req),
	           .nlmsg_type = RTM_GETLINK,
	           .nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP},
	    .ifi = {.ifi_family = AF_UNSPEC},
	};
	static char buf[65536];
	int fd = socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE);
	ssize_t n;
	bool found;

	if (fd < 0 || send(fd, &req, sizeof(req), 0) < 0)
		return false;
	n = recv(fd, buf, sizeof(buf), 0);
	close(fd);
	found = n > 0 && memmem(buf, (size_t)n, token, strlen(token));
	return found;
}

static void test_ifalias(void **state)
{
	pid_t pid;
	int status;

	(void)state;
	only_if(geteuid() == 0,
	        "the ifalias fixture needs the row's own network "
	        "namespace (root)");
	/* outside a namespace of the runner's own: refused, the host's lo
	 * untouched */
	{
		struct fixtures f;
		char err[512];

		assert_int_equal(
		    fixtures_setup(&f, FIXTURE_BIT(FIXTURE_IFALIAS), &E->c,
		                   &E->tk, err, sizeof(err)),
		    -1);
	}
	pid = fork();
	if (pid == 0) {
		struct fixtures f;
		char err[512];
		bool before, now;

		if (netns_enter(err, sizeof(err)) < 0)
			_exit(2);
		before = alias_holds("token");
		if (fixtures_setup(&f, FIXTURE_BIT(FIXTURE_IFALIAS), &E->c,
		                   &E->tk, err, sizeof(err)) < 0)
			_exit(3);
		/* the token it just added (the refused setup above added one
		 * of the same name) */
		now = alias_holds(E->tk.t[E->tk.n - 1].value);
		_exit(!before && now ? 0 : 1);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
}

/* ---- the policy key
 * ----------------------------------------------------------- */

static int load_json(const char *json, struct attack **list, size_t *n,
                     char *err, size_t size)
{
	char dir[800], path[900];

	snprintf(dir, sizeof(dir), "%s/corpus/cat/probe-policy", E->dir);
	snprintf(path, sizeof(path), "mkdir -p '%s'", dir);
	assert_int_equal(system(path), 0);
	snprintf(path, sizeof(path), "%s/attack.json", dir);
	test_write_file(path, json);
	snprintf(path, sizeof(path), "%s/attack.sh", dir);
	test_write_file(path, "true\n");
	snprintf(path, sizeof(path), "%s/corpus", E->dir);
	return corpus_load(path, E->dir, NULL, NULL, list, n, err, size);
}

static void test_policy_key(void **state)
{
	static const char head[] =
	    "{\"id\": \"probe-policy\", \"title\": \"t\", \"category\": "
	    "\"cat\", "
	    "\"attempts\": \"a\", \"source\": \"s\", \"oracle\": [\"token\"], "
	    "\"kind\": \"effect\", \"layer\": \"l\", ";
	struct attack *list = NULL;
	char json[1024], err[512];
	size_t n = 0;

	(void)state;
	snprintf(json, sizeof(json),
	         "%s\"policy\": {\"network\": \"loopback\", "
	         "\"files\": {\"ro\": [\"${T_PROD}:/data\"]}}}",
	         head);
	assert_int_equal(load_json(json, &list, &n, err, sizeof(err)), 0);
	assert_int_equal(n, 1);
	assert_non_null(strstr(list[0].policy, "\"network\":\"loopback\""));
	assert_non_null(strstr(list[0].policy, "${T_PROD}:/data"));
	free(list);
	/* limits are the runner's to set: refused, with the key named */
	snprintf(json, sizeof(json),
	         "%s\"policy\": {\"limits\": {\"processes\": 0}}}", head);
	assert_int_equal(load_json(json, &list, &n, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "\"policy\""));
	snprintf(json, sizeof(json), "%s\"policy\": \"loopback\"}", head);
	assert_int_equal(load_json(json, &list, &n, err, sizeof(err)), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_abstract_listener),
	    cmocka_unit_test(test_tcp6_listener),
	    cmocka_unit_test(test_sentinel),
	    cmocka_unit_test(test_setid),
	    cmocka_unit_test(test_memory_thresholds),
	    cmocka_unit_test(test_hostmem_measured),
	    cmocka_unit_test(test_shmem_measured),
	    cmocka_unit_test(test_same_session),
	    cmocka_unit_test(test_ifalias),
	    cmocka_unit_test(test_policy_key),
	};

	return cmocka_run_group_tests(tests, oracle_env_group_setup,
	                              oracle_env_group_teardown);
}
