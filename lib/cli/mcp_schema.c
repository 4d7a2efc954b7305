/*
 * mcp_schema.c - the tools' JSON Schemas, both ways: what tools/list
 * prints for each tool of the table (inputSchema from its parameters, the
 * outputSchema of the results that carry structuredContent, annotations),
 * and the check every tools/call's arguments pass against the same
 * parameters on the reader, before any worker sees them.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "mcp.h"

static cJSON *input_schema(const struct mcp_tool *t)
{
	cJSON *s = cJSON_CreateObject(), *props, *req = cJSON_CreateArray();

	cJSON_AddStringToObject(s, "type", "object");
	props = cJSON_AddObjectToObject(s, "properties");
	for (size_t i = 0; i < t->n_params; i++) {
		const struct mcp_param *p = &t->params[i];
		cJSON *o = cJSON_AddObjectToObject(props, p->name);

		cJSON_AddStringToObject(o, "type", securer_type_name(p->type));
		if (p->description)
			cJSON_AddStringToObject(o, "description",
			                        p->description);
		if (p->choices[0]) {
			cJSON *e = cJSON_AddArrayToObject(o, "enum");

			for (size_t k = 0; p->choices[k]; k++)
				cJSON_AddItemToArray(
				    e, cJSON_CreateString(p->choices[k]));
		}
		if (p->max > 0) {
			cJSON_AddNumberToObject(o, "exclusiveMinimum", 0);
			cJSON_AddNumberToObject(o, "maximum", p->max);
		}
		if (p->required)
			cJSON_AddItemToArray(req, cJSON_CreateString(p->name));
	}
	cJSON_AddItemToObject(s, "required", req);
	cJSON_AddBoolToObject(s, "additionalProperties", false);
	return s;
}

static cJSON *typed(cJSON *props, const char *name, const char *type,
                    const char *type2)
{
	cJSON *o = cJSON_AddObjectToObject(props, name);

	if (type2) {
		const char *both[] = {type, type2};

		cJSON_AddItemToObject(o, "type",
		                      cJSON_CreateStringArray(both, 2));
	} else if (type) {
		cJSON_AddStringToObject(o, "type", type);
	}
	return o;
}

/* structuredContent of run_<rt> (mcp_run.c builds it). */
static cJSON *run_output_schema(void)
{
	static const char *const required[] = {
	    "value", "repr",        "stdout",     "stderr",
	    "error", "duration_ms", "tool_calls", "state_lost"};
	cJSON *s = cJSON_CreateObject(), *props, *err, *eprops, *kinds;

	cJSON_AddStringToObject(s, "type", "object");
	props = cJSON_AddObjectToObject(s, "properties");
	cJSON_AddStringToObject(typed(props, "value", NULL, NULL),
	                        "description",
	                        "the last expression's value as JSON; null "
	                        "when none");
	typed(props, "repr", "string", "null");
	typed(props, "stdout", "string", NULL);
	typed(props, "stderr", "string", NULL);
	err = typed(props, "error", "object", "null");
	eprops = cJSON_AddObjectToObject(err, "properties");
	kinds = cJSON_AddArrayToObject(typed(eprops, "kind", "string", NULL),
	                               "enum");
	for (int k = 1; k < SECURER_ERROR_COUNT_; k++)
		cJSON_AddItemToArray(
		    kinds, cJSON_CreateString(
		               securer_error_kind_name((securer_error_kind)k)));
	cJSON_AddItemToArray(kinds, cJSON_CreateString("start"));
	typed(eprops, "message", "string", NULL);
	typed(eprops, "traceback", "string", "null");
	cJSON_AddItemToObject(err, "required",
	                      cJSON_CreateStringArray(
	                          (const char *const[]){"kind", "message"}, 2));
	typed(props, "duration_ms", "integer", NULL);
	typed(props, "tool_calls", "integer", NULL);
	typed(props, "state_lost", "boolean", NULL);
	cJSON_AddItemToObject(s, "required",
	                      cJSON_CreateStringArray(required, 8));
	return s;
}

/* structuredContent of list_files (mcp_files.c builds it). */
static cJSON *list_output_schema(void)
{
	cJSON *s = cJSON_CreateObject(), *props, *entries, *item, *iprops;

	cJSON_AddStringToObject(s, "type", "object");
	props = cJSON_AddObjectToObject(s, "properties");
	typed(props, "path", "string", NULL);
	entries = typed(props, "entries", "array", NULL);
	item = cJSON_AddObjectToObject(entries, "items");
	cJSON_AddStringToObject(item, "type", "object");
	iprops = cJSON_AddObjectToObject(item, "properties");
	typed(iprops, "path", "string", NULL);
	typed(iprops, "type", "string", NULL);
	typed(iprops, "size", "integer", NULL);
	typed(props, "truncated", "boolean", NULL);
	cJSON_AddItemToObject(
	    s, "required",
	    cJSON_CreateStringArray(
	        (const char *const[]){"path", "entries", "truncated"}, 3));
	return s;
}

