/*
 * support.c - helpers shared by the library's cmocka tests (support.h).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "support.h"
#include "tools.h"

/* Reads both pipes until EOF, keeping what fits. */
static void drain(int out_fd, char *out, size_t out_size, int err_fd, char *err,
                  size_t err_size)
{
	size_t lens[2] = {0, 0};
	char *bufs[2] = {out, err};
	size_t sizes[2] = {out_size, err_size};
	struct pollfd pfd[2] = {{out_fd, POLLIN, 0}, {err_fd, POLLIN, 0}};
	int open_fds = 2;

	while (open_fds > 0) {
		if (poll(pfd, 2, -1) < 0 && errno != EINTR)
			break;
		for (int i = 0; i < 2; i++) {
			char tmp[4096];
			ssize_t n;

			if (pfd[i].fd < 0 || !pfd[i].revents)
				continue;
			n = read(pfd[i].fd, tmp, sizeof(tmp));
			if (n <= 0) {
				pfd[i].fd = -1;
				open_fds--;
				continue;
			}
			if (lens[i] + 1 < sizes[i]) {
				size_t k = (size_t)n;

				if (k > sizes[i] - 1 - lens[i])
					k = sizes[i] - 1 - lens[i];
				memcpy(bufs[i] + lens[i], tmp, k);
				lens[i] += k;
			}
		}
	}
	out[lens[0]] = '\0';
	err[lens[1]] = '\0';
}

int test_run_sandbox(struct test_run *r, securer_backend backend,
                     const securer_policy *policy, const char *const argv[],
                     char *const *caller_env, const securer_fd_map *fds,
                     size_t n_fds)
{
	securer_policy *defaults = NULL;
	securer_sandbox *sb;
	securer_start_opts o;
	int out[2], err[2];

	memset(r, 0, sizeof(*r));
	if (!policy)
		policy = defaults = securer_policy_new();
	assert_non_null(policy);
	assert_int_equal(pipe2(out, O_CLOEXEC), 0);
	assert_int_equal(pipe2(err, O_CLOEXEC), 0);
	sb = securer_sandbox_new(policy, backend);
	assert_non_null(sb);
	securer_start_opts_init(&o);
	o.stdout_fd = out[1];
	o.stderr_fd = err[1];
	o.caller_env = caller_env;
	o.fds = fds;
	o.n_fds = n_fds;
	r->start_rc = securer_sandbox_start(sb, argv, &o);
	r->pid = r->start_rc == 0 ? securer_sandbox_pid(sb) : 0;
	close(out[1]);
	close(err[1]);
	if (r->start_rc == 0) {
		drain(out[0], r->out, sizeof(r->out), err[0], r->err,
		      sizeof(r->err));
		r->wait_rc = securer_sandbox_run_to_end(sb, -1, &r->st);
	} else {
		drain(out[0], r->out, sizeof(r->out), err[0], r->err,
		      sizeof(r->err));
	}
	/* Also after a run that ended oddly (a limit that killed it). */
	snprintf(r->msg, sizeof(r->msg), "%s", securer_sandbox_error(sb));
	close(out[0]);
	close(err[0]);
	securer_sandbox_free(sb);
	securer_policy_free(defaults);
	return r->start_rc < 0 ? r->start_rc : r->wait_rc;
}

securer_backend test_backend_param(void **state)
{
	securer_backend b = *(securer_backend *)*state;

	test_require_backend(b);
	return b;
}

void test_policy_env(const securer_policy *p, char *const *caller,
                     struct securer__strv *out)
{
	securer__strv_init(out);
	assert_int_equal(securer__policy_build_env(p, caller, out), 0);
}

const char *test_env_get(const struct securer__strv *env, const char *name)
{
	size_t len = strlen(name);
	const char *found = NULL;

	for (size_t i = 0; i < env->n; i++) {
		if (strncmp(env->v[i], name, len) != 0 || env->v[i][len] != '=')
			continue;
		if (found)
			fail_msg("%s appears twice in the environment", name);
		found = env->v[i] + len + 1;
	}
	return found;
}

char *test_policy_json(const securer_policy *p)
{
	char *s = securer_policy_to_json(p);

	assert_non_null(s);
	return s;
}

