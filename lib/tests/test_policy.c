/*
 * test_policy.c - the policy object: defaults, setters, copies, and the
 * sandbox environment a policy yields.  The JSON form is tested in
 * test_policy_json.c.
 *
 * Every rejected input is also checked for its effect: the policy is the
 * same, to the byte of its JSON form, before and after the failed call.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"
#include "support.h"

#define MiB (INT64_C(1024) * 1024)
#define GiB (MiB * 1024)

/* execve-style vectors are char *const[]; the library never writes them. */
#define ENV(s) ((char *)(s))

/* ---- defaults ---------------------------------------------------------- */

static void test_default_limits(void **state)
{
	static const struct {
		securer_limit which;
		const char *name;
		int64_t value;
	} want[] = {
	    {SECURER_LIMIT_CPU_SECONDS, "cpu_seconds", 60},
	    {SECURER_LIMIT_ADDRESS_SPACE, "address_space_bytes", 1 * GiB},
	    {SECURER_LIMIT_FILE_SIZE, "file_size_bytes", 64 * MiB},
	    {SECURER_LIMIT_OPEN_FILES, "open_files", 256},
	    {SECURER_LIMIT_PROCESSES, "processes", 256},
	    {SECURER_LIMIT_CORE, "core_bytes", 0},
	    {SECURER_LIMIT_TMPFS, "tmpfs_bytes", 64 * MiB},
	    {SECURER_LIMIT_TIMEOUT_MS, "timeout_seconds", 30000},
	    {SECURER_LIMIT_OUTPUT, "output_bytes", 1 * MiB},
	    {SECURER_LIMIT_MESSAGE, "message_bytes", 1 * MiB},
	    {SECURER_LIMIT_TOOL_CALLS, "tool_calls", 1000},
	    {SECURER_LIMIT_STACK, "stack_bytes", 8 * MiB},
	    {SECURER_LIMIT_MEMORY, "memory_bytes", 1024 * MiB},
	};
	securer_policy *p = securer_policy_new();

	(void)state;
	assert_non_null(p);
	/* The table must cover every limit, or a new one goes untested. */
	assert_int_equal(sizeof(want) / sizeof(want[0]), SECURER_LIMIT_COUNT_);
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		assert_int_equal(securer_policy_limit(p, want[i].which),
		                 want[i].value);
		assert_string_equal(securer_limit_name(want[i].which),
		                    want[i].name);
	}
	assert_null(securer_limit_name(SECURER_LIMIT_COUNT_));
	assert_int_equal(securer_policy_limit(p, SECURER_LIMIT_COUNT_), -1);
	assert_int_equal(securer_policy_network(p), SECURER_NET_NONE);
	assert_true(p->system_files);
	assert_string_equal(p->cwd, "/tmp");
	assert_int_equal(p->n_binds, 0);
	assert_int_equal(p->n_env_pass, 0);
	assert_int_equal(p->n_deny, 0);
	securer_policy_free(p);
	securer_policy_free(NULL);
}

static void test_default_env(void **state)
{
	char *const empty[] = {NULL};
	char *const secret[] = {ENV("SECRET=x"), ENV("PATH=/evil"),
	                        ENV("HOME=/root"), NULL};
	securer_policy *p = securer_policy_new();
	struct securer__strv env;

	(void)state;
	assert_non_null(p);
	test_policy_env(p, empty, &env);
	assert_int_equal(env.n, 5);
	assert_non_null(test_env_get(&env, "PATH"));
	assert_string_equal(test_env_get(&env, "HOME"), "/tmp");
	assert_string_equal(test_env_get(&env, "TMPDIR"), "/tmp");
	assert_string_equal(test_env_get(&env, "LANG"), "C.UTF-8");
	assert_string_equal(test_env_get(&env, "TZ"), "UTC");
	securer__strv_release(&env);

	/* Nothing of the caller's environment without env.pass, not even
	 * names the policy also sets. */
	test_policy_env(p, secret, &env);
	assert_int_equal(env.n, 5);
	assert_null(test_env_get(&env, "SECRET"));
	assert_string_not_equal(test_env_get(&env, "PATH"), "/evil");
	assert_string_equal(test_env_get(&env, "HOME"), "/tmp");
	securer__strv_release(&env);
	securer_policy_free(p);
}

/* ---- setters ----------------------------------------------------------- */

