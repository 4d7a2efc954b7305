/*
 * test_tools.c - the tool registry: names and argument lists it refuses,
 * the checks every call passes before a tool runs (unknown tool, missing,
 * extra and mistyped arguments), running a C callback, and copies.  No
 * sandbox, no commands: manifests are in test_tools_manifest.c, the
 * schemas handed to LLM APIs in test_tools_schema.c.
 */
#include <cjson/cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support.h"
#include "tools.h"

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

/* ---- registering -------------------------------------------------------- */

static const struct {
	const char *name;
	int rc;
} name_cases[] = {
    {"add", 0},
    {"_private", 0},
    {"a1_B2", 0},
    {"x234567890123456789012345678901234567890123456789012345678901234", 0},
    {"x2345678901234567890123456789012345678901234567890123456789012345",
     -EINVAL}, /* 65 characters */
    {"", -EINVAL},
    {"1abc", -EINVAL},
    {"a-b", -EINVAL},
    {"a b", -EINVAL},
    {"a.b", -EINVAL},
    {"caf\xc3\xa9", -EINVAL},
    {"if", -EINVAL},       /* every runtime */
    {"function", -EINVAL}, /* R */
    {"TRUE", -EINVAL},     /* R */
    {"NULL", -EINVAL},     /* R */
    {"do", -EINVAL},       /* sh */
    {"done", -EINVAL},     /* sh */
    {"class", -EINVAL},    /* Python */
    {"lambda", -EINVAL},   /* Python */
    {"None", -EINVAL},     /* Python */
    {"__securer", -EINVAL},
    {"__securer_call", -EINVAL},
    {"securer", -EINVAL}, /* the runtimes' own module */
    {"add", -EEXIST},     /* the first case registered it */
};

static void test_add_names(void **state)
{
	securer_tools *t = securer_tools_new();
	const securer_tool_arg arg = {"a", SECURER_TYPE_NUMBER, NULL};
	struct fake f = {0};
	size_t count = 0;

	(void)state;
	assert_non_null(t);
	for (size_t i = 0; i < sizeof(name_cases) / sizeof(name_cases[0]);
	     i++) {
		int rc = securer_tools_add(t, name_cases[i].name, "d", &arg, 1,
		                           fake_fn, &f);

		if (rc != name_cases[i].rc)
			fail_msg("'%s': rc %d, expected %d (%s)",
			         name_cases[i].name, rc, name_cases[i].rc,
			         securer_tools_error(t));
		count += rc == 0;
		assert_int_equal(securer_tools_count(t), count);
		if (rc < 0 && name_cases[i].name[0])
			assert_non_null(
			    strstr(securer_tools_error(t), name_cases[i].name));
	}
	assert_int_equal(securer_tools_add(t, NULL, "d", NULL, 0, fake_fn, &f),
	                 -EINVAL);
	assert_int_equal(securer_tools_count(t), count);
	securer_tools_free(t);
}

static void test_add_args(void **state)
{
	securer_tools *t = securer_tools_new();
	securer_tool_arg args[65];
	struct fake f = {0};
	char names[65][8];

	(void)state;
	assert_non_null(t);
	for (int i = 0; i < 65; i++) {
		snprintf(names[i], sizeof(names[i]), "a%d", i);
		args[i] =
		    (securer_tool_arg){names[i], SECURER_TYPE_STRING, NULL};
	}
	/* 65 arguments are too many; 64 are fine */
	assert_int_equal(
	    securer_tools_add(t, "many", "", args, 65, fake_fn, &f), -EINVAL);
	assert_int_equal(
	    securer_tools_add(t, "many", "", args, 64, fake_fn, &f), 0);

	args[1].name = "a0";
	assert_int_equal(securer_tools_add(t, "dup", "", args, 2, fake_fn, &f),
	                 -EINVAL);
	assert_non_null(strstr(securer_tools_error(t), "'a0' appears twice"));
	args[1].name = "if";
	assert_int_equal(securer_tools_add(t, "kw", "", args, 2, fake_fn, &f),
	                 -EINVAL);
	args[1].name = "__securer_x";
	assert_int_equal(securer_tools_add(t, "res", "", args, 2, fake_fn, &f),
	                 -EINVAL);
	args[1].name = "";
	assert_int_equal(
	    securer_tools_add(t, "empty", "", args, 2, fake_fn, &f), -EINVAL);
	args[1].name = NULL;
	assert_int_equal(securer_tools_add(t, "null", "", args, 2, fake_fn, &f),
	                 -EINVAL);
	args[1] = (securer_tool_arg){"b", SECURER_TYPE_COUNT_, NULL};
	assert_int_equal(securer_tools_add(t, "type", "", args, 2, fake_fn, &f),
	                 -EINVAL);
	args[1] = (securer_tool_arg){"b", (securer_type)-1, NULL};
	assert_int_equal(securer_tools_add(t, "type", "", args, 2, fake_fn, &f),
	                 -EINVAL);
	assert_int_equal(securer_tools_add(t, "nofn", "", NULL, 0, NULL, &f),
	                 -EINVAL);
	assert_int_equal(securer_tools_count(t), 1);
	/* Control: the same names, fixed, register. */
	args[1] = (securer_tool_arg){"b", SECURER_TYPE_ARRAY, NULL};
	assert_int_equal(securer_tools_add(t, "type", "", args, 2, fake_fn, &f),
	                 0);
	assert_int_equal(
	    securer_tools_add(t, "noargs", NULL, NULL, 0, fake_fn, &f), 0);
	assert_int_equal(securer_tools_count(t), 3);
	securer_tools_free(t);
}

