/*
 * test_tools_manifest.c - loading tools from a manifest file: what a good
 * one declares (order, types, descriptions, timeouts), the keys and types
 * it refuses (each error naming what is wrong and the file), and loads
 * that add all of a manifest or nothing.  (Running the commands of
 * manifest tools: test_tools_command.c.)
 */
#include <cjson/cJSON.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support.h"
#include "tools.h"

static char *tmp; /* this program's temp dir */

/* A C tool that counts its calls, keeps its last arguments, and answers
 * |result| (as given, NULL included) or fails with |error|. */
struct fake {
	int calls;
	char args[4096];
	const char *result;
	const char *error; /* non-NULL: fail with this message */
	int fail_rc;       /* non-zero: fail with this rc (error may be NULL) */
};

static int fake_fn(void *userdata, const char *args_json, char **result_json,
                   char **error)
{
	struct fake *f = userdata;

	f->calls++;
	snprintf(f->args, sizeof(f->args), "%s", args_json);
	if (f->error || f->fail_rc) {
		*error = f->error ? strdup(f->error) : NULL;
		return f->fail_rc ? f->fail_rc : -1;
	}
	*result_json = f->result ? strdup(f->result) : NULL;
	return 0;
}

static int setup(void **state)
{
	(void)state;
	tmp = test_mkdtemp();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	test_rmtree(tmp);
	free(tmp);
	return 0;
}

/* ---- manifests ---------------------------------------------------------- */

/* Writes |text| to tmp/|name| and returns its path (static buffer). */
static const char *tmp_file(const char *name, const char *text)
{
	static char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s", tmp, name);
	test_write_file(path, text);
	return path;
}

static void test_manifest_loads(void **state)
{
	const char *path = tmp_file(
	    "ok.json",
	    "{\"tools\": [\n"
	    " {\"name\": \"add\", \"description\": \"Add two numbers\",\n"
	    "  \"args\": {\"b\": \"number\", \"a\": {\"type\": \"integer\", "
	    "\"description\": \"the first\"}},\n"
	    "  \"command\": [\"cat\"]},\n"
	    " {\"name\": \"now\", \"command\": [\"sh\", \"-c\", \"echo 1\"], "
	    "\"timeout_seconds\": 2.5}\n"
	    "]}\n");
	securer_tools *t = securer_tools_new();
	cJSON *init;
	char *text;

	(void)state;
	if (securer_tools_load_manifest(t, path) != 0)
		fail_msg("%s", securer_tools_error(t));
	assert_int_equal(securer_tools_count(t), 2);
	/* The declared order is the positional order. */
	init = securer__tools_init_json(t);
	text = cJSON_PrintUnformatted(init);
	assert_string_equal(
	    text, "[{\"name\":\"add\",\"description\":\"Add two numbers\","
	          "\"args\":[{\"name\":\"b\",\"type\":\"number\"},"
	          "{\"name\":\"a\",\"type\":\"integer\"}]},"
	          "{\"name\":\"now\",\"description\":\"\",\"args\":[]}]");
	free(text);
	cJSON_Delete(init);
	assert_string_equal(t->v[0].args[1].description, "the first");
	assert_string_equal(t->v[0].args[0].description, "");
	assert_non_null(t->v[0].command);
	assert_int_equal(t->v[0].command->timeout_ms, 30000); /* default */
	assert_int_equal(t->v[1].command->timeout_ms, 2500);
	securer_tools_free(t);
}

static const struct {
	const char *text;
	const char *why; /* in the error */
} bad_manifests[] = {
    {"not json", "not a JSON object"},
    {"[]", "not a JSON object"},
    {"{\"tools\": {}}", "\"tools\" must be an array"},
    {"{}", "\"tools\" must be an array"},
    {"{\"tools\": [], \"colour\": 1}", "unknown key 'colour'"},
    {"{\"tools\": [{\"name\": \"x\", \"command\": [\"true\"], "
     "\"colour\": \"red\"}]}",
     "tools[0].colour is not a known key"},
    {"{\"tools\": [{\"name\": \"x\", \"command\": [\"true\"], "
     "\"Name\": \"x\"}]}",
     "tools[0].Name is not a known key"},
    {"{\"tools\": [1]}", "tools[0] must be an object"},
    {"{\"tools\": [{\"command\": [\"true\"]}]}", "tools[0].name"},
    {"{\"tools\": [{\"name\": 1, \"command\": [\"true\"]}]}",
     "tools[0].name must be a string"},
    {"{\"tools\": [{\"name\": \"if\", \"command\": [\"true\"]}]}", "'if'"},
    {"{\"tools\": [{\"name\": \"x\", \"description\": 2, "
     "\"command\": [\"true\"]}]}",
     "tools[0].description must be a string"},
    {"{\"tools\": [{\"name\": \"x\"}]}", "tools[0].command"},
    {"{\"tools\": [{\"name\": \"x\", \"command\": []}]}", "tools[0].command"},
    {"{\"tools\": [{\"name\": \"x\", \"command\": \"true\"}]}",
     "tools[0].command"},
    {"{\"tools\": [{\"name\": \"x\", \"command\": [\"true\", 1]}]}",
     "tools[0].command must hold non-empty strings"},
    {"{\"tools\": [{\"name\": \"x\", \"command\": [\"\"]}]}",
     "tools[0].command must hold non-empty strings"},
    {"{\"tools\": [{\"name\": \"x\", \"command\": [\"true\"], "
     "\"timeout_seconds\": 0}]}",
     "tools[0].timeout_seconds"},
    {"{\"tools\": [{\"name\": \"x\", \"command\": [\"true\"], "
     "\"timeout_seconds\": -1}]}",
     "tools[0].timeout_seconds"},
    {"{\"tools\": [{\"name\": \"x\", \"command\": [\"true\"], "
     "\"timeout_seconds\": \"5\"}]}",
     "tools[0].timeout_seconds"},
    {"{\"tools\": [{\"name\": \"x\", \"command\": [\"true\"], "
     "\"timeout_seconds\": 86401}]}",
     "tools[0].timeout_seconds"},
    {"{\"tools\": [{\"name\": \"x\", \"command\": [\"true\"], "
     "\"args\": [\"a\"]}]}",
     "tools[0].args"},
    {"{\"tools\": [{\"name\": \"x\", \"command\": [\"true\"], "
     "\"args\": {\"a\": \"float\"}}]}",
     "tools[0].args types are"},
    {"{\"tools\": [{\"name\": \"x\", \"command\": [\"true\"], "
     "\"args\": {\"a\": 1}}]}",
     "tools[0].args types are"},
    {"{\"tools\": [{\"name\": \"x\", \"command\": [\"true\"], "
     "\"args\": {\"a\": {\"description\": \"no type\"}}}]}",
     "tools[0].args types are"},
    {"{\"tools\": [{\"name\": \"x\", \"command\": [\"true\"], "
     "\"args\": {\"a\": {\"type\": \"string\", \"description\": 5}}}]}",
     "tools[0].args descriptions must be strings"},
    {"{\"tools\": [{\"name\": \"x\", \"command\": [\"true\"], "
     "\"args\": {\"a\": {\"type\": \"string\", \"default\": \"\"}}}]}",
     "tools[0].args.a: unknown key 'default'"},
    {"{\"tools\": [{\"name\": \"x\", \"command\": [\"true\"], "
     "\"args\": {\"a\": \"string\", \"a\": \"number\"}}]}",
     "'a' appears twice"},
    {"{\"tools\": [{\"name\": \"x\", \"command\": [\"true\"], "
     "\"args\": {\"1a\": \"string\"}}]}",
     "'1a'"},
    {"{\"tools\": [{\"name\": \"x\", \"command\": [\"true\"]}, "
     "{\"name\": \"x\", \"command\": [\"true\"]}]}",
     "tools[1]: tool 'x' is already registered"},
};

