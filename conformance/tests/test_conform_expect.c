/*
 * test_conform_expect.c - the expectation files (expect.h): an attack's
 * rule, a runtime's rule over it, and "without": the rule on a machine that
 * lacks one of the attacks' needs (needs.h), checked with the needs "root"
 * and "nonroot", one of which every machine lacks.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common.h"
#include "expect.h"

static const char file[] =
    "{\"backend\": \"none\", \"attacks\": {\n"
    " \"a\": {\"expect\": \"blocked\",\n"
    "       \"without\": {\"root\": {\"expect\": \"succeeded\",\n"
    "                               \"reason\": \"needs root\"}},\n"
    "       \"runtimes\": {\"sh\": {\"expect\": \"skipped\",\n"
    "                             \"reason\": \"no sh\"}}},\n"
    " \"b\": {\"expect\": \"blocked\",\n"
    "       \"without\": {\"nonroot\": {\"expect\": \"succeeded\",\n"
    "                                  \"reason\": \"needs a user\"}}}}}\n";

static int load(const char *text, struct expect_file *f, char *err, size_t size)
{
	char *dir = test_mkdtemp(), path[1024];
	int rc;

	snprintf(path, sizeof(path), "%s/none.json", dir);
	test_write_file(path, text);
	rc = expect_load(dir, "none", f, err, size);
	test_rmtree(dir);
	free(dir);
	return rc;
}

static void test_without(void **state)
{
	struct expect_file f;
	const struct expect_rule *a, *b, *a_sh;
	bool root = geteuid() == 0;
	char err[512];

	(void)state;
	memset(&f, 0, sizeof(f));
	if (load(file, &f, err, sizeof(err)) != 0)
		fail_msg("load: %s", err);
	a = expect_find(&f, "a", "python");
	b = expect_find(&f, "b", "python-session");
	a_sh = expect_find(&f, "a", "sh");
	assert_non_null(a);
	assert_non_null(b);
	assert_non_null(a_sh);
	/* "a" falls back without root, "b" without a non-root user */
	assert_int_equal(a->expect, root ? OUTCOME_BLOCKED : OUTCOME_SUCCEEDED);
	assert_string_equal(a->reason, root ? "" : "needs root");
	assert_int_equal(b->expect, root ? OUTCOME_SUCCEEDED : OUTCOME_BLOCKED);
	assert_string_equal(b->reason, root ? "needs a user" : "");
	/* a runtime's own rule stands either way */
	assert_int_equal(a_sh->expect, OUTCOME_SKIPPED);
	expect_release(&f);
}

static void test_without_malformed(void **state)
{
	static const char not_one_need[] =
	    "\"without\" must be an object with one need as its key";
	static const struct {
		const char *text, *why;
	} bad[] = {
	    {"{\"backend\": \"none\", \"attacks\": {\"a\": {\"expect\": "
	     "\"blocked\", \"without\": \"root\"}}}",
	     not_one_need},
	    {"{\"backend\": \"none\", \"attacks\": {\"a\": {\"expect\": "
	     "\"blocked\", \"without\": {}}}}",
	     not_one_need},
	    {"{\"backend\": \"none\", \"attacks\": {\"a\": {\"expect\": "
	     "\"blocked\", \"without\": {\"root\": {\"expect\": \"blocked\"}, "
	     "\"tty\": {\"expect\": \"blocked\"}}}}}",
	     not_one_need},
	    /* a rule other than blocked needs its reason there too */
	    {"{\"backend\": \"none\", \"attacks\": {\"a\": {\"expect\": "
	     "\"blocked\", \"without\": {\"root\": {\"expect\": "
	     "\"succeeded\"}}}}}",
	     "expects something other than \"blocked\" without a \"reason\""},
	    /* a typo, or a program: always missing, the rule would then
	     * hold everywhere */
	    {"{\"backend\": \"none\", \"attacks\": {\"a\": {\"expect\": "
	     "\"blocked\", \"without\": {\"memgc\": {\"expect\": "
	     "\"succeeded\", \"reason\": \"r\"}}}}}",
	     "\"without\" names no need about the machine"},
	};
	char err[512];

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct expect_file f;

		memset(&f, 0, sizeof(f));
		err[0] = '\0';
		if (load(bad[i].text, &f, err, sizeof(err)) == 0)
			fail_msg("accepted: %s", bad[i].text);
		assert_non_null(strstr(err, "none.json"));
		if (!strstr(err, bad[i].why))
			fail_msg("%s: error \"%s\" lacks \"%s\"", bad[i].text,
			         err, bad[i].why);
		expect_release(&f);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_without),
	    cmocka_unit_test(test_without_malformed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
