/*
 * test_tools_command.c - the commands that tools from a manifest run:
 * relative paths and working directory, stdin, exit status and the end of
 * stderr, output that is no JSON, timeouts that kill the command's process
 * group, copies of the registry, and a command that leaves its stdin
 * unread.  No sandbox: the commands are trusted host code.  (Loading and
 * validating manifests: test_tools_manifest.c.)
 *
 * Commands are small sh scripts in a private temp dir; the one that times
 * out starts `sleep TOKEN` processes whose token carries our pid, so
 * counting them finds only ours.
 */
#include <cjson/cJSON.h>
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "support.h"
#include "tools.h"

static char *tmp; /* this program's temp dir */
static char sleep_token[64];

static int setup(void **state)
{
	(void)state;
	tmp = test_mkdtemp();
	snprintf(sleep_token, sizeof(sleep_token), "1000.7373%07d",
	         (int)getpid());
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	if (test_kill_procs(sleep_token) > 0)
		fprintf(stderr, "killed leftover sleep %s\n", sleep_token);
	test_rmtree(tmp);
	free(tmp);
	return 0;
}

static void sleep_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/* ---- commands ----------------------------------------------------------- */

/* A manifest in tmp/|sub|, with a tool |name| running |command| (a JSON
 * array text); loaded into a fresh registry. */
static securer_tools *manifest_tool(const char *sub, const char *name,
                                    const char *command, const char *extra)
{
	char dir[PATH_MAX], path[PATH_MAX + 32], text[4096];
	securer_tools *t = securer_tools_new();

	snprintf(dir, sizeof(dir), "%s/%s", tmp, sub);
	mkdir(dir, 0700);
	snprintf(path, sizeof(path), "%s/manifest.json", dir);
	snprintf(text, sizeof(text),
	         "{\"tools\": [{\"name\": \"%s\", \"args\": {\"s\": "
	         "\"string\"}, \"command\": %s%s}]}",
	         name, command, extra ? extra : "");
	test_write_file(path, text);
	if (securer_tools_load_manifest(t, path) != 0)
		fail_msg("%s", securer_tools_error(t));
	return t;
}

/* Runs the one tool of |t| with |args_json| as is (no check): the
 * command's result (malloc'd) or NULL with *error. */
static char *run_raw(securer_tools *t, const char *args_json, char **error)
{
	char *result = NULL;

	*error = NULL;
	if (t->v[0].fn(t->v[0].userdata, args_json, &result, error) != 0) {
		assert_null(result);
		assert_non_null(*error);
		return NULL;
	}
	assert_null(*error);
	return result;
}

/* Relative commands resolve from the manifest's folder, which is also
 * their working directory, whatever ours is. */
static void test_manifest_cwd(void **state)
{
	char dir[PATH_MAX], real[PATH_MAX], script[PATH_MAX + 16],
	    here[PATH_MAX], want[PATH_MAX + 2], *result, *error;
	securer_tools *a, *b;

	(void)state;
	snprintf(dir, sizeof(dir), "%s/tooldir", tmp);
	assert_int_equal(mkdir(dir, 0700), 0);
	snprintf(script, sizeof(script), "%s/pwd.sh", dir);
	test_write_file(script, "#!/bin/sh\nprintf '\"%s\"' \"$(pwd -P)\"\n");
	assert_int_equal(chmod(script, 0700), 0);
	assert_non_null(realpath(dir, real));
	snprintf(want, sizeof(want), "\"%s\"", real);

	/* Loaded by a relative path from elsewhere, run from yet elsewhere. */
	assert_non_null(getcwd(here, sizeof(here)));
	assert_int_equal(chdir(tmp), 0);
	a = manifest_tool("tooldir", "viash", "[\"sh\", \"pwd.sh\"]", NULL);
	b = manifest_tool("tooldir", "direct", "[\"./pwd.sh\"]", NULL);
	assert_int_equal(chdir("/"), 0);
	result = run_raw(a, "{\"s\":\"\"}", &error);
	if (!result)
		fail_msg("sh pwd.sh: %s", error);
	assert_string_equal(result, want);
	free(result);
	result = run_raw(b, "{\"s\":\"\"}", &error);
	if (!result)
		fail_msg("./pwd.sh: %s", error);
	assert_string_equal(result, want);
	free(result);
	assert_int_equal(chdir(here), 0);
	securer_tools_free(a);
	securer_tools_free(b);
}

