/*
 * workload.c - the workload tools (workload.h).
 */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "workload.h"

static int wl_stats(void *userdata, const char *args_json, char **result_json,
                    char **error)
{
	cJSON *args = cJSON_Parse(args_json), *out = cJSON_CreateObject();
	const cJSON *values = cJSON_GetObjectItemCaseSensitive(args, "values");
	const cJSON *label = cJSON_GetObjectItemCaseSensitive(args, "label");
	const cJSON *v;
	double sum = 0, max = 0;
	int n = 0;

	(void)userdata;
	cJSON_ArrayForEach(v, values)
	{
		if (!cJSON_IsNumber(v)) {
			*error = strdup("values must be numbers");
			cJSON_Delete(args);
			cJSON_Delete(out);
			return 1;
		}
		sum += v->valuedouble;
		max = n == 0 || v->valuedouble > max ? v->valuedouble : max;
		n++;
	}
	cJSON_AddStringToObject(
	    out, "label", cJSON_IsString(label) ? label->valuestring : "");
	cJSON_AddNumberToObject(out, "n", n);
	cJSON_AddNumberToObject(out, "sum", sum);
	cJSON_AddNumberToObject(out, "max", max);
	*result_json = cJSON_PrintUnformatted(out);
	cJSON_Delete(args);
	cJSON_Delete(out);
	return *result_json ? 0 : 1;
}

static int wl_fail(void *userdata, const char *args_json, char **result_json,
                   char **error)
{
	cJSON *args = cJSON_Parse(args_json);
	const cJSON *reason = cJSON_GetObjectItemCaseSensitive(args, "reason");
	char msg[256];

	(void)userdata;
	(void)result_json;
	snprintf(msg, sizeof(msg), "refused: %s",
	         cJSON_IsString(reason) ? reason->valuestring : "?");
	*error = strdup(msg);
	cJSON_Delete(args);
	return 1;
}

securer_tools *workload_tools(void)
{
	static const securer_tool_arg stats_args[] = {
	    {"values", SECURER_TYPE_ARRAY, "numbers"},
	    {"label", SECURER_TYPE_STRING, "a name for the result"},
	};
	static const securer_tool_arg fail_args[] = {
	    {"reason", SECURER_TYPE_STRING, "why it fails"},
	};
	securer_tools *t = securer_tools_new();

	if (!t ||
	    securer_tools_add(t, "wl_stats", "count, sum and max of numbers",
	                      stats_args, 2, wl_stats, NULL) < 0 ||
	    securer_tools_add(t, "wl_fail", "always fails", fail_args, 1,
	                      wl_fail, NULL) < 0) {
		securer_tools_free(t);
		return NULL;
	}
	return t;
}
