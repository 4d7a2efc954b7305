/*
 * tools_schema.c - tool definitions in the shapes LLM APIs take, so an agent
 * framework can offer the session's tools (and the session itself, as an
 * "execute_code" tool) to a model.
 *
 *   openai:    [{"type": "function", "function": {"name", "description",
 *                "parameters": <JSON Schema>}}]
 *   anthropic: [{"name", "description", "input_schema": <JSON Schema>}]
 */
#include <cjson/cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tools.h"

static cJSON *params(const struct securer__tool_arg *args, size_t n)
{
	cJSON *o = cJSON_CreateObject(), *props, *req = cJSON_CreateArray();

	cJSON_AddStringToObject(o, "type", "object");
	props = cJSON_AddObjectToObject(o, "properties");
	for (size_t i = 0; i < n; i++) {
		cJSON *p = cJSON_AddObjectToObject(props, args[i].name);

		cJSON_AddStringToObject(p, "type",
		                        securer_type_name(args[i].type));
		if (args[i].description && args[i].description[0])
			cJSON_AddStringToObject(p, "description",
			                        args[i].description);
		cJSON_AddItemToArray(req, cJSON_CreateString(args[i].name));
	}
	cJSON_AddItemToObject(o, "required", req);
	cJSON_AddBoolToObject(o, "additionalProperties", false);
	return o;
}

static cJSON *definition(const char *format, const char *name,
                         const char *description, cJSON *parameters)
{
	cJSON *d = cJSON_CreateObject();

	if (strcmp(format, "openai") == 0) {
		cJSON *f;

		cJSON_AddStringToObject(d, "type", "function");
		f = cJSON_AddObjectToObject(d, "function");
		cJSON_AddStringToObject(f, "name", name);
		cJSON_AddStringToObject(f, "description", description);
		cJSON_AddItemToObject(f, "parameters", parameters);
	} else {
		cJSON_AddStringToObject(d, "name", name);
		cJSON_AddStringToObject(d, "description", description);
		cJSON_AddItemToObject(d, "input_schema", parameters);
	}
	return d;
}

/* How to call one tool from |runtime|, for execute_code's description. */
static void describe_call(char **text, size_t *len,
                          const struct securer__tool *t, const char *runtime)
{
	FILE *f = open_memstream(text, len);

	if (!f)
		return;
	fprintf(f, "%s(", t->name);
	for (size_t i = 0; i < t->n_args; i++) {
		if (strcmp(runtime, "sh") == 0)
			fprintf(f, "%s%s=<%s>", i ? " " : "", t->args[i].name,
			        securer_type_name(t->args[i].type));
		else
			fprintf(f, "%s%s: %s", i ? ", " : "", t->args[i].name,
			        securer_type_name(t->args[i].type));
	}
	fprintf(f, ")%s%s", t->description[0] ? ": " : "", t->description);
	fclose(f);
}

static cJSON *execute_code(const securer_tools *t, const char *format,
                           const char *runtime)
{
	static const struct securer__tool_arg code = {
	    (char *)"code", SECURER_TYPE_STRING, (char *)"the code to run"};
	const char *lang = strcmp(runtime, "r") == 0        ? "R"
	                   : strcmp(runtime, "python") == 0 ? "Python"
	                                                    : "POSIX sh";
	char *desc = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&desc, &len);
	cJSON *d;

	if (!f)
		return NULL;
	fprintf(f,
	        "Run %s code in a persistent sandboxed session (no network, "
	        "no access to the user's files; state is kept between calls). "
	        "Returns the value of the last expression, the printed output, "
	        "and any error.",
	        lang);
	if (t && t->n) {
		fprintf(f,
		        " The code can call these functions, which run on the "
		        "host:");
		for (size_t i = 0; i < t->n; i++) {
			char *call = NULL;
			size_t n = 0;

			describe_call(&call, &n, &t->v[i], runtime);
			fprintf(f, "\n- %s", call ? call : t->v[i].name);
			free(call);
		}
		if (strcmp(runtime, "sh") == 0)
			fprintf(f, "\nIn sh each function is a command taking "
			           "name=value words that prints its result.");
	}
	fclose(f);
	d = definition(format, "execute_code", desc ? desc : "",
	               params(&code, 1));
	free(desc);
	return d;
}

char *securer_tools_schema(const securer_tools *t, const char *format,
                           const char *runtime)
{
	cJSON *arr;
	char *s;

	if (!format ||
	    (strcmp(format, "openai") && strcmp(format, "anthropic")))
		return NULL;
	if (!runtime || (strcmp(runtime, "sh") && strcmp(runtime, "python") &&
	                 strcmp(runtime, "r")))
		return NULL;
	arr = cJSON_CreateArray();
	for (size_t i = 0; t && i < t->n; i++)
		cJSON_AddItemToArray(
		    arr, definition(format, t->v[i].name, t->v[i].description,
		                    params(t->v[i].args, t->v[i].n_args)));
	cJSON_AddItemToArray(arr, execute_code(t, format, runtime));
	s = cJSON_Print(arr);
	cJSON_Delete(arr);
	return s;
}