void test_assert_policy_unchanged(const securer_policy *p, const char *before)
{
	char *after = test_policy_json(p);

	assert_string_equal(before, after);
	free(after);
}

/* ---- sessions ----------------------------------------------------------- */

static int add_fn(void *userdata, const char *args_json, char **result_json,
                  char **error)
{
	struct test_session *ts = userdata;
	cJSON *args = cJSON_Parse(args_json);
	double sum = cJSON_GetNumberValue(cJSON_GetObjectItem(args, "a")) +
	             cJSON_GetNumberValue(cJSON_GetObjectItem(args, "b"));
	cJSON *v = cJSON_CreateNumber(sum);

	ts->add_calls++;
	snprintf(ts->add_args, sizeof(ts->add_args), "%s", args_json);
	*result_json = cJSON_PrintUnformatted(v);
	cJSON_Delete(v);
	cJSON_Delete(args);
	if (!*result_json) {
		*error = strdup("out of memory");
		return -1;
	}
	return 0;
}

static int boom_fn(void *userdata, const char *args_json, char **result_json,
                   char **error)
{
	struct test_session *ts = userdata;

	(void)args_json;
	(void)result_json;
	ts->boom_calls++;
	*error = strdup("boom-failed");
	return -1;
}

static int big_fn(void *userdata, const char *args_json, char **result_json,
                  char **error)
{
	struct test_session *ts = userdata;
	cJSON *args = cJSON_Parse(args_json);
	double n = cJSON_GetNumberValue(cJSON_GetObjectItem(args, "n"));
	char *s;

	cJSON_Delete(args);
	ts->big_calls++;
	if (!(n >= 0 && n <= 10e6) || !(s = malloc((size_t)n + 3))) {
		*error = strdup("n must be in [0, 10e6]");
		return -1;
	}
	s[0] = '"';
	memset(s + 1, 'x', (size_t)n);
	memcpy(s + 1 + (size_t)n, "\"", 2);
	*result_json = s;
	return 0;
}

void test_require_runtime(securer_runtime rt)
{
	char why[SECURER__ERR_SIZE];

	require(test_bwrap_works(why, sizeof(why)), "bwrap: %s", why);
	require(securer_runtime_probe(rt, why, sizeof(why)) == 0,
	        "%s runtime: %s", securer_runtime_name(rt), why);
}

void test_session_open(struct test_session *ts, securer_runtime rt,
                       const securer_policy *policy,
                       const securer_session_opts *opts, bool start)
{
	static const securer_tool_arg ab[] = {{"a", SECURER_TYPE_NUMBER, NULL},
	                                      {"b", SECURER_TYPE_NUMBER, NULL}};
	static const securer_tool_arg n = {"n", SECURER_TYPE_INTEGER, NULL};
	securer_policy *defaults = NULL;
	securer_tools *tools;
	char why[SECURER__ERR_SIZE];

	test_require_backend(opts ? opts->backend : SECURER_BACKEND_AUTO);
	require(securer_runtime_probe(rt, why, sizeof(why)) == 0,
	        "%s runtime: %s", securer_runtime_name(rt), why);
	memset(ts, 0, sizeof(*ts));
	ts->rt = rt;
	if (!policy)
		policy = defaults = securer_policy_new();
	tools = securer_tools_new();
	assert_non_null(policy);
	assert_non_null(tools);
	assert_int_equal(securer_tools_add(tools, "add", "Add two numbers", ab,
	                                   2, add_fn, ts),
	                 0);
	assert_int_equal(
	    securer_tools_add(tools, "boom", "Fails", NULL, 0, boom_fn, ts), 0);
	assert_int_equal(
	    securer_tools_add(tools, "big", "A long string", &n, 1, big_fn, ts),
	    0);
	ts->s = securer_session_new(policy, rt, tools, opts);
	assert_non_null(ts->s);
	securer_tools_free(tools);
	securer_policy_free(defaults);
	if (start && securer_session_start(ts->s) != 0)
		fail_msg("%s session: %s", securer_runtime_name(rt),
		         securer_session_error(ts->s));
}

void test_session_close(struct test_session *ts)
{
	securer_session_free(ts->s);
	ts->s = NULL;
}

