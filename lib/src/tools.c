/*
 * tools.c - host functions the sandboxed code can call: the registry, the
 * checks every call passes before its function runs, and the call itself.
 *
 * The child's wrappers check argument types too, but the host never relies
 * on that: the code can write any tool_call it likes to its protocol fd.
 */
#include <cjson/cJSON.h>
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tools.h"

static const char *const type_names[SECURER_TYPE_COUNT_] = {
    [SECURER_TYPE_STRING] = "string",   [SECURER_TYPE_NUMBER] = "number",
    [SECURER_TYPE_INTEGER] = "integer", [SECURER_TYPE_BOOLEAN] = "boolean",
    [SECURER_TYPE_OBJECT] = "object",   [SECURER_TYPE_ARRAY] = "array",
};

/* Words a tool may not be called, because some runtime reserves them:
 * Python keywords, R reserved words, sh reserved words. */
static const char *const reserved[] = {
    "False",    "None",          "True",        "and",   "as",
    "assert",   "async",         "await",       "break", "class",
    "continue", "def",           "del",         "elif",  "else",
    "except",   "finally",       "for",         "from",  "global",
    "if",       "import",        "in",          "is",    "lambda",
    "nonlocal", "not",           "or",          "pass",  "raise",
    "return",   "try",           "while",       "with",  "yield",
    "repeat",   "function",      "next",        "TRUE",  "FALSE",
    "NULL",     "Inf",           "NaN",         "NA",    "NA_integer_",
    "NA_real_", "NA_character_", "NA_complex_", "then",  "fi",
    "case",     "esac",          "until",       "do",    "done",
    "select",   "time",
};

const char *securer_type_name(securer_type t)
{
	return (unsigned)t < SECURER_TYPE_COUNT_ ? type_names[t] : "unknown";
}

int securer_type_from_name(const char *name, securer_type *out)
{
	for (int i = 0; name && i < SECURER_TYPE_COUNT_; i++)
		if (strcmp(name, type_names[i]) == 0) {
			*out = (securer_type)i;
			return 0;
		}
	return -EINVAL;
}

securer_tools *securer_tools_new(void)
{
	return calloc(1, sizeof(securer_tools));
}

static void tool_release(struct securer__tool *tool)
{
	free(tool->name);
	free(tool->description);
	for (size_t i = 0; i < tool->n_args; i++) {
		free(tool->args[i].name);
		free(tool->args[i].description);
	}
	free(tool->args);
	securer__command_free(tool->command);
}

void securer__tools_truncate(securer_tools *t, size_t n)
{
	while (t->n > n)
		tool_release(&t->v[--t->n]);
}

void securer_tools_free(securer_tools *t)
{
	if (!t)
		return;
	securer__tools_truncate(t, 0);
	free(t->v);
	free(t);
}

const char *securer_tools_error(const securer_tools *t)
{
	return t ? t->err : "no tools";
}

size_t securer_tools_count(const securer_tools *t)
{
	return t ? t->n : 0;
}

/* An identifier of every runtime: [A-Za-z_][A-Za-z0-9_]*, not reserved,
 * not one of the runtime's own names. */
static bool valid_name(const char *s)
{
	if (!s || !*s || strlen(s) > 64 ||
	    !(isalpha((unsigned char)*s) || *s == '_'))
		return false;
	for (const char *p = s; *p; p++)
		if (!(isalnum((unsigned char)*p) || *p == '_'))
			return false;
	for (size_t i = 0; i < sizeof(reserved) / sizeof(reserved[0]); i++)
		if (strcmp(s, reserved[i]) == 0)
			return false;
	return strncmp(s, "__securer", 9) != 0 && strcmp(s, "securer") != 0;
}

static int check_decl(securer_tools *t, const char *name,
                      const securer_tool_arg *args, size_t n_args)
{
	if (!valid_name(name))
		return securer__fail(t->err, -EINVAL,
		                     "tool name '%s' is not an "
		                     "identifier every runtime accepts",
		                     name ? name : "");
	for (size_t i = 0; i < t->n; i++)
		if (strcmp(t->v[i].name, name) == 0)
			return securer__fail(t->err, -EEXIST,
			                     "tool '%s' is already registered",
			                     name);
	if (n_args > 64)
		return securer__fail(t->err, -EINVAL,
		                     "%s: at most 64 arguments", name);
	for (size_t i = 0; i < n_args; i++) {
		if (!valid_name(args[i].name))
			return securer__fail(t->err, -EINVAL,
			                     "%s: argument name "
			                     "'%s' is not a plain identifier",
			                     name,
			                     args[i].name ? args[i].name : "");
		if ((unsigned)args[i].type >= SECURER_TYPE_COUNT_)
			return securer__fail(t->err, -EINVAL,
			                     "%s: argument '%s' "
			                     "has no valid type",
			                     name, args[i].name);
		for (size_t j = 0; j < i; j++)
			if (strcmp(args[i].name, args[j].name) == 0)
				return securer__fail(t->err, -EINVAL,
				                     "%s: argument "
				                     "'%s' appears twice",
				                     name, args[i].name);
	}
	return 0;
}