static void test_types(void **state)
{
	securer_type ty = SECURER_TYPE_COUNT_;

	(void)state;
	for (int i = 0; i < SECURER_TYPE_COUNT_; i++) {
		assert_int_equal(securer_type_from_name(
		                     securer_type_name((securer_type)i), &ty),
		                 0);
		assert_int_equal(ty, i);
	}
	assert_string_equal(securer_type_name(SECURER_TYPE_INTEGER), "integer");
	assert_int_equal(securer_type_from_name("float", &ty), -EINVAL);
	assert_int_equal(securer_type_from_name("String", &ty), -EINVAL);
	assert_int_equal(securer_type_from_name(NULL, &ty), -EINVAL);
	assert_string_equal(securer_type_name(SECURER_TYPE_COUNT_), "unknown");
}

/* ---- checking calls ----------------------------------------------------- */

/* A tool with one argument of each type. */
static securer_tools *typed_tools(struct fake *f)
{
	static const securer_tool_arg args[] = {
	    {"s", SECURER_TYPE_STRING, NULL},
	    {"n", SECURER_TYPE_NUMBER, NULL},
	    {"i", SECURER_TYPE_INTEGER, NULL},
	    {"b", SECURER_TYPE_BOOLEAN, NULL},
	    {"o", SECURER_TYPE_OBJECT, NULL},
	    {"a", SECURER_TYPE_ARRAY, NULL},
	};
	securer_tools *t = securer_tools_new();

	assert_non_null(t);
	assert_int_equal(securer_tools_add(t, "typed", "", args, 6, fake_fn, f),
	                 0);
	assert_int_equal(
	    securer_tools_add(t, "nullary", "", NULL, 0, fake_fn, f), 0);
	return t;
}

#define GOOD_ARGS                                                              \
	"\"s\":\"x\",\"n\":2.5,\"i\":3,\"b\":true,\"o\":{\"k\":1},\"a\":[1,2]"

/* The arguments of a call: GOOD_ARGS with member |key| replaced by |value|
 * (|value| NULL: removed). */
static cJSON *args_with(const char *key, const char *value)
{
	cJSON *args = cJSON_Parse("{" GOOD_ARGS "}");

	assert_non_null(args);
	if (key) {
		cJSON_DeleteItemFromObjectCaseSensitive(args, key);
		if (value) {
			cJSON *v = cJSON_Parse(value);

			assert_non_null(v);
			cJSON_AddItemToObject(args, key, v);
		}
	}
	return args;
}

