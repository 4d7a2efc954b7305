/*
 * test_cli.c - the `securer` command as a user runs it: exit statuses of
 * `exec`, refusing to run on a bad option, policy or bwrap, the
 * environment it gives the command, and `doctor --json`.
 */
#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "internal.h"
#include "support.h"

extern char **environ;

struct cli {
	int status; /* exit status, or 128+N when killed by signal N */
	int64_t ms; /* wall time */
	char out[65536];
	char err[16384];
};

static struct cli *res;
static char *tmp; /* private temp dir of this test program */

static int setup(void **state)
{
	(void)state;
	res = calloc(1, sizeof(*res));
	tmp = test_mkdtemp();
	return res ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	test_rmtree(tmp);
	free(tmp);
	free(res);
	return 0;
}

static void need_bwrap(void)
{
	char why[SECURER__ERR_SIZE];

	require(test_bwrap_works(why, sizeof(why)), "bwrap: %s", why);
}

static void drain(int out_fd, int err_fd, struct cli *r)
{
	struct pollfd pfd[2] = {{out_fd, POLLIN, 0}, {err_fd, POLLIN, 0}};
	char *bufs[2] = {r->out, r->err};
	size_t sizes[2] = {sizeof(r->out), sizeof(r->err)}, lens[2] = {0, 0};
	int open_fds = 2;

	while (open_fds > 0) {
		if (poll(pfd, 2, -1) < 0 && errno != EINTR)
			break;
		for (int i = 0; i < 2; i++) {
			ssize_t n;

			if (pfd[i].fd < 0 || !pfd[i].revents)
				continue;
			n = read(pfd[i].fd, bufs[i] + lens[i],
			         sizes[i] - 1 - lens[i]);
			if (n <= 0 || (lens[i] += (size_t)n) == sizes[i] - 1) {
				pfd[i].fd = -1;
				open_fds--;
			}
		}
	}
	r->out[lens[0]] = '\0';
	r->err[lens[1]] = '\0';
}

/* Runs `securer ARGS...` (NULL-terminated) with this process's
 * environment plus |extra| ("NAME=VALUE" strings, NULL-terminated or
 * NULL), stdin on /dev/null.  Returns the exit status. */
static int cli(const char *const *extra, ...)
{
	char bin[4096];
	const char *argv[32];
	char *envp[256];
	size_t n = 0, ne = 0;
	int out[2], err[2], ws;
	va_list ap;
	int64_t t0;
	pid_t pid;

	test_build_path("bin/securer", bin, sizeof(bin));
	require(access(bin, X_OK) == 0, "securer not built at %s", bin);
	argv[n++] = bin;
	va_start(ap, extra);
	while (n < 31 && (argv[n] = va_arg(ap, const char *)))
		n++;
	va_end(ap);
	argv[n] = NULL;
	for (char **e = environ; *e && ne < 200; e++)
		if (strncmp(*e, "SECURER_BWRAP=", 14) != 0)
			envp[ne++] = *e;
	for (size_t i = 0; extra && extra[i] && ne < 255; i++)
		envp[ne++] = (char *)extra[i];
	envp[ne] = NULL;

	memset(res, 0, sizeof(*res));
	assert_int_equal(pipe2(out, O_CLOEXEC), 0);
	assert_int_equal(pipe2(err, O_CLOEXEC), 0);
	t0 = securer_monotonic_ms();
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		int null = open("/dev/null", O_RDONLY);

		if (null < 0 || dup2(null, 0) < 0 || dup2(out[1], 1) < 0 ||
		    dup2(err[1], 2) < 0)
			_exit(120);
		execve(bin, (char *const *)argv, envp);
		_exit(121);
	}
	close(out[1]);
	close(err[1]);
	drain(out[0], err[0], res);
	close(out[0]);
	close(err[0]);
	assert_int_equal(waitpid(pid, &ws, 0), pid);
	res->ms = securer_monotonic_ms() - t0;
	res->status = WIFEXITED(ws) ? WEXITSTATUS(ws) : 128 + WTERMSIG(ws);
	return res->status;
}

#define NOENV ((const char *const *)NULL)

static void path_in_tmp(char *buf, size_t size, const char *name)
{
	snprintf(buf, size, "%s/%s", tmp, name);
	unlink(buf);
}

/* ---- exit statuses ----------------------------------------------------- */

static void test_exit_status(void **state)
{
	(void)state;
	assert_int_equal(
	    cli(NOENV, "exec", "--backend", "none", "--", "true", (char *)NULL),
	    0);
	assert_int_equal(cli(NOENV, "exec", "--backend", "none", "--", "sh",
	                     "-c", "exit 7", (char *)NULL),
	                 7);
	assert_int_equal(cli(NOENV, "exec", "--backend", "none", "--", "sh",
	                     "-c", "kill -TERM $$", (char *)NULL),
	                 128 + SIGTERM);
	need_bwrap();
	assert_int_equal(
	    cli(NOENV, "exec", "--", "sh", "-c", "exit 7", (char *)NULL), 7);
	assert_int_equal(
	    cli(NOENV, "exec", "--", "sh", "-c", "kill -KILL $$", (char *)NULL),
	    128 + SIGKILL);
	assert_int_equal(
	    cli(NOENV, "exec", "--", "sh", "-c", "kill -TERM $$", (char *)NULL),
	    128 + SIGTERM);
}

