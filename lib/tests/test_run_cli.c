/*
 * test_run_cli.c - `securer run`, `securer serve` and `securer tools
 * schema` as a user runs them: the value printed for each runtime with a
 * manifest tool, exit statuses (1 code error, 124 timeout, 125 could not
 * run), the --json result shape of docs/tools.md, a serve conversation
 * sharing state, and the schema handed to an LLM API.
 *
 * The manifest lives in a private temp dir with its tool, add.py, run by
 * the host's python3.
 */
#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "support.h"

extern char **environ;

struct cli {
	int status; /* exit status, or 128+N when killed by signal N */
	int64_t ms; /* wall time */
	char out[65536];
	char err[16384];
};

static struct cli *res;
static char *tmp;           /* private temp dir of this test program */
static char manifest[4200]; /* tmp/tools.json */

static const char add_py[] = "import json, sys\n"
                             "args = json.load(sys.stdin)\n"
                             "print(json.dumps(args['a'] + args['b']))\n";

static int setup(void **state)
{
	char path[4200];

	(void)state;
	res = calloc(1, sizeof(*res));
	tmp = test_mkdtemp();
	snprintf(path, sizeof(path), "%s/add.py", tmp);
	test_write_file(path, add_py);
	snprintf(manifest, sizeof(manifest), "%s/tools.json", tmp);
	test_write_file(manifest,
	                "{\"tools\": [{\"name\": \"add\", \"description\": "
	                "\"Add two numbers\", \"args\": {\"a\": \"number\", "
	                "\"b\": \"number\"}, \"command\": [\"python3\", "
	                "\"add.py\"]}]}\n");
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

/* Runs `securer ARGS...` (NULL-terminated) with |input| on stdin (NULL:
 * /dev/null), from the repository root.  Returns the exit status. */
static int cli(const char *input, ...)
{
	char bin[4096], in_path[4200];
	const char *argv[32];
	size_t n = 0;
	int out[2], err[2], ws, in;
	va_list ap;
	int64_t t0;
	pid_t pid;

	test_build_path("bin/securer", bin, sizeof(bin));
	require(access(bin, X_OK) == 0, "securer not built at %s", bin);
	argv[n++] = bin;
	va_start(ap, input);
	while (n < 31 && (argv[n] = va_arg(ap, const char *)))
		n++;
	va_end(ap);
	argv[n] = NULL;
	snprintf(in_path, sizeof(in_path), "%s/stdin", tmp);
	test_write_file(in_path, input ? input : "");
	in = open(in_path, O_RDONLY | O_CLOEXEC);
	assert_true(in >= 0);

	memset(res, 0, sizeof(*res));
	assert_int_equal(pipe2(out, O_CLOEXEC), 0);
	assert_int_equal(pipe2(err, O_CLOEXEC), 0);
	t0 = securer_monotonic_ms();
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		if (dup2(in, 0) < 0 || dup2(out[1], 1) < 0 ||
		    dup2(err[1], 2) < 0)
			_exit(120);
		execve(bin, (char *const *)argv, environ);
		_exit(121);
	}
	close(in);
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

static void need(securer_runtime rt)
{
	test_require_runtime(rt);
}

/* Fails with the command's output when its status is not |want|. */
static void expect_status(int want)
{
	if (res->status != want)
		fail_msg("exit %d, expected %d\nstdout: %.2000s\nstderr: "
		         "%.2000s",
		         res->status, want, res->out, res->err);
}

/* ---- securer run -------------------------------------------------------- */

/* The code's output reaches securer run's stdout while the code still
 * runs: the first line is read while the process has not ended. */
static void test_run_streams(void **state)
{
	char bin[4096], buf[64] = "";
	const char *argv[] = {bin,
	                      "run",
	                      "--runtime",
	                      "python",
	                      "--timeout",
	                      "20",
	                      "-e",
	                      "import time\nprint('early', flush=True)\n"
	                      "time.sleep(20)",
	                      NULL};
	struct pollfd p;
	size_t len = 0;
	int out[2], ws;
	pid_t pid;

	(void)state;
	need(SECURER_RUNTIME_PYTHON);
	test_build_path("bin/securer", bin, sizeof(bin));
	assert_int_equal(pipe2(out, O_CLOEXEC), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		if (dup2(out[1], 1) < 0)
			_exit(120);
		execve(bin, (char *const *)argv, environ);
		_exit(121);
	}
	close(out[1]);
	p = (struct pollfd){out[0], POLLIN, 0};
	while (!strchr(buf, '\n') && len < sizeof(buf) - 1 &&
	       poll(&p, 1, 15000) == 1) {
		ssize_t n = read(out[0], buf + len, sizeof(buf) - 1 - len);

		if (n <= 0)
			break;
		len += (size_t)n;
		buf[len] = '\0';
	}
	/* still running: the line did not wait for the end */
	assert_int_equal(waitpid(pid, &ws, WNOHANG), 0);
	kill(pid, SIGTERM);
	assert_int_equal(waitpid(pid, &ws, 0), pid);
	close(out[0]);
	assert_string_equal(buf, "early\n");
}

static void test_run_each_runtime(void **state)
{
	static const struct {
		securer_runtime rt;
		const char *code;
	} cases[] = {
	    {SECURER_RUNTIME_R, "x <- add(2, 3); x * 2"},
	    {SECURER_RUNTIME_PYTHON, "x = add(2, 3)\nx * 2"},
	    {SECURER_RUNTIME_SH, "x=$(add a=2 b=3); echo $((x * 2))"},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		need(cases[i].rt);
		cli(NULL, "run", "--runtime", securer_runtime_name(cases[i].rt),
		    "--tools", manifest, "-e", cases[i].code, (char *)NULL);
		expect_status(0);
		assert_string_equal(res->out, "10\n");
		assert_string_equal(res->err, "");
	}
}

/* The code from a FILE and from stdin; python is the default runtime. */
static void test_run_code_sources(void **state)
{
	char path[4200];

	(void)state;
	need(SECURER_RUNTIME_PYTHON);
	snprintf(path, sizeof(path), "%s/code.py", tmp);
	test_write_file(path, "print('from a file')\nadd(1, 2)\n");
	cli(NULL, "run", "--tools", manifest, path, (char *)NULL);
	expect_status(0);
	assert_string_equal(res->out, "from a file\n3\n");
	cli("print('from stdin')\n", "run", "-", (char *)NULL);
	expect_status(0);
	assert_string_equal(res->out, "from stdin\n");
	/* both, or neither: a usage error */
	cli(NULL, "run", "-e", "1", path, (char *)NULL);
	expect_status(125);
	cli(NULL, "run", (char *)NULL);
	expect_status(125);
}

static void test_run_timeout(void **state)
{
	(void)state;
	need(SECURER_RUNTIME_PYTHON);
	cli(NULL, "run", "--timeout", "1", "-e", "import time\ntime.sleep(100)",
	    (char *)NULL);
	expect_status(124);
	assert_true(res->ms >= 900);
	assert_true(res->ms < 5000);
	assert_non_null(strstr(res->err, "timeout"));
}

static void test_run_code_errors(void **state)
{
	(void)state;
	need(SECURER_RUNTIME_PYTHON);
	cli(NULL, "run", "--tools", manifest, "-e", "add(\"x\", 3)",
	    (char *)NULL);
	expect_status(1);
	assert_non_null(strstr(res->err, "argument 'a' must be a number"));
	assert_string_equal(res->out, "");

	cli(NULL, "run", "-e", "print('ran')\ndef f(:", (char *)NULL);
	expect_status(1);
	assert_non_null(strstr(res->err, "syntax error"));
	assert_string_equal(res->out, ""); /* nothing ran */

	cli(NULL, "run", "-e", "raise ValueError('mine')", (char *)NULL);
	expect_status(1);
	assert_non_null(strstr(res->err, "ValueError: mine"));

	cli(NULL, "run", "--tools", manifest, "--max-tool-calls", "2", "-e",
	    "for i in range(5):\n    add(i, 1)", (char *)NULL);
	expect_status(1);
	assert_non_null(strstr(res->err, "limit error"));
}

/* 125: securer could not run the code at all. */
static void test_run_cannot_run(void **state)
{
	char path[4200];

	(void)state;
	snprintf(path, sizeof(path), "%s/bad.json", tmp);
	test_write_file(path, "{\"tools\": [{\"name\": \"add\", \"command\": "
	                      "[\"true\"], \"colour\": \"red\"}]}");
	cli(NULL, "run", "--tools", path, "-e", "1", (char *)NULL);
	expect_status(125);
	assert_non_null(strstr(res->err, "colour"));
	assert_string_equal(res->out, "");
	snprintf(path, sizeof(path), "%s/missing.json", tmp);
	cli(NULL, "run", "--tools", path, "-e", "1", (char *)NULL);
	expect_status(125);
	assert_non_null(strstr(res->err, "missing.json"));
	cli(NULL, "run", "--runtime", "ruby", "-e", "1", (char *)NULL);
	expect_status(125);
	cli(NULL, "run", "--max-tool-calls", "0", "-e", "1", (char *)NULL);
	expect_status(125);
	/* Control: the same command with a good manifest runs. */
	need(SECURER_RUNTIME_PYTHON);
	cli(NULL, "run", "--tools", manifest, "-e", "1", (char *)NULL);
	expect_status(0);
	assert_string_equal(res->out, "1\n");
}

/* Every key docs/tools.md lists, and no other. */
static void check_result_shape(const cJSON *o)
{
	static const char *const keys[] = {
	    "value",      "repr",
	    "stdout",     "stdout_truncated",
	    "stderr",     "stderr_truncated",
	    "error",      "duration_ms",
	    "tool_calls", "state_lost",
	};

	assert_true(cJSON_IsObject(o));
	assert_int_equal(cJSON_GetArraySize(o), sizeof(keys) / sizeof(keys[0]));
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (!cJSON_GetObjectItemCaseSensitive(o, keys[i]))
			fail_msg("no key '%s'", keys[i]);
	assert_true(cJSON_IsString(cJSON_GetObjectItem(o, "stdout")));
	assert_true(cJSON_IsBool(cJSON_GetObjectItem(o, "stdout_truncated")));
	assert_true(cJSON_IsNumber(cJSON_GetObjectItem(o, "duration_ms")));
	assert_true(cJSON_IsBool(cJSON_GetObjectItem(o, "state_lost")));
}

static void test_run_json(void **state)
{
	cJSON *o, *e;

	(void)state;
	need(SECURER_RUNTIME_R);
	cli(NULL, "run", "--runtime", "r", "--tools", manifest, "--json", "-e",
	    "cat('hi\\n'); x <- add(2, 3); x * 2", (char *)NULL);
	expect_status(0);
	o = cJSON_Parse(res->out);
	check_result_shape(o);
	assert_int_equal(cJSON_GetObjectItem(o, "value")->valueint, 10);
	assert_string_equal(cJSON_GetObjectItem(o, "repr")->valuestring,
	                    "[1] 10");
	assert_string_equal(cJSON_GetObjectItem(o, "stdout")->valuestring,
	                    "hi\n");
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(o, "error")));
	assert_int_equal(cJSON_GetObjectItem(o, "tool_calls")->valueint, 1);
	assert_true(cJSON_IsFalse(cJSON_GetObjectItem(o, "state_lost")));
	cJSON_Delete(o);

	/* An error: the same shape, error an object; exit status 1. */
	cli(NULL, "run", "--runtime", "r", "--json", "-e", "stop('mine')",
	    (char *)NULL);
	expect_status(1);
	o = cJSON_Parse(res->out);
	check_result_shape(o);
	e = cJSON_GetObjectItem(o, "error");
	assert_string_equal(cJSON_GetObjectItem(e, "kind")->valuestring,
	                    "runtime");
	assert_string_equal(cJSON_GetObjectItem(e, "message")->valuestring,
	                    "mine");
	cJSON_Delete(o);
}