securer_result *test_session_run(struct test_session *ts, const char *code,
                                 const securer_execute_opts *opts)
{
	securer_result *r = NULL;

	if (securer_session_execute(ts->s, code, opts, &r) != 0)
		fail_msg("execute: %s", securer_session_error(ts->s));
	assert_non_null(r);
	return r;
}

void test_expect_kind(const securer_result *r, securer_error_kind kind)
{
	size_t n = 0;
	const char *err = securer_result_stderr(r, &n, NULL);

	if (securer_result_error(r) != kind)
		fail_msg("expected %s, got %s: %s (stderr: %.300s)",
		         securer_error_kind_name(kind),
		         securer_error_kind_name(securer_result_error(r)),
		         securer_result_message(r), err);
}

void test_expect_stdout(const securer_result *r, const char *out)
{
	size_t n = 0;
	const char *got = securer_result_stdout(r, &n, NULL);

	if (n != strlen(out) || memcmp(got, out, n) != 0)
		fail_msg("stdout '%.300s' (%zu bytes), expected '%s'", got, n,
		         out);
}

void test_session_expect(struct test_session *ts, const char *code,
                         const char *out)
{
	securer_result *r = test_session_run(ts, code, NULL);

	test_expect_kind(r, SECURER_ERROR_NONE);
	if (out)
		test_expect_stdout(r, out);
	securer_result_free(r);
}

/* Per runtime: code that sets x = 41, and code that prints x or "unset". */
static const struct {
	const char *set_x, *print_x;
} x_code[SECURER_RUNTIME_COUNT_] = {
    [SECURER_RUNTIME_SH] = {"x=41", "echo \"${x-unset}\""},
    [SECURER_RUNTIME_PYTHON] = {"x = 41", "print(globals().get('x', 'unset'))"},
    [SECURER_RUNTIME_R] = {"x <- 41", "cat(if (exists('x')) x else "
                                      "'unset', '\\n', sep = '')"},
};

const char *test_code_set_x(securer_runtime rt)
{
	assert_true((unsigned)rt < SECURER_RUNTIME_COUNT_);
	return x_code[rt].set_x;
}

const char *test_code_print_x(securer_runtime rt)
{
	assert_true((unsigned)rt < SECURER_RUNTIME_COUNT_);
	return x_code[rt].print_x;
}

const char *test_code_with(const char *tmpl, const char *arg)
{
	static char code[4096];
	const char *at = strstr(tmpl, "%s");

	assert_non_null(at);
	snprintf(code, sizeof(code), "%.*s%s%s", (int)(at - tmpl), tmpl, arg,
	         at + 2);
	return code;
}

void test_session_expect_recovered(struct test_session *ts, securer_result *r)
{
	assert_int_equal(securer_result_state_lost(r), 1);
	securer_result_free(r);
	test_session_expect(ts, test_code_print_x(ts->rt), "unset\n");
	test_session_expect(ts, test_code_set_x(ts->rt), "");
	test_session_expect(ts, test_code_print_x(ts->rt), "41\n");
}

/* ---- tools -------------------------------------------------------------- */

int test_tool_invoke(const securer_tools *t, const char *name,
                     const char *args_json, struct cJSON **value, char **error)
{
	const struct securer__tool *tool = NULL;
	cJSON *args = cJSON_Parse(args_json);
	char why[600];
	int rc;

	assert_non_null(args);
	if (securer__tools_check(t, name, args, &tool, why, sizeof(why)) < 0)
		fail_msg("%s: %s", name, why);
	rc = securer__tools_invoke(tool, args, value, error);
	cJSON_Delete(args);
	return rc;
}

int test_git_sh(const char *dir, const char *script)
{
	char cmd[8192];

	if (snprintf(cmd, sizeof(cmd),
	             "cd '%s' && env -i PATH=/usr/bin:/bin HOME='%s' "
	             "GIT_CONFIG_NOSYSTEM=1 GIT_AUTHOR_NAME=t "
	             "GIT_AUTHOR_EMAIL=t@t GIT_COMMITTER_NAME=t "
	             "GIT_COMMITTER_EMAIL=t@t sh -c '%s' >/dev/null 2>&1",
	             dir, dir, script) >= (int)sizeof(cmd))
		fail_msg("test_git_sh: script too long");
	return system(cmd);
}
