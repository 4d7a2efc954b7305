/*
 * test_rlimit_stack.c - limits.stack_bytes reaches the sandboxed command as
 * RLIMIT_STACK (soft and hard), under bwrap and none, and 0 leaves the
 * caller's limit in place.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "support.h"

#define KiB (INT64_C(1024))
#define MiB (KiB * 1024)

static const securer_backend bwrap = SECURER_BACKEND_BWRAP;
static const securer_backend none = SECURER_BACKEND_NONE;

/* `ulimit -s` and `ulimit -Hs` (KiB) as the sandboxed shell sees them. */
static void stack_seen(securer_backend b, int64_t bytes, char *out, size_t size)
{
	static const char *const argv[] = {"sh", "-c", "ulimit -s; ulimit -Hs",
	                                   NULL};
	securer_policy *p = securer_policy_new();
	struct test_run *r = calloc(1, sizeof(*r));

	assert_non_null(p);
	assert_non_null(r);
	if (bytes >= 0)
		assert_int_equal(
		    securer_policy_set_limit(p, SECURER_LIMIT_STACK, bytes), 0);
	assert_int_equal(test_run_sandbox(r, b, p, argv, NULL, NULL, 0), 0);
	assert_true(r->st.exited);
	assert_int_equal(r->st.exit_code, 0);
	assert_true(strlen(r->out) < size);
	memcpy(out, r->out, strlen(r->out) + 1);
	free(r);
	securer_policy_free(p);
}

static void default_is_8_mib(void **state)
{
	char out[256];

	stack_seen(test_backend_param(state), -1, out, sizeof(out));
	assert_string_equal(out, "8192\n8192\n");
}

static void set_value_binds_soft_and_hard(void **state)
{
	char out[256];

	stack_seen(test_backend_param(state), 3 * MiB, out, sizeof(out));
	assert_string_equal(out, "3072\n3072\n");
}

/* 0 is "no limit": nothing is set, the caller's own limit is inherited. */
static void zero_inherits_the_callers(void **state)
{
	struct rlimit rl;
	char out[256], want[256];

	assert_int_equal(getrlimit(RLIMIT_STACK, &rl), 0);
	if (rl.rlim_cur == RLIM_INFINITY)
		snprintf(want, sizeof(want), "unlimited\n");
	else
		snprintf(want, sizeof(want), "%llu\n",
		         (unsigned long long)(rl.rlim_cur / 1024));
	stack_seen(test_backend_param(state), 0, out, sizeof(out));
	assert_memory_equal(out, want, strlen(want));
}

static void json_key(void **state)
{
	securer_policy *p = securer_policy_new();

	(void)state;
	assert_non_null(p);
	assert_string_equal(securer_limit_name(SECURER_LIMIT_STACK),
	                    "stack_bytes");
	assert_int_equal(securer_policy_load_json(
	                     p, "{\"limits\": {\"stack_bytes\": 1048576}}"),
	                 0);
	assert_int_equal(securer_policy_limit(p, SECURER_LIMIT_STACK), MiB);
	securer_policy_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(json_key),
	    cmocka_unit_test_prestate(default_is_8_mib, (void *)&bwrap),
	    cmocka_unit_test_prestate(default_is_8_mib, (void *)&none),
	    cmocka_unit_test_prestate(set_value_binds_soft_and_hard,
	                              (void *)&bwrap),
	    cmocka_unit_test_prestate(set_value_binds_soft_and_hard,
	                              (void *)&none),
	    cmocka_unit_test_prestate(zero_inherits_the_callers,
	                              (void *)&bwrap),
	    cmocka_unit_test_prestate(zero_inherits_the_callers, (void *)&none),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