static void test_run_audit_log(void **state)
{
	char path[4200], *text;

	(void)state;
	need(SECURER_RUNTIME_SH);
	snprintf(path, sizeof(path), "%s/audit.jsonl", tmp);
	cli(NULL, "run", "--runtime", "sh", "--tools", manifest, "--audit-log",
	    path, "-e", "add a=1 b=2", (char *)NULL);
	expect_status(0);
	text = securer__read_file(path, 1 << 20);
	assert_non_null(text);
	assert_non_null(strstr(text, "\"event\":\"session_start\""));
	assert_non_null(strstr(text, "\"event\":\"tool_call\""));
	assert_non_null(strstr(text, "\"event\":\"session_close\""));
	free(text);
}

/* ---- securer serve ------------------------------------------------------ */

static void test_serve(void **state)
{
	static const char requests[] =
	    "{\"code\": \"x = add(2, 3)\"}\n"
	    "\n"
	    "{\"code\": \"x * 2\"}\n"
	    "this is not json\n"
	    "{\"code\": 5}\n"
	    "[\"x\"]\n"
	    "{\"code\": \"import time\\ntime.sleep(100)\", "
	    "\"timeout_seconds\": 1}\n"
	    "{\"code\": \"x\"}\n";
	cJSON *lines[8] = {0};
	char *line, *save = NULL;
	int n = 0;

	(void)state;
	need(SECURER_RUNTIME_PYTHON);
	cli(requests, "serve", "--tools", manifest, (char *)NULL);
	expect_status(0); /* EOF ends it */
	for (line = strtok_r(res->out, "\n", &save); line && n < 8;
	     line = strtok_r(NULL, "\n", &save))
		lines[n++] = cJSON_Parse(line);
	assert_int_equal(n, 7); /* the blank line gets no answer */
	assert_null(line);
	for (int i = 0; i < n; i++)
		assert_true(cJSON_IsObject(lines[i]));

	check_result_shape(lines[0]);
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(lines[0], "value")));
	assert_int_equal(cJSON_GetObjectItem(lines[0], "tool_calls")->valueint,
	                 1);
	check_result_shape(lines[1]);
	assert_int_equal(cJSON_GetObjectItem(lines[1], "value")->valueint, 10);
	for (int i = 2; i <= 4; i++) {
		const cJSON *e = cJSON_GetObjectItem(lines[i], "error");

		assert_string_equal(cJSON_GetObjectItem(e, "kind")->valuestring,
		                    "request");
		assert_true(
		    strlen(cJSON_GetObjectItem(e, "message")->valuestring) > 0);
	}
	/* A timeout loses the state, and the session goes on. */
	assert_string_equal(
	    cJSON_GetObjectItem(cJSON_GetObjectItem(lines[5], "error"), "kind")
	        ->valuestring,
	    "timeout");
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(lines[5], "state_lost")));
	assert_non_null(
	    strstr(cJSON_GetObjectItem(cJSON_GetObjectItem(lines[6], "error"),
	                               "message")
	               ->valuestring,
	           "NameError"));
	for (int i = 0; i < n; i++)
		cJSON_Delete(lines[i]);
}

