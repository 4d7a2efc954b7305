/*
 * test_policy_json.c - the JSON form of a policy: loading documents and
 * files, rejecting bad ones (naming the key), and writing a policy out so
 * that it loads back the same.
 *
 * Every rejected input is also checked for its effect: the policy is the
 * same, to the byte of its JSON form, before and after the failed call.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "support.h"

#define MiB (INT64_C(1024) * 1024)
#define GiB (MiB * 1024)

/* ---- loading ----------------------------------------------------------- */

static void test_load_full(void **state)
{
	char *dir = test_mkdtemp(), json[4096];
	securer_policy *p = securer_policy_new();
	char *const empty[] = {NULL};
	struct securer__strv env;

	(void)state;
	assert_non_null(p);
	snprintf(json, sizeof(json),
	         "{\"version\": 1, \"network\": \"loopback\","
	         " \"files\": {\"system\": false, \"ro\": [\"%s\"],"
	         "  \"rw\": [\"%s:/data\"], \"cwd\": \"/data\"},"
	         " \"env\": {\"set\": {\"FOO\": \"bar\", \"TZ\": null},"
	         "  \"pass\": [\"AWS_*\"]},"
	         " \"limits\": {\"cpu_seconds\": 5,"
	         "  \"address_space_bytes\": 2147483648,"
	         "  \"file_size_bytes\": 1048576, \"open_files\": 64,"
	         "  \"processes\": 32, \"core_bytes\": 4096,"
	         "  \"tmpfs_bytes\": 8388608, \"timeout_seconds\": 2.5,"
	         "  \"output_bytes\": 4096, \"message_bytes\": 8192,"
	         "  \"tool_calls\": 10},"
	         " \"syscalls\": {\"deny\": [\"getcwd\", \"uname\"]}}",
	         dir, dir);
	assert_int_equal(securer_policy_load_json(p, json), 0);
	assert_int_equal(securer_policy_network(p), SECURER_NET_LOOPBACK);
	assert_false(p->system_files);
	assert_int_equal(p->n_binds, 2);
	assert_string_equal(p->binds[0].src, dir);
	assert_false(p->binds[0].writable);
	assert_string_equal(p->binds[1].dst, "/data");
	assert_true(p->binds[1].writable);
	assert_string_equal(p->cwd, "/data");
	assert_int_equal(securer_policy_limit(p, SECURER_LIMIT_CPU_SECONDS), 5);
	assert_int_equal(securer_policy_limit(p, SECURER_LIMIT_ADDRESS_SPACE),
	                 2 * GiB);
	assert_int_equal(securer_policy_limit(p, SECURER_LIMIT_FILE_SIZE), MiB);
	assert_int_equal(securer_policy_limit(p, SECURER_LIMIT_OPEN_FILES), 64);
	assert_int_equal(securer_policy_limit(p, SECURER_LIMIT_PROCESSES), 32);
	assert_int_equal(securer_policy_limit(p, SECURER_LIMIT_CORE), 4096);
	assert_int_equal(securer_policy_limit(p, SECURER_LIMIT_TMPFS), 8 * MiB);
	assert_int_equal(securer_policy_limit(p, SECURER_LIMIT_TIMEOUT_MS),
	                 2500);
	assert_int_equal(securer_policy_limit(p, SECURER_LIMIT_OUTPUT), 4096);
	assert_int_equal(securer_policy_limit(p, SECURER_LIMIT_MESSAGE), 8192);
	assert_int_equal(securer_policy_limit(p, SECURER_LIMIT_TOOL_CALLS), 10);
	assert_int_equal(p->n_deny, 2);
	assert_string_equal(p->deny[1], "uname");
	assert_int_equal(p->n_env_pass, 1);
	test_policy_env(p, empty, &env);
	assert_string_equal(test_env_get(&env, "FOO"), "bar");
	assert_null(test_env_get(&env, "TZ"));
	assert_string_equal(test_env_get(&env, "HOME"), "/tmp");
	securer__strv_release(&env);
	securer_policy_free(p);
	test_rmtree(dir);
	free(dir);
}

