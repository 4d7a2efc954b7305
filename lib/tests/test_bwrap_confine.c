/*
 * test_bwrap_confine.c - the bwrap sandbox seen from inside: files, the
 * environment, rlimits, seccomp and capabilities, identity, the network.
 *
 * Each "absent" check has a control that shows the same check finds the
 * thing when it is there: mostly the same command under the none backend,
 * which confines nothing, or under a policy that grants it.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"
#include "support.h"

#define ENV(s) ((char *)(s))

static struct test_run *run_buf;

static int setup(void **state)
{
	(void)state;
	run_buf = calloc(1, sizeof(*run_buf));
	return run_buf ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	free(run_buf);
	return 0;
}

static void need_bwrap(void)
{
	char why[SECURER__ERR_SIZE];

	require(test_bwrap_works(why, sizeof(why)), "bwrap: %s", why);
}

/* Runs argv under |b| with |p| (NULL: defaults); the run must end. */
static struct test_run *run(securer_backend b, const securer_policy *p,
                            const char *const argv[], char *const *env)
{
	int rc = test_run_sandbox(run_buf, b, p, argv, env, NULL, 0);

	if (rc != 0)
		fail_msg("%s under %s: %d %s", argv[0], securer_backend_name(b),
		         rc, run_buf->msg);
	return run_buf;
}

static void random_token(char *buf, size_t size)
{
	unsigned char raw[8];
	int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);

	assert_true(fd >= 0);
	assert_int_equal(read(fd, raw, sizeof(raw)), sizeof(raw));
	close(fd);
	assert_true(size > 2 * sizeof(raw) + 4);
	snprintf(buf, size, "tok-");
	for (size_t i = 0; i < sizeof(raw); i++)
		snprintf(buf + 4 + 2 * i, 3, "%02x", raw[i]);
}

static bool seen(const struct test_run *r, const char *s)
{
	return strstr(r->out, s) || strstr(r->err, s);
}

/* ---- files ------------------------------------------------------------- */

/* A token in dir/rel; returns the file's path. */
static char *plant(const char *dir, const char *rel, const char *token)
{
	char *path = NULL, *slash;

	assert_true(asprintf(&path, "%s/%s", dir, rel) > 0);
	for (slash = strchr(path + strlen(dir) + 1, '/'); slash;
	     slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		mkdir(path, 0700);
		*slash = '/';
	}
	test_write_file(path, token);
	return path;
}

/* Directories test_host_files_invisible planted tokens in, removed by its
 * teardown even when it fails: one is in the user's real home. */
static char planted[3][600];

static int remove_planted(void **state)
{
	(void)state;
	for (int i = 0; i < 3; i++)
		if (planted[i][0]) {
			test_rmtree(planted[i]);
			planted[i][0] = '\0';
		}
	return 0;
}