/* The command's stdin is exactly the arguments' JSON. */
static void test_manifest_stdin(void **state)
{
	static const char args[] = "{\"s\":\"caf\xc3\xa9 \\\"quoted\\\"\\n\"}";
	securer_tools *t = manifest_tool("cat", "echo_args", "[\"cat\"]", NULL);
	char *result, *error;
	cJSON *value = NULL;

	(void)state;
	result = run_raw(t, args, &error);
	assert_non_null(result);
	assert_string_equal(result, args);
	free(result);
	/* Through the checked path too, with a value the code sees. */
	assert_int_equal(
	    test_tool_invoke(t, "echo_args", "{\"s\": \"x\"}", &value, &error),
	    0);
	assert_string_equal(cJSON_GetObjectItem(value, "s")->valuestring, "x");
	cJSON_Delete(value);
	securer_tools_free(t);
}

/* A non-zero exit is an error carrying the end of stderr. */
static void test_manifest_exit_status(void **state)
{
	securer_tools *t = manifest_tool(
	    "exit", "fails",
	    "[\"sh\", \"-c\", \"echo HEAD-MARK >&2; i=0; while [ $i -lt 300 ]; "
	    "do echo 0123456789012345678 >&2; i=$((i+1)); done; "
	    "echo TAIL-MARK >&2; echo 5; exit 3\"]",
	    NULL);
	char *result, *error;

	(void)state;
	result = run_raw(t, "{\"s\":\"\"}", &error);
	assert_null(result);
	assert_non_null(strstr(error, "TAIL-MARK"));
	assert_non_null(strstr(error, "exit status 3"));
	assert_null(strstr(error, "HEAD-MARK")); /* 6 KB ago: dropped */
	assert_true(strlen(error) <= 2000 + 32);
	free(error);
	securer_tools_free(t);

	/* The same with the bulk in large writes (reads past the kept size). */
	t = manifest_tool("exit", "fails_big",
	                  "[\"sh\", \"-c\", \"echo HEAD-MARK >&2; "
	                  "head -c 200000 /dev/zero | tr '\\\\0' y >&2; "
	                  "echo TAIL-MARK >&2; exit 4\"]",
	                  NULL);
	result = run_raw(t, "{\"s\":\"\"}", &error);
	assert_null(result);
	assert_non_null(strstr(error, "yyyyTAIL-MARK (exit status 4)"));
	assert_null(strstr(error, "HEAD-MARK"));
	assert_true(strlen(error) <= 2000 + 32);
	free(error);
	securer_tools_free(t);

	t = manifest_tool("exit", "quiet", "[\"false\"]", NULL);
	result = run_raw(t, "{\"s\":\"\"}", &error);
	assert_null(result);
	assert_non_null(strstr(error, "exit status 1"));
	free(error);
	securer_tools_free(t);

	t = manifest_tool("exit", "missing",
	                  "[\"securer-no-such-command-here\"]", NULL);
	result = run_raw(t, "{\"s\":\"\"}", &error);
	assert_null(result);
	assert_non_null(strstr(error, "cannot run "
	                              "'securer-no-such-command-here': "
	                              "not found on PATH"));
	free(error);
	securer_tools_free(t);
}