cJSON *mcp_tool_json(const struct mcp_tool *t)
{
	cJSON *o = cJSON_CreateObject(), *a;

	cJSON_AddStringToObject(o, "name", t->name);
	if (t->title)
		cJSON_AddStringToObject(o, "title", t->title);
	cJSON_AddStringToObject(o, "description", t->description);
	cJSON_AddItemToObject(o, "inputSchema", input_schema(t));
	if (t->kind == MCP_TOOL_RUN)
		cJSON_AddItemToObject(o, "outputSchema", run_output_schema());
	else if (t->kind == MCP_TOOL_LIST)
		cJSON_AddItemToObject(o, "outputSchema", list_output_schema());
	a = cJSON_AddObjectToObject(o, "annotations");
	cJSON_AddBoolToObject(a, "readOnlyHint", t->read_only);
	if (!t->read_only) {
		cJSON_AddBoolToObject(a, "destructiveHint", t->destructive);
		cJSON_AddBoolToObject(a, "idempotentHint", t->idempotent);
	}
	cJSON_AddBoolToObject(a, "openWorldHint", t->open_world);
	return o;
}

/* ---- checking a call's arguments ---------------------------------------- */

static bool has_type(const cJSON *v, securer_type type)
{
	switch (type) {
	case SECURER_TYPE_STRING:
		return cJSON_IsString(v);
	case SECURER_TYPE_NUMBER:
		return cJSON_IsNumber(v) && isfinite(v->valuedouble);
	case SECURER_TYPE_INTEGER:
		return cJSON_IsNumber(v) &&
		       v->valuedouble == floor(v->valuedouble) &&
		       fabs(v->valuedouble) <= 9007199254740992.0;
	case SECURER_TYPE_BOOLEAN:
		return cJSON_IsBool(v);
	case SECURER_TYPE_OBJECT:
		return cJSON_IsObject(v);
	case SECURER_TYPE_ARRAY:
		return cJSON_IsArray(v);
	default:
		return false;
	}
}

static int check_one(const struct mcp_param *p, const cJSON *v, char *why,
                     size_t size)
{
	if (!has_type(v, p->type)) {
		snprintf(why, size, "'%s' must be of type %s", p->name,
		         securer_type_name(p->type));
		return -EINVAL;
	}
	if (p->choices[0]) {
		for (size_t k = 0; p->choices[k]; k++)
			if (strcmp(v->valuestring, p->choices[k]) == 0)
				return 0;
		snprintf(why, size, "'%s' must be one of", p->name);
		for (size_t k = 0; p->choices[k]; k++)
			snprintf(why + strlen(why), size - strlen(why), "%s %s",
			         k ? "," : "", p->choices[k]);
		return -EINVAL;
	}
	if (p->max > 0 && !(v->valuedouble > 0 && v->valuedouble <= p->max)) {
		snprintf(why, size, "'%s' must be more than 0 and at most %g",
		         p->name, p->max);
		return -EINVAL;
	}
	return 0;
}

int mcp_tool_check(const struct mcp_tool *t, const cJSON *args, char *why,
                   size_t size)
{
	const cJSON *a;

	if (!cJSON_IsObject(args)) {
		snprintf(why, size, "the arguments must be an object");
		return -EINVAL;
	}
	cJSON_ArrayForEach(a, args)
	{
		const struct mcp_param *p = NULL;

		for (size_t i = 0; i < t->n_params && !p; i++)
			if (strcmp(a->string, t->params[i].name) == 0)
				p = &t->params[i];
		if (!p) {
			snprintf(why, size, "unexpected argument '%.64s'",
			         a->string);
			return -EINVAL;
		}
		if (cJSON_GetObjectItemCaseSensitive(args, a->string) != a) {
			snprintf(why, size, "argument '%s' given twice",
			         p->name);
			return -EINVAL;
		}
		if (check_one(p, a, why, size) < 0)
			return -EINVAL;
	}
	for (size_t i = 0; i < t->n_params; i++)
		if (t->params[i].required && !cJSON_GetObjectItemCaseSensitive(
		                                 args, t->params[i].name)) {
			snprintf(why, size, "missing argument '%s'",
			         t->params[i].name);
			return -EINVAL;
		}
	return 0;
}