static const struct {
	const char *key, *value; /* replaced member */
	const char *why;         /* NULL: accepted */
} check_cases[] = {
    {NULL, NULL, NULL},
    {"s", "\"\"", NULL},
    {"n", "3", NULL},
    {"n", "-1e300", NULL},
    {"i", "3.0", NULL},
    {"i", "1e3", NULL},
    {"i", "-7", NULL},
    {"i", "9007199254740992", NULL},  /* 2^53 */
    {"i", "-9007199254740992", NULL}, /* -2^53 */
    {"o", "{}", NULL},
    {"a", "[]", NULL},
    {"b", "false", NULL},
    {"s", "3", "argument 's' must be a string, not a number"},
    {"s", "null", "argument 's' must be a string, not null"},
    {"s", "[\"x\"]", "argument 's' must be a string, not an array"},
    {"n", "\"2\"", "argument 'n' must be a number, not a string"},
    {"n", "true", "argument 'n' must be a number, not a boolean"},
    {"n", "null", "argument 'n' must be a number, not null"},
    {"n", "1e400", "argument 'n' must be a number"}, /* infinite */
    {"i", "2.5", "argument 'i' must be an integer, not a number"},
    {"i", "18014398509481984", "argument 'i' must be an integer"}, /* 2^54 */
    {"i", "\"3\"", "argument 'i' must be an integer, not a string"},
    {"i", "1e400", "argument 'i' must be an integer"},
    {"b", "1", "argument 'b' must be a boolean, not a number"},
    {"b", "\"true\"", "argument 'b' must be a boolean, not a string"},
    {"b", "null", "argument 'b' must be a boolean, not null"},
    {"o", "[]", "argument 'o' must be an object, not an array"},
    {"o", "null", "argument 'o' must be an object, not null"},
    {"o", "\"{}\"", "argument 'o' must be an object, not a string"},
    {"a", "{}", "argument 'a' must be an array, not an object"},
    {"a", "\"[]\"", "argument 'a' must be an array, not a string"},
    {"a", "null", "argument 'a' must be an array, not null"},
    {"s", NULL, "argument 's' is missing"},
    {"a", NULL, "argument 'a' is missing"},
    {"extra", "1", "unexpected argument 'extra'"},
    {"S", "\"x\"", "unexpected argument 'S'"},
};

static void test_check(void **state)
{
	struct fake f = {0};
	securer_tools *t = typed_tools(&f);

	(void)state;
	for (size_t i = 0; i < sizeof(check_cases) / sizeof(check_cases[0]);
	     i++) {
		cJSON *args =
		    args_with(check_cases[i].key, check_cases[i].value);
		const struct securer__tool *tool = NULL;
		char why[600] = "";
		int rc = securer__tools_check(t, "typed", args, &tool, why,
		                              sizeof(why));

		if (!check_cases[i].why) {
			if (rc != 0)
				fail_msg("%s=%s refused: %s",
				         check_cases[i].key ? check_cases[i].key
				                            : "-",
				         check_cases[i].value, why);
			assert_non_null(tool);
			assert_string_equal(tool->name, "typed");
		} else {
			if (rc != -EINVAL)
				fail_msg("%s=%s accepted", check_cases[i].key,
				         check_cases[i].value);
			assert_null(tool);
			if (!strstr(why, check_cases[i].why) ||
			    strncmp(why, "typed(): ", 9) != 0)
				fail_msg("%s=%s: '%s' lacks '%s'",
				         check_cases[i].key,
				         check_cases[i].value, why,
				         check_cases[i].why);
		}
		cJSON_Delete(args);
	}
	assert_int_equal(f.calls, 0); /* checking never calls */
	securer_tools_free(t);
}

/* What the sandboxed code can send besides wrong types. */
static void test_check_shapes(void **state)
{
	static const struct {
		const char *tool, *args, *why;
	} cases[] = {
	    {"nope", "{}", "no tool named 'nope'"},
	    {"Typed", "{" GOOD_ARGS "}", "no tool named 'Typed'"},
	    {"", "{}", "no tool named ''"},
	    {"typed", "[]", "typed(): arguments must be an object"},
	    {"typed", "null", "typed(): arguments must be an object"},
	    {"typed", "{" GOOD_ARGS ",\"s\":\"y\"}",
	     "typed(): argument 's' given twice"},
	    {"nullary", "{\"x\":1}", "nullary(): unexpected argument 'x'"},
	    {"nullary", "{}", NULL},
	};
	struct fake f = {0};
	securer_tools *t = typed_tools(&f);
	const struct securer__tool *tool;
	char why[600];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		cJSON *args = cJSON_Parse(cases[i].args);
		int rc;

		assert_non_null(args);
		tool = NULL;
		why[0] = '\0';
		rc = securer__tools_check(t, cases[i].tool, args, &tool, why,
		                          sizeof(why));
		if (!cases[i].why) {
			assert_int_equal(rc, 0);
			assert_string_equal(tool->name, cases[i].tool);
		} else if (rc != -EINVAL || !strstr(why, cases[i].why)) {
			fail_msg("%s(%s): rc %d, '%s'", cases[i].tool,
			         cases[i].args, rc, why);
		}
		cJSON_Delete(args);
	}
	/* A missing args member is refused too (NULL from the message). */
	assert_int_equal(
	    securer__tools_check(t, "nullary", NULL, &tool, why, sizeof(why)),
	    -EINVAL);
	/* The reason is bounded by its buffer. */
	{
		char small[16];
		cJSON *args = cJSON_Parse("{}");

		assert_int_equal(securer__tools_check(t, "nope", args, &tool,
		                                      small, sizeof(small)),
		                 -EINVAL);
		assert_int_equal(strlen(small), sizeof(small) - 1);
		cJSON_Delete(args);
	}
	assert_int_equal(f.calls, 0);
	securer_tools_free(t);
}