static void test_host_files_invisible(void **state)
{
	const struct passwd *pw = getpwuid(geteuid());
	char t_fake[40], t_home[40], t_tmp[40];
	char *fake, *home_dir = planted[1], *tmp_dir = planted[2];
	char *p_fake, *p_home, *p_tmp, env_home[700];
	const char *argv[] = {"sh",
	                      "-c",
	                      "cat \"$1\" \"$2\" \"$3\"; ls -a \"$HOME\"; "
	                      "echo \"HOME=$HOME\"",
	                      "sh",
	                      NULL,
	                      NULL,
	                      NULL,
	                      NULL};
	struct test_run *r;

	(void)state;
	need_bwrap();
	require(pw && pw->pw_dir && access(pw->pw_dir, W_OK) == 0,
	        "no writable home directory to plant a file in");
	fake = test_mkdtemp();
	snprintf(planted[0], sizeof(planted[0]), "%s", fake);
	random_token(t_fake, sizeof(t_fake));
	random_token(t_home, sizeof(t_home));
	random_token(t_tmp, sizeof(t_tmp));
	/* The caller's home as given in its environment... */
	p_fake = plant(fake, "home/alice/.ssh/id_rsa", t_fake);
	snprintf(env_home, sizeof(env_home), "HOME=%s/home/alice", fake);
	/* ...the real one of this user (/root as root)... */
	snprintf(home_dir, sizeof(planted[1]), "%s/securer-test.XXXXXX",
	         pw->pw_dir);
	assert_non_null(mkdtemp(home_dir));
	p_home = plant(home_dir, "token", t_home);
	/* ...and the host's /tmp, whatever TMPDIR says. */
	snprintf(tmp_dir, sizeof(planted[2]), "/tmp/securer-test-XXXXXX");
	assert_non_null(mkdtemp(tmp_dir));
	p_tmp = plant(tmp_dir, "token", t_tmp);
	argv[4] = p_fake;
	argv[5] = p_home;
	argv[6] = p_tmp;
	{
		char *const env[] = {env_home, NULL};

		/* Control: unconfined, the command prints all three. */
		r = run(SECURER_BACKEND_NONE, NULL, argv, env);
		assert_non_null(strstr(r->out, t_fake));
		assert_non_null(strstr(r->out, t_home));
		assert_non_null(strstr(r->out, t_tmp));

		r = run(SECURER_BACKEND_BWRAP, NULL, argv, env);
		assert_false(seen(r, t_fake));
		assert_false(seen(r, t_home));
		assert_false(seen(r, t_tmp));
		assert_int_equal(r->st.exit_code, 0); /* the echo ran */
		assert_non_null(strstr(r->out, "HOME=/tmp\n"));
		assert_null(strstr(r->out, ".ssh"));
	}
	free(p_fake);
	free(p_home);
	free(p_tmp);
	free(fake);
}

static void test_binds(void **state)
{
	const char *argv[] = {"sh", "-c",
	                      "cat /data/f; echo changed > /data/f; "
	                      "echo new > /data/g",
	                      NULL};
	char *dir, file[600], created[600];
	securer_policy *p;
	struct test_run *r;
	char *text;

	(void)state;
	need_bwrap();
	dir = test_mkdtemp();
	p = securer_policy_new();
	assert_non_null(p);
	snprintf(file, sizeof(file), "%s/f", dir);
	snprintf(created, sizeof(created), "%s/g", dir);
	test_write_file(file, "orig\n");

	assert_int_equal(securer_policy_add_ro_bind(p, dir, "/data"), 0);
	r = run(SECURER_BACKEND_BWRAP, p, argv, NULL);
	assert_string_equal(r->out, "orig\n");
	assert_non_null(strstr(r->err, "Read-only file system"));
	text = securer__read_file(file, 100);
	assert_string_equal(text, "orig\n");
	free(text);
	assert_int_equal(access(created, F_OK), -1);
	securer_policy_free(p);

	p = securer_policy_new();
	assert_non_null(p);
	assert_int_equal(securer_policy_add_rw_bind(p, dir, "/data"), 0);
	r = run(SECURER_BACKEND_BWRAP, p, argv, NULL);
	assert_string_equal(r->out, "orig\n");
	text = securer__read_file(file, 100);
	assert_string_equal(text, "changed\n");
	free(text);
	text = securer__read_file(created, 100);
	assert_string_equal(text, "new\n");
	free(text);
	securer_policy_free(p);
	test_rmtree(dir);
	free(dir);
}

static void test_readonly_root_small_tmp(void **state)
{
	/* Two 40 MiB files: each under RLIMIT_FSIZE, together over the
	 * 64 MiB tmpfs. */
	const char *argv[] = {
	    "sh", "-c",
	    "echo x > /securer-root-file && echo ROOT-WRITABLE;"
	    "echo tmp-ok > /tmp/f && cat /tmp/f;"
	    "head -c 41943040 /dev/zero > /tmp/a; echo a=$?;"
	    "head -c 41943040 /dev/zero > /tmp/b; echo b=$?",
	    NULL};
	securer_policy *big;
	struct test_run *r;

	(void)state;
	need_bwrap();
	big = securer_policy_new();
	assert_non_null(big);
	r = run(SECURER_BACKEND_BWRAP, NULL, argv, NULL);
	assert_null(strstr(r->out, "ROOT-WRITABLE"));
	assert_non_null(strstr(r->err, "Read-only file system"));
	assert_non_null(strstr(r->out, "tmp-ok\n"));
	assert_non_null(strstr(r->out, "a=0\n"));
	assert_null(strstr(r->out, "b=0\n"));
	assert_non_null(strstr(r->err, "No space left on device"));
	assert_true(r->st.exited);

	/* Control: the cap is the policy's, not the machine's. */
	assert_int_equal(
	    securer_policy_set_limit(big, SECURER_LIMIT_TMPFS, 256 << 20), 0);
	r = run(SECURER_BACKEND_BWRAP, big, argv, NULL);
	assert_non_null(strstr(r->out, "b=0\n"));
	assert_null(strstr(r->err, "No space left on device"));
	securer_policy_free(big);
}