/* Each document is invalid in one place; the error must name that key. */
static void test_load_rejects(void **state)
{
	static const struct {
		const char *json;
		const char *key;
		const char *also; /* more the message must say, or NULL */
	} bad[] = {
	    {"{\"bogus\": 1}", "bogus", NULL},
	    {"{\"files\": {\"bogus\": true}}", "files.bogus", NULL},
	    {"{\"env\": {\"bogus\": []}}", "env.bogus", NULL},
	    {"{\"limits\": {\"bogus_seconds\": 1}}", "limits.bogus_seconds",
	     NULL},
	    {"{\"limits\": {\"cpu_seconds\": \"60\"}}", "limits.cpu_seconds",
	     NULL},
	    {"{\"limits\": {\"open_files\": 2.5}}", "limits.open_files", NULL},
	    {"{\"limits\": {\"processes\": -1}}", "limits.processes", NULL},
	    {"{\"limits\": {\"open_files\": 1e12}}", "limits.open_files", NULL},
	    {"{\"limits\": [1]}", "limits", NULL},
	    {"{\"network\": 5}", "network", NULL},
	    {"{\"network\": \"internet\"}", "network", NULL},
	    {"{\"files\": {\"ro\": {}}}", "files.ro", NULL},
	    {"{\"files\": {\"rw\": [3]}}", "files.rw", NULL},
	    {"{\"files\": {\"system\": 1}}", "files.system", NULL},
	    {"{\"files\": {\"cwd\": \"tmp\"}}", "files.cwd", NULL},
	    {"{\"files\": {\"ro\": [\"/nonexistent/securer-test\"]}}",
	     "files.ro", "/nonexistent/securer-test"},
	    {"{\"files\": {\"rw\": [\"/nonexistent/securer-test:/x\"]}}",
	     "files.rw", "/nonexistent/securer-test"},
	    {"{\"files\": {\"ro\": [\"/usr:relative\"]}}", "files.ro",
	     "relative"},
	    {"{\"env\": {\"set\": {\"FOO\": 1}}}", "env.set.FOO", NULL},
	    {"{\"env\": {\"set\": {\"A=B\": \"x\"}}}", "env.set", "A=B"},
	    {"{\"env\": {\"pass\": \"AWS_*\"}}", "env.pass", NULL},
	    {"{\"syscalls\": {\"deny\": [\"no_such_syscall\"]}}",
	     "syscalls.deny", "no_such_syscall"},
	    {"{\"version\": 2}", "version", NULL},
	};
	securer_policy *p = securer_policy_new();

	(void)state;
	assert_non_null(p);
	/* A non-default starting point: a failed load must not reset it. */
	assert_int_equal(
	    securer_policy_load_json(
	        p,
	        "{\"network\": \"loopback\", \"limits\": {\"cpu_seconds\": 9},"
	        " \"env\": {\"pass\": [\"X_*\"]},"
	        " \"syscalls\": {\"deny\": [\"uname\"]}}"),
	    0);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char *before = test_policy_json(p);
		int rc = securer_policy_load_json(p, bad[i].json);

		const char *msg = securer_policy_error(p);

		if (rc != -EINVAL || !strstr(msg, bad[i].key) ||
		    (bad[i].also && !strstr(msg, bad[i].also)))
			fail_msg("%s: rc %d, message '%s' (want -EINVAL naming "
			         "'%s' and '%s')",
			         bad[i].json, rc, msg, bad[i].key,
			         bad[i].also ? bad[i].also : "");
		test_assert_policy_unchanged(p, before);
		free(before);
	}
	securer_policy_free(p);
}

/* Keys before the bad one were applied to a copy only. */
static void test_load_atomic(void **state)
{
	securer_policy *p = securer_policy_new();
	char *before;

	(void)state;
	assert_non_null(p);
	before = test_policy_json(p);
	assert_int_equal(
	    securer_policy_load_json(
	        p, "{\"network\": \"host\", \"limits\": {\"cpu_seconds\": 1},"
	           " \"env\": {\"set\": {\"TZ\": null}, \"pass\": [\"*\"]},"
	           " \"syscalls\": {\"deny\": [\"uname\", \"nope_nope\"]}}"),
	    -EINVAL);
	test_assert_policy_unchanged(p, before);
	assert_int_equal(securer_policy_network(p), SECURER_NET_NONE);
	assert_int_equal(p->n_env_pass, 0);

	assert_int_equal(securer_policy_load_json(p, "{\"network\": "),
	                 -EINVAL);
	assert_int_equal(securer_policy_load_json(p, "[1, 2]"), -EINVAL);
	assert_int_equal(securer_policy_load_json(p, "not json"), -EINVAL);
	assert_int_equal(securer_policy_load_json(p, NULL), -EINVAL);
	test_assert_policy_unchanged(p, before);
	free(before);
	securer_policy_free(p);
}

static void test_load_file(void **state)
{
	char *dir = test_mkdtemp(), path[600];
	securer_policy *p = securer_policy_new();
	char *before;

	(void)state;
	assert_non_null(p);
	snprintf(path, sizeof(path), "%s/missing.json", dir);
	before = test_policy_json(p);
	assert_int_equal(securer_policy_load_file(p, path), -ENOENT);
	assert_non_null(strstr(securer_policy_error(p), path));
	test_assert_policy_unchanged(p, before);

	snprintf(path, sizeof(path), "%s/bad.json", dir);
	test_write_file(path, "{\"limits\": {\"cpu_second\": 3}}\n");
	assert_int_equal(securer_policy_load_file(p, path), -EINVAL);
	assert_non_null(strstr(securer_policy_error(p), path));
	assert_non_null(strstr(securer_policy_error(p), "limits.cpu_second"));
	test_assert_policy_unchanged(p, before);
	free(before);

	snprintf(path, sizeof(path), "%s/good.json", dir);
	test_write_file(path, "{\"limits\": {\"cpu_seconds\": 3}}\n");
	assert_int_equal(securer_policy_load_file(p, path), 0);
	assert_int_equal(securer_policy_limit(p, SECURER_LIMIT_CPU_SECONDS), 3);
	securer_policy_free(p);
	test_rmtree(dir);
	free(dir);
}

