/*
 * test_landlock_userns.c - securer where user namespaces are denied, the way
 * Docker's default seccomp profile denies them: every command runs under
 * the nouserns helper (lib/tests/nouserns.c), the CLI as a user types it.
 *
 *   securer exec -- CMD            runs CMD under landlock (auto says so)
 *                                  and keeps the seed canaries: the home
 *                                  key, an environment secret, host data,
 *                                  a loopback listener, the timeout (124)
 *   securer exec --backend bwrap   exits 125 with bwrap's reason; CMD never
 *                                  runs (its marker never appears)
 *   securer run                    a session under landlock, its audit log
 *                                  saying so and why
 *   securer doctor --json          bwrap unusable, landlock works
 *
 * Controls: the helper really denies namespaces (unshare fails under it,
 * works without it as root), and without it the bwrap command does create
 * its marker where bwrap works.
 */
#include <arpa/inet.h>
#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "internal.h"
#include "support.h"

extern char **environ;

struct out {
	int status;
	char text[32768]; /* stdout and stderr together */
};

static struct out *res;
static char *dir; /* this program's private temp dir: home, data, marker */

static int setup(void **state)
{
	(void)state;
	res = calloc(1, sizeof(*res));
	dir = test_mkdtemp();
	return res ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	test_kill_procs("1000.5353");
	test_rmtree(dir);
	free(dir);
	free(res);
	return 0;
}

/* Runs ARGS (NULL-terminated), under nouserns when |denied|, with this
 * environment plus |extra| (NULL-terminated "NAME=VALUE"s or NULL).
 * Returns the exit status; the output is in res->text. */
static int run(bool denied, const char *const *extra, ...)
{
	char helper[4096], bin[4096];
	const char *argv[40];
	char *envp[256];
	size_t n = 0, ne = 0, len = 0;
	int pipefd[2], ws;
	va_list ap;
	pid_t pid;

	test_build_path("tests/nouserns", helper, sizeof(helper));
	test_build_path("bin/securer", bin, sizeof(bin));
	require(access(helper, X_OK) == 0 && access(bin, X_OK) == 0,
	        "nouserns or securer not built under %s", helper);
	if (denied)
		argv[n++] = helper;
	va_start(ap, extra);
	while (n < 39 && (argv[n] = va_arg(ap, const char *)))
		n++;
	va_end(ap);
	argv[n] = NULL;
	if (strcmp(argv[denied], "securer") == 0)
		argv[denied] = bin;
	for (char **e = environ; *e && ne < 200; e++)
		if (strncmp(*e, "SECURER_BWRAP=", 14) != 0)
			envp[ne++] = *e;
	for (size_t i = 0; extra && extra[i] && ne < 255; i++)
		envp[ne++] = (char *)extra[i];
	envp[ne] = NULL;
	assert_int_equal(pipe2(pipefd, O_CLOEXEC), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		int null = open("/dev/null", O_RDONLY);

		if (null < 0 || dup2(null, 0) < 0 || dup2(pipefd[1], 1) < 0 ||
		    dup2(pipefd[1], 2) < 0)
			_exit(120);
		execvpe(argv[0], (char *const *)argv, envp);
		_exit(127);
	}
	close(pipefd[1]);
	for (ssize_t got; len + 1 < sizeof(res->text) &&
	                  (got = read(pipefd[0], res->text + len,
	                              sizeof(res->text) - 1 - len)) != 0;)
		if (got > 0)
			len += (size_t)got;
		else if (errno != EINTR)
			break;
	res->text[len] = '\0';
	close(pipefd[0]);
	while (waitpid(pid, &ws, 0) < 0)
		assert_int_equal(errno, EINTR);
	res->status = WIFEXITED(ws) ? WEXITSTATUS(ws) : 128 + WTERMSIG(ws);
	return res->status;
}

static void need_landlock(void)
{
	test_require_backend(SECURER_BACKEND_LANDLOCK);
}

static void test_helper_denies(void **state)
{
	(void)state;
	need_landlock();
	assert_int_not_equal(
	    run(true, NULL, "unshare", "-U", "true", (char *)NULL), 0);
	only_if(run(false, NULL, "unshare", "-U", "true", (char *)NULL) == 0,
	        "user namespaces are denied here even without the helper: "
	        "no control");
}

static void test_bwrap_refused(void **state)
{
	char marker[700], why[SECURER__ERR_SIZE];

	(void)state;
	need_landlock();
	snprintf(marker, sizeof(marker), "%s/bwrap-marker", dir);
	assert_int_equal(run(true, NULL, "securer", "exec", "--backend",
	                     "bwrap", "--bind", dir, "--", "touch", marker,
	                     (char *)NULL),
	                 125);
	assert_non_null(strstr(res->text, "bwrap cannot create the sandbox"));
	assert_int_equal(access(marker, F_OK), -1);
	/* Control: where bwrap works, the same command makes the marker. */
	only_if(test_bwrap_works(why, sizeof(why)), "bwrap: %s", why);
	assert_int_equal(run(false, NULL, "securer", "exec", "--backend",
	                     "bwrap", "--bind", dir, "--", "touch", marker,
	                     (char *)NULL),
	                 0);
	assert_int_equal(access(marker, F_OK), 0);
}

static int listen_tcp(int *port)
{
	struct sockaddr_in a = {.sin_family = AF_INET,
	                        .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t len = sizeof(a);
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);

	assert_true(fd >= 0);
	assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof(a)), 0);
	assert_int_equal(listen(fd, 8), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&a, &len), 0);
	*port = ntohs(a.sin_port);
	return fd;
}