/* ---- environment ------------------------------------------------------- */

static void test_env_scrubbed(void **state)
{
	const char *argv[] = {"sh", "-c", "env; cat /proc/self/environ", NULL};
	char token[40], secret[64];
	securer_policy *pass;
	struct test_run *r;
	const char *at;
	int hits = 0;

	(void)state;
	need_bwrap();
	pass = securer_policy_new();
	assert_non_null(pass);
	random_token(token, sizeof(token));
	snprintf(secret, sizeof(secret), "SECRET_TOKEN=%s", token);
	{
		char *const env[] = {secret, ENV("PATH=/usr/bin:/bin"), NULL};

		r = run(SECURER_BACKEND_BWRAP, NULL, argv, env);
		assert_false(seen(r, token));
		assert_non_null(strstr(r->out, "LANG=C.UTF-8"));

		/* Control: passed on purpose, both views show it. */
		assert_int_equal(securer_policy_pass_env(pass, "SECRET_*"), 0);
		r = run(SECURER_BACKEND_BWRAP, pass, argv, env);
		for (at = r->out; (at = strstr(at, token)); at++)
			hits++;
		assert_int_equal(hits, 2);
	}
	securer_policy_free(pass);
}

/* ---- limits, seccomp, capabilities ------------------------------------- */

/* The soft limit on the "Max ..." line of /proc/self/limits output: the
 * column after the 26-character name. */
static void limit_of(const char *limits, const char *what, char val[32])
{
	const char *line = strstr(limits, what);

	if (!line)
		fail_msg("no '%s' in:\n%s", what, limits);
	assert_int_equal(sscanf(line + 26, "%31s", val), 1);
}

static void test_rlimits(void **state)
{
	static const struct {
		const char *line;
		const char *value;
	} want[] = {
	    {"Max cpu time", "60"},
	    {"Max file size", "67108864"},
	    {"Max processes", "256"},
	    {"Max open files", "256"},
	    {"Max address space", "1073741824"},
	    {"Max core file size", "0"},
	};
	const char *argv[] = {"cat", "/proc/self/limits", NULL};
	securer_policy *p;
	struct test_run *r;
	char v[32];

	(void)state;
	need_bwrap();
	p = securer_policy_new();
	assert_non_null(p);
	r = run(SECURER_BACKEND_BWRAP, NULL, argv, NULL);
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		limit_of(r->out, want[i].line, v);
		assert_string_equal(v, want[i].value);
	}
	assert_int_equal(
	    securer_policy_set_limit(p, SECURER_LIMIT_OPEN_FILES, 100), 0);
	assert_int_equal(
	    securer_policy_set_limit(p, SECURER_LIMIT_CPU_SECONDS, 7), 0);
	r = run(SECURER_BACKEND_BWRAP, p, argv, NULL);
	limit_of(r->out, "Max open files", v);
	assert_string_equal(v, "100");
	limit_of(r->out, "Max cpu time", v);
	assert_string_equal(v, "7");
	securer_policy_free(p);
}