static void test_timeout_seconds(void **state)
{
	securer_policy *p = securer_policy_new();

	(void)state;
	assert_non_null(p);
	assert_int_equal(securer_policy_load_json(
	                     p, "{\"limits\": {\"timeout_seconds\": 0.5}}"),
	                 0);
	assert_int_equal(securer_policy_limit(p, SECURER_LIMIT_TIMEOUT_MS),
	                 500);
	assert_int_equal(securer_policy_load_json(
	                     p, "{\"limits\": {\"timeout_seconds\": 0.001}}"),
	                 0);
	assert_int_equal(securer_policy_limit(p, SECURER_LIMIT_TIMEOUT_MS), 1);
	assert_int_equal(securer_policy_load_json(
	                     p, "{\"limits\": {\"timeout_seconds\": -0.5}}"),
	                 -EINVAL);
	assert_int_equal(securer_policy_limit(p, SECURER_LIMIT_TIMEOUT_MS), 1);
	securer_policy_free(p);
}

/* ---- writing ----------------------------------------------------------- */

static void test_round_trip(void **state)
{
	char *dir = test_mkdtemp(), *a, *b;
	securer_policy *p = securer_policy_new(), *q = securer_policy_new();

	(void)state;
	assert_non_null(p);
	assert_non_null(q);
	assert_int_equal(securer_policy_set_network(p, SECURER_NET_LOOPBACK),
	                 0);
	assert_int_equal(securer_policy_set_system_files(p, 0), 0);
	assert_int_equal(securer_policy_add_ro_bind(p, dir, NULL), 0);
	assert_int_equal(securer_policy_add_rw_bind(p, dir, "/data"), 0);
	assert_int_equal(securer_policy_set_cwd(p, "/data"), 0);
	assert_int_equal(securer_policy_set_env(p, "FOO", "a \"quoted\" value"),
	                 0);
	assert_int_equal(securer_policy_pass_env(p, "AWS_*"), 0);
	assert_int_equal(securer_policy_deny_syscall(p, "uname"), 0);
	assert_int_equal(
	    securer_policy_set_limit(p, SECURER_LIMIT_TIMEOUT_MS, 1234), 0);
	assert_int_equal(securer_policy_set_limit(
	                     p, SECURER_LIMIT_ADDRESS_SPACE, 3 * GiB + 1),
	                 0);
	assert_int_equal(securer_policy_set_limit(p, SECURER_LIMIT_CORE, 0), 0);
	assert_int_equal(
	    securer_policy_set_limit(p, SECURER_LIMIT_PROCESSES, 0), 0);
	/* the edges of what JSON carries: a removed default variable and the
	 * largest byte limit */
	assert_int_equal(securer_policy_set_env(p, "TZ", NULL), 0);
	assert_int_equal(securer_policy_set_limit(p, SECURER_LIMIT_FILE_SIZE,
	                                          INT64_C(1) << 53),
	                 0);
	assert_int_equal(securer_policy_set_limit(p, SECURER_LIMIT_TMPFS,
	                                          (INT64_C(1) << 53) + 1),
	                 -EINVAL);
	a = test_policy_json(p);
	b = test_policy_json(q);
	assert_string_not_equal(a, b); /* the comparison below can fail */
	free(b);
	assert_int_equal(securer_policy_load_json(q, a), 0);
	b = test_policy_json(q);
	assert_string_equal(a, b);
	assert_int_equal(securer_policy_limit(q, SECURER_LIMIT_TIMEOUT_MS),
	                 1234);
	assert_int_equal(securer_policy_limit(q, SECURER_LIMIT_FILE_SIZE),
	                 INT64_C(1) << 53);
	assert_null(strstr(b, "\"UTC\""));
	assert_int_equal(securer_policy_limit(q, SECURER_LIMIT_ADDRESS_SPACE),
	                 3 * GiB + 1);
	free(a);
	free(b);
	securer_policy_free(p);
	securer_policy_free(q);
	test_rmtree(dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_load_full),
	    cmocka_unit_test(test_load_rejects),
	    cmocka_unit_test(test_load_atomic),
	    cmocka_unit_test(test_load_file),
	    cmocka_unit_test(test_timeout_seconds),
	    cmocka_unit_test(test_round_trip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