int securer__tools_add(securer_tools *t, const char *name,
                       const char *description, const securer_tool_arg *args,
                       size_t n_args, securer_tool_fn fn, void *userdata,
                       struct securer__command *command)
{
	struct securer__tool *v, *tool;
	int rc = check_decl(t, name, args, n_args);

	if (rc == 0 && !fn)
		rc = securer__fail(t->err, -EINVAL, "%s: no function", name);
	if (rc < 0) {
		securer__command_free(command);
		return rc;
	}
	v = realloc(t->v, (t->n + 1) * sizeof(*v));
	if (!v) {
		securer__command_free(command);
		return securer__fail(t->err, -ENOMEM, "out of memory");
	}
	t->v = v;
	tool = &v[t->n];
	memset(tool, 0, sizeof(*tool));
	tool->name = securer__strdup(name);
	tool->description = securer__strdup(description ? description : "");
	tool->args = n_args ? calloc(n_args, sizeof(*tool->args)) : NULL;
	tool->fn = fn;
	tool->userdata = userdata;
	tool->command = command;
	rc = tool->name && tool->description && (tool->args || !n_args)
	         ? 0
	         : -ENOMEM;
	for (size_t i = 0; rc == 0 && i < n_args; i++) {
		tool->args[i].type = args[i].type;
		tool->args[i].name = securer__strdup(args[i].name);
		tool->args[i].description = securer__strdup(
		    args[i].description ? args[i].description : "");
		tool->n_args++;
		if (!tool->args[i].name || !tool->args[i].description)
			rc = -ENOMEM;
	}
	if (rc < 0) {
		tool_release(tool);
		return securer__fail(t->err, rc, "out of memory");
	}
	t->n++;
	return 0;
}

int securer_tools_add(securer_tools *t, const char *name,
                      const char *description, const securer_tool_arg *args,
                      size_t n_args, securer_tool_fn fn, void *userdata)
{
	return securer__tools_add(t, name, description, args, n_args, fn,
	                          userdata, NULL);
}

static struct securer__command *command_dup(const struct securer__command *c)
{
	struct securer__command *d;
	size_t n = 0;

	if (!c)
		return NULL;
	while (c->argv[n])
		n++;
	d = calloc(1, sizeof(*d));
	if (!d || !(d->argv = calloc(n + 1, sizeof(char *)))) {
		free(d);
		return NULL;
	}
	for (size_t i = 0; i < n; i++)
		if (!(d->argv[i] = securer__strdup(c->argv[i]))) {
			securer__command_free(d);
			return NULL;
		}
	d->cwd = c->cwd ? securer__strdup(c->cwd) : NULL;
	d->timeout_ms = c->timeout_ms;
	return d;
}

securer_tools *securer__tools_dup(const securer_tools *src)
{
	securer_tools *t = securer_tools_new();

	for (size_t i = 0; t && src && i < src->n; i++) {
		const struct securer__tool *s = &src->v[i];
		securer_tool_arg args[64];
		struct securer__command *cmd = command_dup(s->command);

		for (size_t j = 0; j < s->n_args; j++)
			args[j] =
			    (securer_tool_arg){s->args[j].name, s->args[j].type,
			                       s->args[j].description};
		if ((s->command && !cmd) ||
		    securer__tools_add(t, s->name, s->description, args,
		                       s->n_args, s->fn,
		                       cmd ? cmd : s->userdata, cmd) < 0) {
			securer_tools_free(t);
			return NULL;
		}
	}
	return t;
}

cJSON *securer__tools_init_json(const securer_tools *t)
{
	cJSON *arr = cJSON_CreateArray();

	for (size_t i = 0; arr && t && i < t->n; i++) {
		cJSON *o = cJSON_CreateObject(), *args = cJSON_CreateArray();

		cJSON_AddStringToObject(o, "name", t->v[i].name);
		cJSON_AddStringToObject(o, "description", t->v[i].description);
		for (size_t j = 0; j < t->v[i].n_args; j++) {
			cJSON *a = cJSON_CreateObject();

			cJSON_AddStringToObject(a, "name",
			                        t->v[i].args[j].name);
			cJSON_AddStringToObject(
			    a, "type", securer_type_name(t->v[i].args[j].type));
			cJSON_AddItemToArray(args, a);
		}
		cJSON_AddItemToObject(o, "args", args);
		cJSON_AddItemToArray(arr, o);
	}
	return arr;
}

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