static void test_timeout(void **state)
{
	char tok[32]; /* unique to this run: the count below finds only it */

	(void)state;
	need_bwrap();
	snprintf(tok, sizeof(tok), "100.7171%07d", (int)getpid());
	assert_int_equal(cli(NOENV, "exec", "--timeout", "1", "--", "sleep",
	                     tok, (char *)NULL),
	                 124);
	/* Loose bound: what matters is that `sleep 100` was not waited for. */
	assert_true(res->ms >= 900 && res->ms < 5000);
	assert_non_null(strstr(res->err, "timed out"));
	assert_int_equal(test_count_procs(tok), 0);
}

static void test_not_found(void **state)
{
	(void)state;
	assert_int_equal(cli(NOENV, "exec", "--backend", "none", "--",
	                     "securer-no-such-command", (char *)NULL),
	                 127);
	need_bwrap();
	assert_int_equal(
	    cli(NOENV, "exec", "--", "securer-no-such-command", (char *)NULL),
	    127);
}

/* ---- refusing to run --------------------------------------------------- */

static void test_bad_usage(void **state)
{
	char marker[600];

	(void)state;
	path_in_tmp(marker, sizeof(marker), "usage-marker");
	assert_int_equal(cli(NOENV, "exec", "--bogus", "--backend", "none",
	                     "--", "touch", marker, (char *)NULL),
	                 125);
	assert_non_null(strstr(res->err, "--bogus"));
	assert_int_equal(cli(NOENV, "exec", "--backend", "nope", "--", "touch",
	                     marker, (char *)NULL),
	                 125);
	assert_int_equal(cli(NOENV, "exec", "--timeout", "soon", "--backend",
	                     "none", "--", "touch", marker, (char *)NULL),
	                 125);
	assert_int_equal(cli(NOENV, "nosuchcommand", (char *)NULL), 125);
	/* 125 means "could not run" for every command: conform's bad
	 * options and a harness that cannot start too (it said 2) */
	assert_int_equal(cli(NOENV, "conform", "--jobs", "x", (char *)NULL),
	                 125);
	assert_int_equal(cli(NOENV, "conform", "--attacks-dir",
	                     "/nonexistent/securer-attacks", (char *)NULL),
	                 125);
	assert_non_null(strstr(res->err, "/nonexistent/securer-attacks"));
	/* --ro-bind and --bind take what the policy file takes, with its
	 * errors (one parser: securer_policy_add_bind_spec) */
	assert_int_equal(cli(NOENV, "exec", "--ro-bind", "", "--backend",
	                     "none", "--", "touch", marker, (char *)NULL),
	                 125);
	assert_non_null(strstr(res->err, "bind spec is empty"));
	assert_int_equal(cli(NOENV, "exec", "--bind", ":/x", "--backend",
	                     "none", "--", "touch", marker, (char *)NULL),
	                 125);
	assert_non_null(strstr(res->err, "has no source"));
	assert_int_equal(access(marker, F_OK), -1);
	/* Control: the command itself does create the marker. */
	assert_int_equal(cli(NOENV, "exec", "--backend", "none", "--", "touch",
	                     marker, (char *)NULL),
	                 0);
	assert_int_equal(access(marker, F_OK), 0);
}

static void test_missing_bwrap(void **state)
{
	const char *const env[] = {"SECURER_BWRAP=/nonexistent", NULL};
	char marker[600];

	(void)state;
	path_in_tmp(marker, sizeof(marker), "bwrap-marker");
	assert_int_equal(cli(env, "exec", "--backend", "bwrap", "--bind", tmp,
	                     "--", "touch", marker, (char *)NULL),
	                 125);
	assert_non_null(strstr(res->err, "SECURER_BWRAP"));
	assert_int_equal(access(marker, F_OK), -1);
	/* auto does not fall back to none either: it tries landlock, which
	 * (where it works) runs touch confined, so the marker, bound
	 * nowhere, is still never made; where it does not, nothing runs. */
	assert_int_not_equal(
	    cli(env, "exec", "--", "touch", marker, (char *)NULL), 0);
	assert_int_equal(access(marker, F_OK), -1);
	/* Control: unconfined, the command creates the marker. */
	assert_int_equal(cli(NOENV, "exec", "--backend", "none", "--", "touch",
	                     marker, (char *)NULL),
	                 0);
	assert_int_equal(access(marker, F_OK), 0);
}