static void test_set_limit_range(void **state)
{
	/* The largest accepted value of each limit with a finite maximum. */
	static const struct {
		securer_limit which;
		int64_t max;
	} bounded[] = {
	    {SECURER_LIMIT_CPU_SECONDS, INT32_MAX},
	    {SECURER_LIMIT_OPEN_FILES, 1 << 20},
	    {SECURER_LIMIT_PROCESSES, 1 << 22},
	    {SECURER_LIMIT_TIMEOUT_MS, INT32_MAX},
	    {SECURER_LIMIT_MESSAGE, 1 * GiB},
	    {SECURER_LIMIT_TOOL_CALLS, INT32_MAX},
	};
	securer_policy *p = securer_policy_new();
	char *before;

	(void)state;
	assert_non_null(p);
	for (int i = 0; i < SECURER_LIMIT_COUNT_; i++) {
		securer_limit w = (securer_limit)i;
		int64_t old = securer_policy_limit(p, w);

		before = test_policy_json(p);
		assert_int_equal(securer_policy_set_limit(p, w, -1), -EINVAL);
		assert_non_null(
		    strstr(securer_policy_error(p), securer_limit_name(w)));
		assert_int_equal(securer_policy_limit(p, w), old);
		test_assert_policy_unchanged(p, before);
		free(before);
		/* 0 ("no limit") and a new value are accepted. */
		assert_int_equal(securer_policy_set_limit(p, w, 0), 0);
		assert_int_equal(securer_policy_limit(p, w), 0);
		assert_int_equal(securer_policy_set_limit(p, w, 7), 0);
		assert_int_equal(securer_policy_limit(p, w), 7);
	}
	for (size_t i = 0; i < sizeof(bounded) / sizeof(bounded[0]); i++) {
		assert_int_equal(securer_policy_set_limit(p, bounded[i].which,
		                                          bounded[i].max),
		                 0);
		assert_int_equal(securer_policy_set_limit(p, bounded[i].which,
		                                          bounded[i].max + 1),
		                 -EINVAL);
		assert_int_equal(securer_policy_limit(p, bounded[i].which),
		                 bounded[i].max);
	}
	assert_int_equal(securer_policy_set_limit(p, SECURER_LIMIT_COUNT_, 1),
	                 -EINVAL);
	assert_int_equal(securer_policy_set_limit(p, (securer_limit)-1, 1),
	                 -EINVAL);
	securer_policy_free(p);
}

static void test_set_network(void **state)
{
	securer_policy *p = securer_policy_new();
	char *before;

	(void)state;
	assert_non_null(p);
	assert_int_equal(securer_policy_set_network(p, SECURER_NET_LOOPBACK),
	                 0);
	assert_int_equal(securer_policy_network(p), SECURER_NET_LOOPBACK);
	assert_int_equal(securer_policy_set_network(p, SECURER_NET_HOST), 0);
	assert_int_equal(securer_policy_network(p), SECURER_NET_HOST);
	before = test_policy_json(p);
	assert_int_equal(securer_policy_set_network(p, (securer_net)99),
	                 -EINVAL);
	assert_int_equal(securer_policy_network(p), SECURER_NET_HOST);
	test_assert_policy_unchanged(p, before);
	free(before);
	assert_int_equal(securer_policy_set_network(p, SECURER_NET_NONE), 0);
	assert_int_equal(securer_policy_network(p), SECURER_NET_NONE);
	assert_int_equal(securer_policy_set_system_files(p, 0), 0);
	assert_false(p->system_files);
	assert_int_equal(securer_policy_set_system_files(p, 5), 0);
	assert_true(p->system_files);
	securer_policy_free(p);
}

static void test_binds(void **state)
{
	char *dir = test_mkdtemp(), link[600], sub[600];
	securer_policy *p = securer_policy_new();
	char *before;

	(void)state;
	assert_non_null(p);
	snprintf(sub, sizeof(sub), "%s/real", dir);
	snprintf(link, sizeof(link), "%s/link", dir);
	assert_int_equal(mkdir(sub, 0700), 0);
	assert_int_equal(symlink(sub, link), 0);

	/* The source is resolved now: swapping the link later redirects
	 * nothing. */
	assert_int_equal(securer_policy_add_ro_bind(p, link, NULL), 0);
	assert_int_equal(p->n_binds, 1);
	assert_string_equal(p->binds[0].src, sub);
	assert_string_equal(p->binds[0].dst, sub);
	assert_false(p->binds[0].writable);
	assert_int_equal(securer_policy_add_rw_bind(p, link, "/data"), 0);
	assert_int_equal(p->n_binds, 2);
	assert_string_equal(p->binds[1].src, sub);
	assert_string_equal(p->binds[1].dst, "/data");
	assert_true(p->binds[1].writable);

	before = test_policy_json(p);
	assert_int_equal(securer_policy_add_ro_bind(p, sub, "data"), -EINVAL);
	assert_int_equal(securer_policy_add_rw_bind(p, "", NULL), -EINVAL);
	assert_int_equal(securer_policy_add_rw_bind(p, NULL, NULL), -EINVAL);
	assert_int_equal(
	    securer_policy_add_ro_bind(p, "/nonexistent/securer", NULL),
	    -ENOENT);
	assert_non_null(
	    strstr(securer_policy_error(p), "/nonexistent/securer"));
	assert_int_equal(p->n_binds, 2);
	test_assert_policy_unchanged(p, before);
	free(before);
	securer_policy_free(p);
	test_rmtree(dir);
	free(dir);
}