/* Without input, serve starts the session and ends at once. */
static void test_serve_empty(void **state)
{
	(void)state;
	need(SECURER_RUNTIME_SH);
	cli(NULL, "serve", "--runtime", "sh", (char *)NULL);
	expect_status(0);
	assert_string_equal(res->out, "");
	cli(NULL, "serve", "unexpected", (char *)NULL);
	expect_status(125);
}

/* ---- securer tools schema ----------------------------------------------- */

static void test_tools_schema(void **state)
{
	cJSON *arr, *last;
	const char *desc;

	(void)state;
	cli(NULL, "tools", "schema", manifest, "--format", "anthropic",
	    "--runtime", "r", (char *)NULL);
	expect_status(0);
	arr = cJSON_Parse(res->out);
	assert_true(cJSON_IsArray(arr));
	assert_int_equal(cJSON_GetArraySize(arr), 2);
	assert_string_equal(
	    cJSON_GetObjectItem(cJSON_GetArrayItem(arr, 0), "name")
	        ->valuestring,
	    "add");
	assert_non_null(
	    cJSON_GetObjectItem(cJSON_GetArrayItem(arr, 0), "input_schema"));
	last = cJSON_GetArrayItem(arr, 1);
	assert_string_equal(cJSON_GetObjectItem(last, "name")->valuestring,
	                    "execute_code");
	desc = cJSON_GetObjectItem(last, "description")->valuestring;
	assert_non_null(strstr(desc, "Run R code"));
	assert_non_null(strstr(desc, "add(a: number, b: number)"));
	cJSON_Delete(arr);

	/* openai is the default shape */
	cli(NULL, "tools", "schema", manifest, (char *)NULL);
	expect_status(0);
	arr = cJSON_Parse(res->out);
	assert_string_equal(
	    cJSON_GetObjectItem(cJSON_GetArrayItem(arr, 0), "type")
	        ->valuestring,
	    "function");
	cJSON_Delete(arr);

	cli(NULL, "tools", "schema", manifest, "--format", "gemini",
	    (char *)NULL);
	expect_status(125);
	cli(NULL, "tools", "schema", manifest, "--runtime", "ruby",
	    (char *)NULL);
	expect_status(125);
	cli(NULL, "tools", "schema", (char *)NULL);
	expect_status(125);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_run_each_runtime),
	    cmocka_unit_test(test_run_code_sources),
	    cmocka_unit_test(test_run_streams),
	    cmocka_unit_test(test_run_timeout),
	    cmocka_unit_test(test_run_code_errors),
	    cmocka_unit_test(test_run_cannot_run),
	    cmocka_unit_test(test_run_json),
	    cmocka_unit_test(test_run_audit_log),
	    cmocka_unit_test(test_serve),
	    cmocka_unit_test(test_serve_empty),
	    cmocka_unit_test(test_tools_schema),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