static void test_bad_policy(void **state)
{
	char marker[600], bad[600], good[600];

	(void)state;
	path_in_tmp(marker, sizeof(marker), "policy-marker");
	path_in_tmp(bad, sizeof(bad), "bad.json");
	path_in_tmp(good, sizeof(good), "good.json");
	test_write_file(bad, "{\"limits\": {\"cpu_seconds\": 5, "
	                     "\"bogus_key\": 1}}\n");
	test_write_file(good, "{\"limits\": {\"cpu_seconds\": 5}}\n");
	assert_int_equal(cli(NOENV, "exec", "--backend", "none", "--policy",
	                     bad, "--", "touch", marker, (char *)NULL),
	                 125);
	assert_non_null(strstr(res->err, "limits.bogus_key"));
	assert_int_equal(access(marker, F_OK), -1);
	assert_int_equal(cli(NOENV, "exec", "--backend", "none", "--policy",
	                     good, "--", "touch", marker, (char *)NULL),
	                 0);
	assert_int_equal(access(marker, F_OK), 0);
}

/* ---- environment ------------------------------------------------------- */

static void test_env(void **state)
{
	const char *const env[] = {"SECRET_CLI=tok-cli-8c1f27a09e", NULL};
	const char *script = "echo \"FOO=$FOO\"; env; cat /proc/self/environ";
	char pass[600];

	(void)state;
	path_in_tmp(pass, sizeof(pass), "pass.json");
	test_write_file(pass, "{\"env\": {\"pass\": [\"SECRET_CLI\"]}}\n");
	for (int i = 0; i < 2; i++) {
		const char *backend = i == 0 ? "none" : "bwrap";

		if (i == 1)
			need_bwrap();
		assert_int_equal(cli(env, "exec", "--backend", backend, "--env",
		                     "FOO=bar", "--", "sh", "-c", script,
		                     (char *)NULL),
		                 0);
		assert_non_null(strstr(res->out, "FOO=bar\n"));
		assert_null(strstr(res->out, "tok-cli-8c1f27a09e"));
		assert_null(strstr(res->err, "tok-cli-8c1f27a09e"));
		/* Control: passed on purpose, the same command shows it. */
		assert_int_equal(cli(env, "exec", "--backend", backend,
		                     "--policy", pass, "--", "sh", "-c", script,
		                     (char *)NULL),
		                 0);
		assert_non_null(
		    strstr(res->out, "SECRET_CLI=tok-cli-8c1f27a09e"));
	}
}

/* Every command's options have distinct names: -e was once both run's
 * code and the sandbox's --env, and the usage promised both. */
static void test_help_tables(void **state)
{
	static const char *const cmds[] = {"exec",  "run",    "serve",
	                                   "tools", "doctor", "conform",
	                                   "bench", "policy"};

	(void)state;
	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		if (cli(NOENV, cmds[i], "--help", (char *)NULL) != 0)
			fail_msg("securer %s --help: %s", cmds[i], res->err);
		assert_null(strstr(res->err, "internal error"));
		assert_non_null(strstr(res->out, "usage: securer"));
	}
	/* the parser of tools sits behind its subcommand */
	assert_int_equal(cli(NOENV, "tools", "schema", "--help", (char *)NULL),
	                 0);
	assert_non_null(strstr(res->out, "--format"));
}

/* ---- doctor ------------------------------------------------------------ */

static void test_doctor_json(void **state)
{
	cJSON *root, *b;
	int bwrap_works = -1, none_works = -1;

	(void)state;
	need_bwrap();
	assert_int_equal(cli(NOENV, "doctor", "--json", (char *)NULL), 0);
	root = cJSON_Parse(res->out);
	if (!root)
		fail_msg("doctor --json printed no JSON:\n%s", res->out);
	cJSON_ArrayForEach(b, cJSON_GetObjectItem(root, "backends"))
	{
		const cJSON *name = cJSON_GetObjectItem(b, "name");
		int works = cJSON_IsTrue(cJSON_GetObjectItem(b, "works"));

		assert_true(cJSON_IsString(name));
		if (strcmp(name->valuestring, "bwrap") == 0)
			bwrap_works = works;
		else if (strcmp(name->valuestring, "none") == 0)
			none_works = works;
	}
	assert_int_equal(bwrap_works, 1);
	assert_int_equal(none_works, 1);
	assert_true(
	    cJSON_IsTrue(cJSON_GetObjectItem(root, "sandbox_available")));
	assert_non_null(cJSON_GetObjectItem(root, "kernel"));
	cJSON_Delete(root);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_exit_status),
	    cmocka_unit_test(test_timeout),
	    cmocka_unit_test(test_not_found),
	    cmocka_unit_test(test_bad_usage),
	    cmocka_unit_test(test_missing_bwrap),
	    cmocka_unit_test(test_bad_policy),
	    cmocka_unit_test(test_env),
	    cmocka_unit_test(test_help_tables),
	    cmocka_unit_test(test_doctor_json),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