/* One parser for "SRC[:DST]": the policy file's and the CLI's.  Each
 * refusal leaves the policy unchanged; an empty spec is not read past
 * its end (heap-allocated at its exact size, for AddressSanitizer). */
static void test_bind_spec(void **state)
{
	static const struct {
		const char *spec, *why;
	} bad[] = {
	    {"", "bind spec is empty"},
	    {":/data", "has no source"},
	    {"/tmp:", "has an empty destination"},
	    {"/tmp:data", "not absolute"},
	    {"/nonexistent/securer:/x", "cannot bind '/nonexistent/securer'"},
	};
	securer_policy *p = securer_policy_new();
	char *before, *spec;

	(void)state;
	assert_non_null(p);
	assert_int_equal(securer_policy_add_bind_spec(p, "/tmp", 0), 0);
	assert_int_equal(securer_policy_add_bind_spec(p, "/tmp:/data", 1), 0);
	assert_int_equal(p->n_binds, 2);
	assert_string_equal(p->binds[0].dst, p->binds[0].src);
	assert_false(p->binds[0].writable);
	assert_string_equal(p->binds[1].dst, "/data");
	assert_true(p->binds[1].writable);
	before = test_policy_json(p);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		spec = strdup(bad[i].spec);
		assert_non_null(spec);
		assert_true(securer_policy_add_bind_spec(p, spec, 0) < 0);
		if (!strstr(securer_policy_error(p), bad[i].why))
			fail_msg("'%s': %s", bad[i].spec,
			         securer_policy_error(p));
		free(spec);
	}
	assert_int_equal(securer_policy_add_bind_spec(p, NULL, 1), -EINVAL);
	test_assert_policy_unchanged(p, before);
	free(before);
	securer_policy_free(p);
}

static void test_env_setters(void **state)
{
	char *const empty[] = {NULL};
	securer_policy *p = securer_policy_new();
	struct securer__strv env;
	char *before;

	(void)state;
	assert_non_null(p);
	assert_int_equal(securer_policy_set_env(p, "FOO", "bar"), 0);
	assert_int_equal(securer_policy_set_env(p, "FOO", "baz"), 0);
	assert_int_equal(securer_policy_set_env(p, "TZ", NULL), 0);
	/* Removing what is not there is not an error. */
	assert_int_equal(securer_policy_set_env(p, "NOPE", NULL), 0);
	before = test_policy_json(p);
	assert_int_equal(securer_policy_set_env(p, "A=B", "x"), -EINVAL);
	assert_int_equal(securer_policy_set_env(p, "", "x"), -EINVAL);
	assert_int_equal(securer_policy_set_env(p, NULL, "x"), -EINVAL);
	assert_int_equal(securer_policy_pass_env(p, ""), -EINVAL);
	assert_int_equal(securer_policy_pass_env(p, NULL), -EINVAL);
	test_assert_policy_unchanged(p, before);
	free(before);
	test_policy_env(p, empty, &env);
	assert_string_equal(test_env_get(&env, "FOO"), "baz");
	assert_null(test_env_get(&env, "TZ"));
	assert_null(test_env_get(&env, "NOPE"));
	assert_int_equal(env.n, 5);
	securer__strv_release(&env);
	securer_policy_free(p);
}

static void test_cwd_and_deny(void **state)
{
	securer_policy *p = securer_policy_new();
	char *before;

	(void)state;
	assert_non_null(p);
	assert_int_equal(securer_policy_set_cwd(p, "/work"), 0);
	assert_string_equal(p->cwd, "/work");
	assert_int_equal(securer_policy_deny_syscall(p, "getcwd"), 0);
	assert_int_equal(p->n_deny, 1);
	before = test_policy_json(p);
	assert_int_equal(securer_policy_set_cwd(p, "relative"), -EINVAL);
	assert_non_null(strstr(securer_policy_error(p), "files.cwd"));
	assert_int_equal(securer_policy_set_cwd(p, NULL), -EINVAL);
	assert_int_equal(securer_policy_deny_syscall(p, "no_such_call"),
	                 -EINVAL);
	assert_non_null(strstr(securer_policy_error(p), "no_such_call"));
	assert_int_equal(securer_policy_deny_syscall(p, NULL), -EINVAL);
	test_assert_policy_unchanged(p, before);
	free(before);
	securer_policy_free(p);
}