static int accepted(int fd)
{
	int n = 0, c;

	while ((c = accept4(fd, NULL, NULL, SOCK_CLOEXEC)) >= 0) {
		close(c);
		n++;
	}
	return n;
}

/* auto under denied namespaces: landlock, and every seed canary kept. */
static void test_exec_keeps_canaries(void **state)
{
	char home[700], key[720], data[700], file[720], env_home[720];
	char script[4096];
	const char *extra[] = {env_home, "OPENAI_API_KEY=sk-userns-env-token",
	                       NULL};
	int port, lfd;
	char *text;

	(void)state;
	need_landlock();
	snprintf(home, sizeof(home), "%s/home", dir);
	snprintf(key, sizeof(key), "%s/.ssh", home);
	assert_int_equal(mkdir(home, 0700), 0);
	assert_int_equal(mkdir(key, 0700), 0);
	snprintf(key, sizeof(key), "%s/.ssh/id_rsa", home);
	test_write_file(key, "userns-ssh-key-token\n");
	snprintf(env_home, sizeof(env_home), "HOME=%s", home);
	snprintf(data, sizeof(data), "%s/prod", dir);
	assert_int_equal(mkdir(data, 0700), 0);
	snprintf(file, sizeof(file), "%s/rows.csv", data);
	test_write_file(file, "id,value\n1,2\n");
	lfd = listen_tcp(&port);
	snprintf(script, sizeof(script),
	         "cat \"$HOME/.ssh/id_rsa\" '%s'; env; cat /proc/self/environ;"
	         "rm -rf '%s'; python3 -c \"import socket; "
	         "socket.create_connection(('127.0.0.1', %d), 2)\";"
	         "curl -s -m 2 http://127.0.0.1:%d/ ; exit 0",
	         key, data, port, port);

	assert_int_equal(run(true, extra, "securer", "exec", "-v", "--", "sh",
	                     "-c", script, (char *)NULL),
	                 0);
	assert_non_null(strstr(res->text, "running under landlock"));
	assert_null(strstr(res->text, "userns-ssh-key-token"));
	assert_null(strstr(res->text, "sk-userns-env-token"));
	text = securer__read_file(file, 100);
	assert_non_null(text);
	assert_string_equal(text, "id,value\n1,2\n");
	free(text);
	assert_int_equal(accepted(lfd), 0);

	/* Control: unconfined, the same script reaches every canary. */
	assert_int_equal(run(true, extra, "securer", "exec", "--backend",
	                     "none", "--net", "host", "--", "sh", "-c", script,
	                     (char *)NULL),
	                 0);
	assert_non_null(strstr(res->text, "userns-ssh-key-token"));
	assert_int_equal(access(file, F_OK), -1);
	assert_true(accepted(lfd) >= 1);
	close(lfd);
}

static void test_exec_timeout(void **state)
{
	(void)state;
	need_landlock();
	assert_int_equal(run(true, NULL, "securer", "exec", "--timeout", "1",
	                     "--", "sh", "-c",
	                     "(setsid sleep 1000.5353 &); sleep 1000.5353",
	                     (char *)NULL),
	                 124);
	assert_int_equal(test_count_procs("1000.5353"), 0);
}

/* A session says in its audit log which backend auto picked, and why. */
static void test_session_audit(void **state)
{
	char log[720], *text;

	(void)state;
	need_landlock();
	snprintf(log, sizeof(log), "%s/audit.jsonl", dir);
	assert_int_equal(run(true, NULL, "securer", "run", "--runtime",
	                     "python", "--audit-log", log, "-e", "print(6 * 7)",
	                     (char *)NULL),
	                 0);
	assert_non_null(strstr(res->text, "42"));
	text = securer__read_file(log, 1 << 16);
	assert_non_null(text);
	assert_non_null(strstr(text, "\"event\":\"session_start\""));
	assert_non_null(strstr(text, "\"backend\":\"landlock\""));
	assert_non_null(strstr(text, "\"auto_reason\":\"bwrap cannot create"));
	free(text);
}

static void test_doctor(void **state)
{
	cJSON *doc, *b;
	int bwrap = -1, landlock = -1;

	(void)state;
	need_landlock();
	assert_int_equal(
	    run(true, NULL, "securer", "doctor", "--json", (char *)NULL), 0);
	doc = cJSON_Parse(res->text);
	assert_non_null(doc);
	cJSON_ArrayForEach(b, cJSON_GetObjectItem(doc, "backends"))
	{
		const char *name =
		    cJSON_GetStringValue(cJSON_GetObjectItem(b, "name"));
		int works = cJSON_IsTrue(cJSON_GetObjectItem(b, "works"));

		if (strcmp(name, "bwrap") == 0)
			bwrap = works;
		if (strcmp(name, "landlock") == 0)
			landlock = works;
	}
	assert_int_equal(bwrap, 0);
	assert_int_equal(landlock, 1);
	assert_true(
	    cJSON_IsTrue(cJSON_GetObjectItem(doc, "sandbox_available")));
	cJSON_Delete(doc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_helper_denies),
	    cmocka_unit_test(test_bwrap_refused),
	    cmocka_unit_test(test_exec_keeps_canaries),
	    cmocka_unit_test(test_exec_timeout),
	    cmocka_unit_test(test_session_audit),
	    cmocka_unit_test(test_doctor),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