static void test_seccomp_caps(void **state)
{
	const char *argv[] = {"cat", "/proc/self/status", NULL};
	char *own;
	bool unfiltered;
	struct test_run *r;

	(void)state;
	need_bwrap();
	r = run(SECURER_BACKEND_BWRAP, NULL, argv, NULL);
	assert_non_null(strstr(r->out, "Seccomp:\t2\n"));
	assert_non_null(strstr(r->out, "NoNewPrivs:\t1\n"));
	assert_non_null(strstr(r->out, "CapEff:\t0000000000000000\n"));
	assert_non_null(strstr(r->out, "CapPrm:\t0000000000000000\n"));
	/* Controls: unconfined, the same check sees no filter, and root's
	 * capabilities.  Each needs the test itself to be such a caller. */
	own = securer__read_file("/proc/self/status", 1 << 16);
	assert_non_null(own);
	unfiltered = strstr(own, "Seccomp:\t0\n") != NULL;
	free(own);
	only_if(unfiltered, "the test runs under a seccomp filter already: "
	                    "no unfiltered control");
	r = run(SECURER_BACKEND_NONE, NULL, argv, NULL);
	assert_non_null(strstr(r->out, "Seccomp:\t0\n"));
	only_if(geteuid() == 0, "the capability control needs root");
	assert_null(strstr(r->out, "CapEff:\t0000000000000000\n"));
}

/* A default policy with the probe bound at /probe (bwrap required). */
static securer_policy *probe_policy(void)
{
	char probe[4096];
	securer_policy *p;

	need_bwrap();
	test_build_path("tests/probe", probe, sizeof(probe));
	require(access(probe, X_OK) == 0, "probe not built at %s", probe);
	p = securer_policy_new();
	assert_non_null(p);
	assert_int_equal(securer_policy_add_ro_bind(p, probe, "/probe"), 0);
	return p;
}

static void test_net_none_socket(void **state)
{
	const char *argv[] = {"/probe", "syscalls", NULL};
	securer_policy *p;
	struct test_run *r;

	(void)state;
	p = probe_policy();
	r = run(SECURER_BACKEND_BWRAP, p, argv, NULL);
	assert_non_null(strstr(r->out, "\nsocket_inet 1\n"));
	assert_non_null(strstr(r->out, "\nsocket_unix 0\n"));
	assert_int_equal(securer_policy_set_network(p, SECURER_NET_LOOPBACK),
	                 0);
	r = run(SECURER_BACKEND_BWRAP, p, argv, NULL);
	assert_non_null(strstr(r->out, "\nsocket_inet 0\n"));
	securer_policy_free(p);
}

/* A policy's own deny list makes a filter of its own, which reaches bwrap
 * by another way than the default one (backend_bwrap.c): it is enforced
 * too.  The control is the default filter, which allows the call. */
static void test_deny_list(void **state)
{
	const char *argv[] = {"/probe", "syscalls", NULL};
	securer_policy *p;
	struct test_run *r;

	(void)state;
	p = probe_policy();
	r = run(SECURER_BACKEND_BWRAP, p, argv, NULL);
	assert_non_null(strstr(r->out, "\npersonality_query 0\n"));
	assert_int_equal(securer_policy_deny_syscall(p, "personality"), 0);
	r = run(SECURER_BACKEND_BWRAP, p, argv, NULL);
	assert_non_null(strstr(r->out, "\npersonality_query 1\n"));
	/* the default filter is still there beside it */
	assert_non_null(strstr(r->out, "\nsocket_inet 1\n"));
	securer_policy_free(p);
}

/* ---- identity ---------------------------------------------------------- */

static void test_hostname(void **state)
{
	const char *argv[] = {"cat", "/proc/sys/kernel/hostname", NULL};
	char host[256], want[300];
	struct test_run *r;

	(void)state;
	need_bwrap();
	assert_int_equal(gethostname(host, sizeof(host)), 0);
	snprintf(want, sizeof(want), "%s\n", host);
	r = run(SECURER_BACKEND_NONE, NULL, argv, NULL);
	assert_string_equal(r->out, want);
	r = run(SECURER_BACKEND_BWRAP, NULL, argv, NULL);
	assert_string_not_equal(r->out, want);
	assert_string_equal(r->out, "securer\n");
}