/* ---- env.pass ---------------------------------------------------------- */

static void test_env_pass(void **state)
{
	char *const caller[] = {ENV("AWS_X=secret1"), ENV("OTHER=secret2"),
	                        ENV("FOO=from-caller"),
	                        ENV("AWS=no-underscore"), NULL};
	securer_policy *p = securer_policy_new();
	struct securer__strv env;

	(void)state;
	assert_non_null(p);
	assert_int_equal(securer_policy_load_json(
	                     p,
	                     "{\"env\": {\"set\": {\"FOO\": \"from-policy\"},"
	                     " \"pass\": [\"AWS_*\"]}}"),
	                 0);
	test_policy_env(p, caller, &env);
	assert_string_equal(test_env_get(&env, "AWS_X"), "secret1");
	assert_null(test_env_get(&env, "OTHER"));
	assert_null(test_env_get(&env, "AWS"));
	assert_string_equal(test_env_get(&env, "FOO"), "from-policy");
	securer__strv_release(&env);

	/* A passed caller value overrides the set one, once. */
	assert_int_equal(securer_policy_pass_env(p, "FOO"), 0);
	test_policy_env(p, caller, &env);
	assert_string_equal(test_env_get(&env, "FOO"), "from-caller");
	assert_null(test_env_get(&env, "OTHER"));
	securer__strv_release(&env);

	/* "*" passes everything, and a caller PATH wins over the policy's. */
	assert_int_equal(
	    securer_policy_load_json(p, "{\"env\": {\"pass\": [\"*\"]}}"), 0);
	{
		char *const with_path[] = {ENV("OTHER=secret2"),
		                           ENV("PATH=/caller/bin"), NULL};

		test_policy_env(p, with_path, &env);
		assert_string_equal(test_env_get(&env, "OTHER"), "secret2");
		assert_string_equal(test_env_get(&env, "PATH"), "/caller/bin");
		assert_string_equal(test_env_get(&env, "HOME"), "/tmp");
		/* HOME TMPDIR LANG TZ FOO set, OTHER PATH passed */
		assert_int_equal(env.n, 7);
		securer__strv_release(&env);
	}
	securer_policy_free(p);
}

/* ---- copies ------------------------------------------------------------ */

static void test_dup(void **state)
{
	char *dir = test_mkdtemp(), *orig, *copy_json;
	securer_policy *p = securer_policy_new(), *d;

	(void)state;
	assert_non_null(p);
	assert_int_equal(securer_policy_add_ro_bind(p, dir, "/in"), 0);
	assert_int_equal(securer_policy_pass_env(p, "AWS_*"), 0);
	assert_int_equal(securer_policy_deny_syscall(p, "uname"), 0);
	d = securer_policy_dup(p);
	assert_non_null(d);
	orig = test_policy_json(p);
	copy_json = test_policy_json(d);
	assert_string_equal(orig, copy_json);
	free(copy_json);

	/* Changing the copy leaves the original alone... */
	assert_int_equal(
	    securer_policy_set_limit(d, SECURER_LIMIT_CPU_SECONDS, 1), 0);
	assert_int_equal(securer_policy_set_network(d, SECURER_NET_HOST), 0);
	assert_int_equal(securer_policy_set_env(d, "PATH", "/x"), 0);
	assert_int_equal(securer_policy_add_rw_bind(d, dir, "/out"), 0);
	assert_int_equal(
	    securer_policy_load_json(
	        d, "{\"env\": {\"pass\": []}, \"syscalls\": {\"deny\": []},"
	           " \"files\": {\"cwd\": \"/in\"}}"),
	    0);
	test_assert_policy_unchanged(p, orig);
	copy_json = test_policy_json(d);
	assert_string_not_equal(orig, copy_json);
	free(copy_json);

	/* ...and the copy owns its memory (ASan sees a use after free). */
	securer_policy_free(p);
	assert_string_equal(d->binds[0].dst, "/in");
	assert_string_equal(d->binds[1].dst, "/out");
	assert_string_equal(d->cwd, "/in");
	free(orig);
	securer_policy_free(d);
	test_rmtree(dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_default_limits),
	    cmocka_unit_test(test_default_env),
	    cmocka_unit_test(test_set_limit_range),
	    cmocka_unit_test(test_set_network),
	    cmocka_unit_test(test_binds),
	    cmocka_unit_test(test_bind_spec),
	    cmocka_unit_test(test_env_setters),
	    cmocka_unit_test(test_cwd_and_deny),
	    cmocka_unit_test(test_env_pass),
	    cmocka_unit_test(test_dup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