static void test_manifest_bad_output(void **state)
{
	static const struct {
		const char *command, *why;
	} cases[] = {
	    {"[\"sh\", \"-c\", \"echo not-json\"]", "no JSON result"},
	    {"[\"sh\", \"-c\", \"printf ''\"]", "no JSON result"},
	    {"[\"sh\", \"-c\", \"printf '{\\\"a\\\":'\"]", "no JSON result"},
	};
	char *result, *error;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		securer_tools *t =
		    manifest_tool("out", "bad", cases[i].command, NULL);

		result = run_raw(t, "{\"s\":\"\"}", &error);
		assert_null(result);
		if (!strstr(error, cases[i].why))
			fail_msg("%s: '%s'", cases[i].command, error);
		free(error);
		securer_tools_free(t);
	}
	/* Control: JSON of any kind is a result. */
	{
		securer_tools *t = manifest_tool(
		    "out", "good", "[\"sh\", \"-c\", \"echo '[1, null]'\"]",
		    NULL);

		result = run_raw(t, "{\"s\":\"\"}", &error);
		assert_non_null(result);
		assert_non_null(strstr(result, "[1, null]"));
		free(result);
		securer_tools_free(t);
	}
}

struct call_thread {
	securer_tools *t;
	char *result, *error;
	int64_t ms;
};

static void *call_in_thread(void *arg)
{
	struct call_thread *c = arg;
	int64_t t0 = securer_monotonic_ms();

	c->result = NULL;
	c->error = NULL;
	c->t->v[0].fn(c->t->v[0].userdata, "{\"s\":\"\"}", &c->result,
	              &c->error);
	c->ms = securer_monotonic_ms() - t0;
	return NULL;
}

/* Past its timeout the command is killed with what it started. */
static void test_manifest_timeout(void **state)
{
	char command[300];
	struct call_thread c;
	pthread_t th;
	int n = 0;

	(void)state;
	snprintf(command, sizeof(command),
	         "[\"sh\", \"-c\", \"sleep %s & sleep %s; echo 1\"]",
	         sleep_token, sleep_token);
	c.t = manifest_tool("slow", "slow", command,
	                    ", \"timeout_seconds\": 0.5");
	assert_int_equal(pthread_create(&th, NULL, call_in_thread, &c), 0);
	/* Control: the shell and both sleeps run while the call waits (the
	 * shell's command line names the token too). */
	for (int i = 0; i < 200 && (n = test_count_procs(sleep_token)) < 3; i++)
		sleep_ms(10);
	assert_int_equal(pthread_join(th, NULL), 0);
	assert_int_equal(n, 3);
	assert_null(c.result);
	assert_non_null(c.error);
	assert_non_null(strstr(c.error, "timed out after 500 ms"));
	assert_true(c.ms >= 450);
	assert_true(c.ms < 5000);
	assert_int_equal(test_procs_gone_within(sleep_token, 1000), 0);
	free(c.error);
	securer_tools_free(c.t);
}

/* A command that closes its output and goes on is still held to its
 * timeout (the call waits for the process, not for its pipes). */
static void test_manifest_timeout_closed_pipes(void **state)
{
	char command[300];
	struct call_thread c;
	pthread_t th;

	(void)state;
	snprintf(command, sizeof(command),
	         "[\"sh\", \"-c\", \"exec >&- 2>&-; sleep %s\"]", sleep_token);
	c.t = manifest_tool("closed", "closed", command,
	                    ", \"timeout_seconds\": 0.5");
	assert_int_equal(pthread_create(&th, NULL, call_in_thread, &c), 0);
	assert_int_equal(pthread_join(th, NULL), 0);
	assert_null(c.result);
	assert_non_null(c.error);
	assert_non_null(strstr(c.error, "timed out after 500 ms"));
	assert_true(c.ms < 5000);
	assert_int_equal(test_procs_gone_within(sleep_token, 1000), 0);
	free(c.error);
	securer_tools_free(c.t);
}

/* The command starts with every signal at its default disposition and
 * none blocked, whatever the calling thread ignores or blocks (an ignored
 * or blocked signal survives exec). */