static void test_passwd(void **state)
{
	const char *argv[] = {"cat", "/etc/passwd", NULL};
	char *host, *line, *save = NULL;
	struct test_run *none, *r;
	int checked = 0;

	(void)state;
	need_bwrap();
	host = securer__read_file("/etc/passwd", 1 << 20);
	assert_non_null(host);
	none = calloc(1, sizeof(*none));
	assert_non_null(none);
	*none = *run(SECURER_BACKEND_NONE, NULL, argv, NULL);
	r = run(SECURER_BACKEND_BWRAP, NULL, argv, NULL);
	for (line = strtok_r(host, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		char name[64], entry[80];

		if (sscanf(line, "%63[^:]", name) != 1 ||
		    strcmp(name, "root") == 0 || strcmp(name, "nobody") == 0)
			continue;
		assert_non_null(strstr(none->out, line)); /* control */
		/* the account's name at the start of any line */
		snprintf(entry, sizeof(entry), "\n%s:", name);
		if (strncmp(r->out, entry + 1, strlen(entry + 1)) == 0 ||
		    strstr(r->out, entry) || strstr(r->out, line))
			fail_msg("host account '%s' is in the sandbox's "
			         "/etc/passwd",
			         line);
		checked++;
	}
	free(host);
	free(none);
	require(checked > 0, "the host's /etc/passwd names only root and "
	                     "nobody");
}

/* ---- network ----------------------------------------------------------- */

/* A TCP listener on 127.0.0.1; returns its fd, port in *port. */
static int listener(int *port)
{
	struct sockaddr_in a = {.sin_family = AF_INET};
	socklen_t len = sizeof(a);
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);

	assert_true(fd >= 0);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof(a)), 0);
	assert_int_equal(listen(fd, 8), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&a, &len), 0);
	*port = ntohs(a.sin_port);
	return fd;
}

/* How many connections are waiting on |fd| (accepted and closed). */
static int connections(int fd)
{
	struct pollfd pfd = {fd, POLLIN, 0};
	int n = 0, c;

	if (poll(&pfd, 1, 500) <= 0)
		return 0;
	while ((c = accept4(fd, NULL, NULL, SOCK_CLOEXEC)) >= 0) {
		close(c);
		n++;
	}
	return n;
}

static void test_loopback_isolated(void **state)
{
	const char *python = "/usr/bin/python3";
	char port_s[16];
	const char *argv[] = {"python3", "-c",
	                      "import socket, sys\n"
	                      "s = socket.socket()\n"
	                      "s.settimeout(3)\n"
	                      "try:\n"
	                      "    s.connect(('127.0.0.1', int(sys.argv[1])))\n"
	                      "    print('CONNECTED')\n"
	                      "except OSError as e:\n"
	                      "    print('FAILED', e.errno)\n",
	                      port_s, NULL};
	securer_policy *p;
	struct test_run *r;
	int fd, port;

	(void)state;
	need_bwrap();
	require(access(python, X_OK) == 0, "%s is not installed", python);
	p = securer_policy_new();
	assert_non_null(p);
	fd = listener(&port);
	snprintf(port_s, sizeof(port_s), "%d", port);

	/* Control: sharing the host's network, the listener is reached. */
	assert_int_equal(securer_policy_set_network(p, SECURER_NET_HOST), 0);
	r = run(SECURER_BACKEND_BWRAP, p, argv, NULL);
	assert_string_equal(r->out, "CONNECTED\n");
	assert_int_equal(connections(fd), 1);

	/* A private loopback: 127.0.0.1 is the sandbox's own. */
	assert_int_equal(securer_policy_set_network(p, SECURER_NET_LOOPBACK),
	                 0);
	r = run(SECURER_BACKEND_BWRAP, p, argv, NULL);
	assert_null(strstr(r->out, "CONNECTED"));
	assert_int_equal(connections(fd), 0);

	/* No network: the socket itself is refused. */
	assert_int_equal(securer_policy_set_network(p, SECURER_NET_NONE), 0);
	r = run(SECURER_BACKEND_BWRAP, p, argv, NULL);
	assert_null(strstr(r->out, "CONNECTED"));
	assert_int_equal(connections(fd), 0);
	close(fd);
	securer_policy_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_teardown(test_host_files_invisible,
	                              remove_planted),
	    cmocka_unit_test(test_binds),
	    cmocka_unit_test(test_readonly_root_small_tmp),
	    cmocka_unit_test(test_env_scrubbed),
	    cmocka_unit_test(test_rlimits),
	    cmocka_unit_test(test_seccomp_caps),
	    cmocka_unit_test(test_deny_list),
	    cmocka_unit_test(test_net_none_socket),
	    cmocka_unit_test(test_hostname),
	    cmocka_unit_test(test_passwd),
	    cmocka_unit_test(test_loopback_isolated),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
