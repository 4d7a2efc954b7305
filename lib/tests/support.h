/*
 * support.h - helpers shared by the library's cmocka tests: sandboxes with
 * captured output, processes, policies, sessions, tools.  These see the
 * library's private headers (the tests test internals); what needs only the
 * public API (skips, build paths, temp dirs) is in common/common.h, which
 * the conformance tests share.
 */
#ifndef SECURER_TEST_SUPPORT_H
#define SECURER_TEST_SUPPORT_H

#include "common.h"
#include "internal.h"
#include "securer.h"

/* Result of running a sandboxed command with captured output. */
struct test_run {
	int start_rc; /* securer_sandbox_start */
	int wait_rc;  /* securer_sandbox_run_to_end */
	pid_t pid;    /* securer_sandbox_pid after the start */
	securer_status st;
	char out[65536]; /* stdout, NUL-terminated, truncated */
	char err[16384]; /* stderr */
	char msg[1024];  /* securer_sandbox_error at the end: why a call
	                    failed, or what limit ended the run */
};

/* Runs argv under |backend| with |policy| (NULL: defaults), stdout and
 * stderr captured, |caller_env| as the caller environment (NULL: environ),
 * extra fds |fds|.  Returns r->start_rc < 0 ? start_rc : wait_rc. */
int test_run_sandbox(struct test_run *r, securer_backend backend,
                     const securer_policy *policy, const char *const argv[],
                     char *const *caller_env, const securer_fd_map *fds,
                     size_t n_fds);

/* The backend a parameterized test runs under (its state points at a
 * securer_backend); skips, with the reason, when bwrap or landlock cannot
 * work. */
securer_backend test_backend_param(void **state);

/* The sandbox environment |p| yields for |caller| (NULL-terminated). */
void test_policy_env(const securer_policy *p, char *const *caller,
                     struct securer__strv *out);
/* The value of |name| in |env|, NULL when absent; fails if it appears
 * twice. */
const char *test_env_get(const struct securer__strv *env, const char *name);
/* securer_policy_to_json, asserted non-NULL; caller frees. */
char *test_policy_json(const securer_policy *p);
/* Asserts that |p| is exactly |before| (its JSON form). */
void test_assert_policy_unchanged(const securer_policy *p, const char *before);

/* Runs |script| with sh in |dir| on the host, as a user with no git
 * configuration of their own (HOME=|dir|, no system config, a fixed
 * author), output discarded: building the repositories of the git tests.
 * Returns system()'s status. */
int test_git_sh(const char *dir, const char *script);

/* ---- sessions (test_session*.c) ----------------------------------------- */

/* A session under test with C tools that count their calls:
 * add(a: number, b: number) returns a + b, boom() fails with
 * "boom-failed", big(n: integer) returns a string of n 'x'.  |s| holds a
 * pointer to this struct as the tools' userdata: keep it in place while
 * the session lives. */
struct test_session {
	securer_session *s;
	securer_runtime rt;
	int add_calls;
	char add_args[1024]; /* the last call's arguments */
	int boom_calls;
	int big_calls;
};

/* Requires bwrap and |rt|'s interpreter (skip, or fail under
 * SECURER_MUST_WORK=1). */
void test_require_runtime(securer_runtime rt);
/* Requires the runtime and the backend of |opts| (bwrap for AUTO), then
 * creates the session with |policy| (NULL: defaults) and |opts| (NULL:
 * defaults) and starts it if |start|. */
void test_session_open(struct test_session *ts, securer_runtime rt,
                       const securer_policy *policy,
                       const securer_session_opts *opts, bool start);
void test_session_close(struct test_session *ts);
/* Executes |code|; asserts the call itself worked.  Caller frees. */
securer_result *test_session_run(struct test_session *ts, const char *code,
                                 const securer_execute_opts *opts);
/* Executes |code| and asserts it succeeded, printing exactly |out| on
 * stdout (NULL: anything). */
void test_session_expect(struct test_session *ts, const char *code,
                         const char *out);
/* Asserts |r| ended with |kind| (its message, if not, in the failure). */
void test_expect_kind(const securer_result *r, securer_error_kind kind);
/* Asserts |r|'s stdout is exactly |out|. */
void test_expect_stdout(const securer_result *r, const char *out);

/* cmocka entries that run |fn| once per runtime, named "fn(sh)" and so
 * on, its state pointing at |table|[rt] (an array indexed by
 * securer_runtime). */
#define TEST_RUNTIME_ENTRY(fn, table, rt, label)                               \
	{                                                                      \
		.name = #fn "(" label ")", .test_func = fn,                    \
		.initial_state = (void *)&(table)[rt]                          \
	}
#define TEST_EACH_RUNTIME(fn, table)                                           \
	TEST_RUNTIME_ENTRY(fn, table, SECURER_RUNTIME_SH, "sh"),               \
	    TEST_RUNTIME_ENTRY(fn, table, SECURER_RUNTIME_PYTHON, "python"),   \
	    TEST_RUNTIME_ENTRY(fn, table, SECURER_RUNTIME_R, "r")

/* Code for |rt| that sets x = 41; code that prints x, or "unset". */
const char *test_code_set_x(securer_runtime rt);
const char *test_code_print_x(securer_runtime rt);
/* |tmpl| with its one "%s" replaced by |arg| (static buffer; the code
 * texts are data, not format strings). */
const char *test_code_with(const char *tmpl, const char *arg);
/* After a failure the host had to handle: asserts |r| says the state is
 * lost, frees it, and checks that the session works again (x is unset,
 * then can be set). */
void test_session_expect_recovered(struct test_session *ts, securer_result *r);

/* ---- tools (test_tools*.c) ---------------------------------------------- */

/* Checks tool |name|'s call with |args_json| (failing the test if the
 * check refuses it), then invokes it: securer__tools_invoke's rc, *value
 * and *error. */
int test_tool_invoke(const securer_tools *t, const char *name,
                     const char *args_json, struct cJSON **value, char **error);

#endif
