/*
 * test_tools_schema.c - the tool definitions handed to LLM APIs: the
 * OpenAI and Anthropic shapes, closed JSON Schemas requiring every
 * argument in order, descriptions, and the execute_code tool naming the
 * runtime's language and how its code calls each tool.
 */
#include <cjson/cJSON.h>
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

static securer_tools *schema_tools(struct fake *f)
{
	static const securer_tool_arg ab[] = {
	    {"a", SECURER_TYPE_NUMBER, "the first"},
	    {"b", SECURER_TYPE_INTEGER, NULL}};
	static const securer_tool_arg q[] = {{"q", SECURER_TYPE_OBJECT, ""}};
	securer_tools *t = securer_tools_new();

	assert_int_equal(
	    securer_tools_add(t, "add", "Add two numbers", ab, 2, fake_fn, f),
	    0);
	assert_int_equal(securer_tools_add(t, "query", "", q, 1, fake_fn, f),
	                 0);
	return t;
}

/* The definition's name, description and JSON Schema, whatever the
 * format. */
static void unpack(const cJSON *def, const char *format, const char **name,
                   const char **desc, const cJSON **params)
{
	if (strcmp(format, "openai") == 0) {
		const cJSON *fn =
		    cJSON_GetObjectItemCaseSensitive(def, "function");

		assert_string_equal(
		    cJSON_GetObjectItemCaseSensitive(def, "type")->valuestring,
		    "function");
		assert_true(cJSON_IsObject(fn));
		assert_int_equal(cJSON_GetArraySize(def), 2);
		def = fn;
		*params = cJSON_GetObjectItemCaseSensitive(def, "parameters");
	} else {
		*params = cJSON_GetObjectItemCaseSensitive(def, "input_schema");
	}
	assert_int_equal(cJSON_GetArraySize(def), 3);
	assert_true(cJSON_IsObject(*params));
	*name =
	    cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(def, "name"));
	*desc = cJSON_GetStringValue(
	    cJSON_GetObjectItemCaseSensitive(def, "description"));
	assert_non_null(*name);
	assert_non_null(*desc);
}

/* |params| is a closed object schema requiring exactly |names|, in order,
 * of |types|. */
static void check_params(const cJSON *params, const char *const *names,
                         const char *const *types, size_t n)
{
	const cJSON *props =
	    cJSON_GetObjectItemCaseSensitive(params, "properties");
	const cJSON *req = cJSON_GetObjectItemCaseSensitive(params, "required");

	assert_string_equal(
	    cJSON_GetObjectItemCaseSensitive(params, "type")->valuestring,
	    "object");
	assert_true(cJSON_IsFalse(
	    cJSON_GetObjectItemCaseSensitive(params, "additionalProperties")));
	assert_int_equal(cJSON_GetArraySize(props), (int)n);
	assert_int_equal(cJSON_GetArraySize(req), (int)n);
	for (size_t i = 0; i < n; i++) {
		const cJSON *p =
		    cJSON_GetObjectItemCaseSensitive(props, names[i]);

		assert_string_equal(
		    cJSON_GetArrayItem(req, (int)i)->valuestring, names[i]);
		assert_string_equal(
		    cJSON_GetObjectItemCaseSensitive(p, "type")->valuestring,
		    types[i]);
	}
}

static void test_schema(void **state)
{
	static const char *const formats[] = {"openai", "anthropic"};
	static const struct {
		const char *runtime, *lang, *add_call;
	} runtimes[] = {
	    {"python", "Run Python code",
	     "\n- add(a: number, b: integer): Add two numbers"},
	    {"r", "Run R code",
	     "\n- add(a: number, b: integer): Add two numbers"},
	    {"sh", "Run POSIX sh code",
	     "\n- add(a=<number> b=<integer>): Add two numbers"},
	};
	static const char *const ab[] = {"a", "b"}, *const ab_types[] = {
	                                                "number", "integer"};
	static const char *const code[] = {"code"}, *const code_types[] = {
	                                                "string"};
	struct fake f = {0};
	securer_tools *t = schema_tools(&f);

	(void)state;
	for (size_t fi = 0; fi < 2; fi++)
		for (size_t ri = 0; ri < 3; ri++) {
			char *text = securer_tools_schema(t, formats[fi],
			                                  runtimes[ri].runtime);
			cJSON *arr = cJSON_Parse(text);
			const cJSON *params, *a;
			const char *name, *desc;

			assert_non_null(text);
			assert_true(cJSON_IsArray(arr));
			assert_int_equal(cJSON_GetArraySize(arr), 3);

			unpack(cJSON_GetArrayItem(arr, 0), formats[fi], &name,
			       &desc, &params);
			assert_string_equal(name, "add");
			assert_string_equal(desc, "Add two numbers");
			check_params(params, ab, ab_types, 2);
			a = cJSON_GetObjectItemCaseSensitive(
			    cJSON_GetObjectItemCaseSensitive(params,
			                                     "properties"),
			    "a");
			assert_string_equal(
			    cJSON_GetObjectItemCaseSensitive(a, "description")
			        ->valuestring,
			    "the first");
			assert_null(cJSON_GetObjectItemCaseSensitive(
			    cJSON_GetObjectItemCaseSensitive(
			        cJSON_GetObjectItemCaseSensitive(params,
			                                         "properties"),
			        "b"),
			    "description"));

			unpack(cJSON_GetArrayItem(arr, 1), formats[fi], &name,
			       &desc, &params);
			assert_string_equal(name, "query");

			unpack(cJSON_GetArrayItem(arr, 2), formats[fi], &name,
			       &desc, &params);
			assert_string_equal(name, "execute_code");
			check_params(params, code, code_types, 1);
			if (strncmp(desc, runtimes[ri].lang,
			            strlen(runtimes[ri].lang)) != 0 ||
			    !strstr(desc, runtimes[ri].add_call) ||
			    !strstr(desc, "\n- query("))
				fail_msg("%s/%s: %s", formats[fi],
				         runtimes[ri].runtime, desc);
			cJSON_Delete(arr);
			free(text);
		}
	securer_tools_free(t);
}

static void test_schema_edges(void **state)
{
	struct fake f = {0};
	securer_tools *t = schema_tools(&f), *empty = securer_tools_new();
	char *text;
	cJSON *arr;

	(void)state;
	assert_null(securer_tools_schema(t, "OpenAI", "python"));
	assert_null(securer_tools_schema(t, "gemini", "python"));
	assert_null(securer_tools_schema(t, NULL, "python"));
	assert_null(securer_tools_schema(t, "openai", "ruby"));
	assert_null(securer_tools_schema(t, "openai", "R"));
	assert_null(securer_tools_schema(t, "openai", NULL));
	/* No tools: execute_code alone, which then names none. */
	for (int i = 0; i < 2; i++) {
		text = securer_tools_schema(i ? empty : NULL, "anthropic", "r");
		arr = cJSON_Parse(text);
		assert_int_equal(cJSON_GetArraySize(arr), 1);
		assert_string_equal(
		    cJSON_GetObjectItem(cJSON_GetArrayItem(arr, 0), "name")
		        ->valuestring,
		    "execute_code");
		assert_null(strstr(text, "can call these functions"));
		cJSON_Delete(arr);
		free(text);
	}
	/* Control: with tools it does name them. */
	text = securer_tools_schema(t, "anthropic", "r");
	assert_non_null(strstr(text, "can call these functions"));
	free(text);
	securer_tools_free(t);
	securer_tools_free(empty);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_schema),
	    cmocka_unit_test(test_schema_edges),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