/* ---- invoking ----------------------------------------------------------- */

static void test_invoke(void **state)
{
	static const securer_tool_arg ab[] = {{"a", SECURER_TYPE_NUMBER, NULL},
	                                      {"b", SECURER_TYPE_NUMBER, NULL}};
	struct fake f = {0};
	securer_tools *t = securer_tools_new();
	cJSON *value = NULL;
	char *error = NULL;

	(void)state;
	assert_non_null(t);
	assert_int_equal(securer_tools_add(t, "add", "", ab, 2, fake_fn, &f),
	                 0);

	f.result = "{\"sum\": 5, \"list\": [1, \"two\"]}";
	assert_int_equal(
	    test_tool_invoke(t, "add", "{\"a\": 2, \"b\": 3}", &value, &error),
	    0);
	assert_null(error);
	assert_string_equal(f.args, "{\"a\":2,\"b\":3}");
	assert_int_equal(cJSON_GetObjectItem(value, "sum")->valueint, 5);
	assert_string_equal(
	    cJSON_GetArrayItem(cJSON_GetObjectItem(value, "list"), 1)
	        ->valuestring,
	    "two");
	cJSON_Delete(value);

	/* No result: the value is null. */
	f.result = NULL;
	assert_int_equal(
	    test_tool_invoke(t, "add", "{\"a\": 1, \"b\": 1}", &value, &error),
	    0);
	assert_true(cJSON_IsNull(value));
	cJSON_Delete(value);

	/* Not JSON: an error, no value. */
	f.result = "{not json";
	assert_int_equal(
	    test_tool_invoke(t, "add", "{\"a\": 1, \"b\": 1}", &value, &error),
	    -1);
	assert_null(value);
	assert_non_null(strstr(error, "invalid JSON"));
	free(error);

	/* The callback's message reaches the code. */
	f.result = "1";
	f.error = "the database said no: 42";
	assert_int_equal(
	    test_tool_invoke(t, "add", "{\"a\": 1, \"b\": 1}", &value, &error),
	    -1);
	assert_null(value);
	assert_string_equal(error, "the database said no: 42");
	free(error);

	/* A failure without a message gets one. */
	f.error = NULL;
	f.fail_rc = 7;
	assert_int_equal(
	    test_tool_invoke(t, "add", "{\"a\": 1, \"b\": 1}", &value, &error),
	    -1);
	assert_non_null(error);
	assert_true(error[0] != '\0');
	free(error);
	assert_int_equal(f.calls, 5);
	securer_tools_free(t);
}

/* A callback that sets both a result and an error and succeeds, or fails
 * after setting a result: whatever it leaves is freed, nothing leaks (the
 * sanitizer build checks). */
static int messy_fn(void *userdata, const char *args_json, char **result_json,
                    char **error)
{
	int *mode = userdata;

	(void)args_json;
	*result_json = strdup("[1]");
	*error = strdup("also an error");
	return *mode;
}

static void test_invoke_messy(void **state)
{
	securer_tools *t = securer_tools_new();
	int mode = 0;
	cJSON *value = NULL;
	char *error = NULL;

	(void)state;
	assert_int_equal(
	    securer_tools_add(t, "messy", "", NULL, 0, messy_fn, &mode), 0);
	assert_int_equal(test_tool_invoke(t, "messy", "{}", &value, &error), 0);
	assert_null(error);
	assert_true(cJSON_IsArray(value));
	cJSON_Delete(value);
	mode = 1;
	assert_int_equal(test_tool_invoke(t, "messy", "{}", &value, &error),
	                 -1);
	assert_null(value);
	assert_string_equal(error, "also an error");
	free(error);
	securer_tools_free(t);
}