/* Every bad manifest is refused with a message naming what is wrong, and
 * adds nothing. */
static void test_manifest_errors(void **state)
{
	securer_tools *t = securer_tools_new();
	char missing[PATH_MAX];

	(void)state;
	for (size_t i = 0; i < sizeof(bad_manifests) / sizeof(bad_manifests[0]);
	     i++) {
		const char *path = tmp_file("bad.json", bad_manifests[i].text);

		int want = strstr(bad_manifests[i].why, "already registered")
		               ? -EEXIST
		               : -EINVAL;

		if (securer_tools_load_manifest(t, path) != want)
			fail_msg("not refused with %d: %s", want,
			         bad_manifests[i].text);
		if (!strstr(securer_tools_error(t), bad_manifests[i].why) ||
		    !strstr(securer_tools_error(t), path))
			fail_msg("%s: '%s' lacks '%s' or the path",
			         bad_manifests[i].text, securer_tools_error(t),
			         bad_manifests[i].why);
		assert_int_equal(securer_tools_count(t), 0);
	}
	snprintf(missing, sizeof(missing), "%s/missing.json", tmp);
	assert_int_equal(securer_tools_load_manifest(t, missing), -ENOENT);
	assert_non_null(strstr(securer_tools_error(t), "missing.json"));
	/* Control: a good one loads into the same registry. */
	assert_int_equal(
	    securer_tools_load_manifest(
	        t, tmp_file("good.json", "{\"tools\": [{\"name\": \"x\", "
	                                 "\"command\": [\"true\"]}]}")),
	    0);
	assert_int_equal(securer_tools_count(t), 1);
	securer_tools_free(t);
}

/* A manifest that fails halfway leaves the registry as it was. */
static void test_manifest_atomic(void **state)
{
	struct fake f = {.result = "1"};
	securer_tools *t = securer_tools_new();
	const struct securer__tool *tool;
	cJSON *none = cJSON_Parse("{}");
	cJSON *value = NULL;
	char why[600], *error = NULL;

	(void)state;
	assert_int_equal(securer_tools_add(t, "keep", "", NULL, 0, fake_fn, &f),
	                 0);
	assert_int_equal(
	    securer_tools_load_manifest(
	        t, tmp_file("half.json",
	                    "{\"tools\": ["
	                    "{\"name\": \"one\", \"command\": [\"true\"]},"
	                    "{\"name\": \"two\", \"command\": [\"true\"]},"
	                    "{\"name\": \"three\", \"command\": 3}]}")),
	    -EINVAL);
	assert_int_equal(securer_tools_count(t), 1);
	assert_int_equal(
	    securer__tools_check(t, "one", none, &tool, why, sizeof(why)),
	    -EINVAL);
	/* A manifest tool clashing with a registered one: refused too. */
	assert_int_equal(
	    securer_tools_load_manifest(
	        t, tmp_file("clash.json",
	                    "{\"tools\": ["
	                    "{\"name\": \"one\", \"command\": [\"true\"]},"
	                    "{\"name\": \"keep\", \"command\": [\"true\"]}]}")),
	    -EEXIST);
	assert_int_equal(securer_tools_count(t), 1);
	assert_int_equal(test_tool_invoke(t, "keep", "{}", &value, &error), 0);
	assert_int_equal(value->valueint, 1);
	assert_int_equal(f.calls, 1);
	cJSON_Delete(value);
	cJSON_Delete(none);
	securer_tools_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_manifest_loads),
	    cmocka_unit_test(test_manifest_errors),
	    cmocka_unit_test(test_manifest_atomic),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