static void test_manifest_signals_default(void **state)
{
	securer_tools *t = manifest_tool(
	    "sig", "sigstate",
	    "[\"sh\", \"-c\", \"grep -E '^Sig(Blk|Ign)' /proc/self/status "
	    "| tr '\\\\t\\\\n' '  ' | sed 's/.*/\\\"&\\\"/'\"]",
	    NULL);
	struct sigaction ign = {.sa_handler = SIG_IGN}, old_int, old_quit;
	sigset_t block, old_mask;
	char *result, *error;

	(void)state;
	sigemptyset(&block);
	sigaddset(&block, SIGUSR1);
	sigaddset(&block, SIGTERM);
	assert_int_equal(sigaction(SIGINT, &ign, &old_int), 0);
	assert_int_equal(sigaction(SIGQUIT, &ign, &old_quit), 0);
	assert_int_equal(pthread_sigmask(SIG_BLOCK, &block, &old_mask), 0);
	result = run_raw(t, "{\"s\":\"\"}", &error);
	pthread_sigmask(SIG_SETMASK, &old_mask, NULL);
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGQUIT, &old_quit, NULL);
	if (!result)
		fail_msg("sigstate: %s", error);
	assert_string_equal(result, "\"SigBlk: 0000000000000000 "
	                            "SigIgn: 0000000000000000 \"");
	free(result);
	securer_tools_free(t);
}

/* Copies of manifest tools carry their own command. */
static void test_manifest_dup(void **state)
{
	securer_tools *t = manifest_tool("dup", "echo_args", "[\"cat\"]", NULL);
	securer_tools *d = securer__tools_dup(t);
	char *result, *error;

	(void)state;
	assert_non_null(d);
	securer_tools_free(t);
	assert_non_null(d->v[0].command);
	assert_ptr_equal(d->v[0].userdata, d->v[0].command);
	result = run_raw(d, "{\"s\":\"dup\"}", &error);
	assert_non_null(result);
	assert_string_equal(result, "{\"s\":\"dup\"}");
	free(result);
	securer_tools_free(d);
}

/* A command that exits without reading all of its stdin (the arguments,
 * as large as the sandboxed code likes): the host's write then fails with
 * EPIPE, and must not kill the host with SIGPIPE.  Runs in a child
 * process, so that the bug, while present, costs that child only. */
static void test_manifest_unread_stdin(void **state)
{
	securer_tools *t;
	char *args, *result = NULL, *error = NULL;
	size_t n = 300000;
	int ws;
	pid_t pid;

	(void)state;
	t = manifest_tool("unread", "unread", "[\"sh\", \"-c\", \"echo 1\"]",
	                  NULL);
	args = malloc(n + 16);
	assert_non_null(args);
	memcpy(args, "{\"s\":\"", 6);
	memset(args + 6, 'x', n);
	memcpy(args + 6 + n, "\"}", 3);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		int rc = t->v[0].fn(t->v[0].userdata, args, &result, &error);

		/* the command succeeded: its result is 1 */
		_exit(rc == 0 && result && strcmp(result, "1\n") == 0 ? 0 : 1);
	}
	assert_int_equal(waitpid(pid, &ws, 0), pid);
	free(args);
	securer_tools_free(t);
	if (WIFSIGNALED(ws))
		fail_msg("the host was killed by signal %d", WTERMSIG(ws));
	assert_int_equal(WEXITSTATUS(ws), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_manifest_cwd),
	    cmocka_unit_test(test_manifest_stdin),
	    cmocka_unit_test(test_manifest_exit_status),
	    cmocka_unit_test(test_manifest_bad_output),
	    cmocka_unit_test(test_manifest_timeout),
	    cmocka_unit_test(test_manifest_timeout_closed_pipes),
	    cmocka_unit_test(test_manifest_signals_default),
	    cmocka_unit_test(test_manifest_dup),
	    cmocka_unit_test(test_manifest_unread_stdin),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