static const char *json_kind(const cJSON *v)
{
	return cJSON_IsString(v)   ? "a string"
	       : cJSON_IsNumber(v) ? "a number"
	       : cJSON_IsBool(v)   ? "a boolean"
	       : cJSON_IsObject(v) ? "an object"
	       : cJSON_IsArray(v)  ? "an array"
	                           : "null";
}

int securer__tools_check(const securer_tools *t, const char *name,
                         const cJSON *args, const struct securer__tool **out,
                         char *why, size_t size)
{
	const struct securer__tool *tool = NULL;
	const cJSON *a;

	for (size_t i = 0; t && i < t->n && !tool; i++)
		if (strcmp(t->v[i].name, name) == 0)
			tool = &t->v[i];
	if (!tool) {
		snprintf(why, size, "no tool named '%.64s'", name);
		return -EINVAL;
	}
	if (!cJSON_IsObject(args)) {
		snprintf(why, size, "%s(): arguments must be an object",
		         tool->name);
		return -EINVAL;
	}
	cJSON_ArrayForEach(a, args)
	{
		bool known = false;

		for (size_t i = 0; i < tool->n_args && !known; i++)
			known = strcmp(a->string, tool->args[i].name) == 0;
		if (!known) {
			snprintf(why, size, "%s(): unexpected argument '%.64s'",
			         tool->name, a->string);
			return -EINVAL;
		}
	}
	for (size_t i = 0; i < tool->n_args; i++) {
		const struct securer__tool_arg *d = &tool->args[i];
		int seen = 0;

		cJSON_ArrayForEach(a, args) seen +=
		    strcmp(a->string, d->name) == 0;
		if (seen != 1) {
			snprintf(why, size, "%s(): argument '%s' %s",
			         tool->name, d->name,
			         seen ? "given twice" : "is missing");
			return -EINVAL;
		}
		a = cJSON_GetObjectItemCaseSensitive(args, d->name);
		if (!has_type(a, d->type)) {
			snprintf(why, size,
			         "%s(): argument '%s' must be %s %s, not %s",
			         tool->name, d->name,
			         d->type == SECURER_TYPE_INTEGER ||
			                 d->type == SECURER_TYPE_OBJECT ||
			                 d->type == SECURER_TYPE_ARRAY
			             ? "an"
			             : "a",
			         securer_type_name(d->type), json_kind(a));
			return -EINVAL;
		}
	}
	*out = tool;
	return 0;
}

int securer__tools_invoke(const struct securer__tool *tool, const cJSON *args,
                          cJSON **value, char **error)
{
	char *args_json = cJSON_PrintUnformatted(args), *res = NULL;
	int rc;

	*value = NULL;
	*error = NULL;
	if (!args_json) {
		*error = securer__strdup("out of memory");
		return -1;
	}
	rc = tool->fn(tool->userdata, args_json, &res, error);
	free(args_json);
	if (rc != 0) {
		free(res);
		if (!*error)
			*error = securer__strdup("the tool failed");
		return -1;
	}
	free(*error);
	*error = NULL;
	*value = res ? cJSON_Parse(res) : cJSON_CreateNull();
	free(res);
	if (!*value) {
		*error = securer__strdup("the tool returned invalid JSON");
		return -1;
	}
	return 0;
}

int securer_tools_call(const securer_tools *t, const char *name,
                       const char *args_json, char **result_json, char **error)
{
	const struct securer__tool *tool;
	char why[512];
	cJSON *args, *value;
	int rc;

	*result_json = NULL;
	*error = NULL;
	if (!t || !name || !args_json)
		return -EINVAL;
	if (!(args = cJSON_Parse(args_json))) {
		*error = securer__strdup("the arguments are not JSON");
		return -EINVAL;
	}
	rc = securer__tools_check(t, name, args, &tool, why, sizeof(why));
	if (rc < 0) {
		bool known = false;

		for (size_t i = 0; i < t->n && !known; i++)
			known = strcmp(t->v[i].name, name) == 0;
		cJSON_Delete(args);
		*error = securer__strdup(why);
		return known ? -EINVAL : -ENOENT;
	}
	rc = securer__tools_invoke(tool, args, &value, error);
	cJSON_Delete(args);
	if (rc < 0)
		return *error ? -EIO : -ENOMEM;
	*result_json = cJSON_PrintUnformatted(value);
	cJSON_Delete(value);
	return *result_json ? 0 : -ENOMEM;
}