/* securer_tools_call: the public way to call a tool from the host (an MCP
 * client calling a manifest tool directly).  The checks run first and a
 * refused call never reaches the function. */
static void test_call(void **state)
{
	static const securer_tool_arg ab[] = {{"a", SECURER_TYPE_NUMBER, NULL},
	                                      {"b", SECURER_TYPE_NUMBER, NULL}};
	struct fake f = {0};
	securer_tools *t = securer_tools_new();
	char *res = NULL, *err = NULL;

	(void)state;
	assert_int_equal(securer_tools_add(t, "add", "", ab, 2, fake_fn, &f),
	                 0);
	f.result = "5";
	assert_int_equal(
	    securer_tools_call(t, "add", "{\"a\": 2, \"b\": 3}", &res, &err),
	    0);
	assert_string_equal(res, "5");
	assert_null(err);
	assert_string_equal(f.args, "{\"a\":2,\"b\":3}");
	free(res);

	assert_int_equal(securer_tools_call(t, "sub", "{}", &res, &err),
	                 -ENOENT);
	assert_null(res);
	assert_non_null(strstr(err, "no tool named 'sub'"));
	free(err);
	assert_int_equal(securer_tools_call(
	                     t, "add", "{\"a\": \"2\", \"b\": 3}", &res, &err),
	                 -EINVAL);
	assert_non_null(strstr(err, "'a' must be a number"));
	free(err);
	assert_int_equal(securer_tools_call(t, "add", "[2, 3]", &res, &err),
	                 -EINVAL);
	free(err);
	assert_int_equal(securer_tools_call(t, "add", "{\"a\": 2,", &res, &err),
	                 -EINVAL);
	free(err);
	assert_int_equal(f.calls, 1); /* none of the refused calls ran */

	f.error = "the database said no";
	assert_int_equal(
	    securer_tools_call(t, "add", "{\"a\": 2, \"b\": 3}", &res, &err),
	    -EIO);
	assert_null(res);
	assert_string_equal(err, "the database said no");
	free(err);
	assert_int_equal(f.calls, 2);
	securer_tools_free(t);
}

/* A copy is independent of its original, userdata shared. */
static void test_dup(void **state)
{
	static const securer_tool_arg ab[] = {
	    {"a", SECURER_TYPE_NUMBER, "first"},
	    {"b", SECURER_TYPE_INTEGER, NULL}};
	struct fake f = {.result = "10"};
	securer_tools *t = securer_tools_new(), *d;
	char name[16];
	cJSON *value;
	char *error = NULL, *schema_t, *schema_d;

	(void)state;
	assert_int_equal(securer_tools_add(t, "add", "Add", ab, 2, fake_fn, &f),
	                 0);
	d = securer__tools_dup(t);
	assert_non_null(d);
	schema_t = securer_tools_schema(t, "openai", "python");
	schema_d = securer_tools_schema(d, "openai", "python");
	assert_string_equal(schema_t, schema_d);
	free(schema_t);
	free(schema_d);

	/* Growing the original does not grow the copy... */
	assert_int_equal(securer_tools_add(t, "more", "", NULL, 0, fake_fn, &f),
	                 0);
	assert_int_equal(securer_tools_count(t), 2);
	assert_int_equal(securer_tools_count(d), 1);
	/* ...and the copy outlives it, with its own strings. */
	snprintf(name, sizeof(name), "%s", "add");
	securer_tools_free(t);
	assert_int_equal(
	    test_tool_invoke(d, name, "{\"a\": 1.5, \"b\": 2}", &value, &error),
	    0);
	assert_int_equal(value->valueint, 10);
	assert_int_equal(f.calls, 1);
	assert_string_equal(f.args, "{\"a\":1.5,\"b\":2}");
	assert_string_equal(d->v[0].args[0].description, "first");
	cJSON_Delete(value);
	securer_tools_free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_add_names),
	    cmocka_unit_test(test_add_args),
	    cmocka_unit_test(test_types),
	    cmocka_unit_test(test_check),
	    cmocka_unit_test(test_check_shapes),
	    cmocka_unit_test(test_invoke),
	    cmocka_unit_test(test_invoke_messy),
	    cmocka_unit_test(test_call),
	    cmocka_unit_test(test_dup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
