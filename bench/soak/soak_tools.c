/*
 * soak_tools.c - soak_echo and soak_fail, checked against the execute of
 * the calling thread.
 */
#include <errno.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "soak_tools.h"

static _Thread_local struct soak_expect *current;
static atomic_uint_fast64_t strays;

void soak_tools_enter(struct soak_expect *want)
{
	current = want;
}

uint64_t soak_tools_strays(void)
{
	return atomic_load(&strays);
}

/* The call's nonce, checked against the current execute's; NULL (and the
 * problem recorded) when it is not that execute's. */
static const char *own_nonce(const cJSON *args, const char *tool)
{
	const cJSON *n = cJSON_GetObjectItemCaseSensitive(args, "nonce");
	const char *nonce = cJSON_IsString(n) ? n->valuestring : NULL;

	if (!current) {
		atomic_fetch_add(&strays, 1);
		return NULL;
	}
	if (nonce && strcmp(nonce, current->nonce) == 0)
		return nonce;
	if (!current->tool_problem[0])
		snprintf(current->tool_problem, sizeof(current->tool_problem),
		         "%s called with nonce '%s' during execute '%s'", tool,
		         nonce ? nonce : "(none)", current->nonce);
	return NULL;
}

static int echo_fn(void *userdata, const char *args_json, char **result_json,
                   char **error)
{
	cJSON *args = cJSON_Parse(args_json);
	const cJSON *i = cJSON_GetObjectItemCaseSensitive(args, "i");
	const char *nonce = own_nonce(args, "soak_echo");
	long k = cJSON_IsNumber(i) ? (long)i->valuedouble : -1;
	char buf[SOAK_NONCE_MAX + 32];
	int rc = 0;

	(void)userdata;
	if (!nonce) {
		*error = strdup("soak_echo: not this execute's nonce");
		rc = 1;
	} else {
		if (k != current->tool_seen && !current->tool_problem[0])
			snprintf(current->tool_problem,
			         sizeof(current->tool_problem),
			         "soak_echo call i=%ld, expected i=%ld", k,
			         (long)current->tool_seen);
		snprintf(buf, sizeof(buf), "\"%s:%ld\"", nonce, k);
		*result_json = strdup(buf);
	}
	if (current)
		current->tool_seen++;
	cJSON_Delete(args);
	return rc;
}

static int fail_fn(void *userdata, const char *args_json, char **result_json,
                   char **error)
{
	cJSON *args = cJSON_Parse(args_json);
	const char *nonce = own_nonce(args, "soak_fail");
	char buf[SOAK_NONCE_MAX + 32];

	(void)userdata;
	(void)result_json;
	snprintf(buf, sizeof(buf), "soak tool error for %s",
	         nonce ? nonce : "(not this execute's nonce)");
	*error = strdup(buf);
	if (current)
		current->tool_seen++;
	cJSON_Delete(args);
	return 1;
}

securer_tools *soak_tools_new(void)
{
	static const securer_tool_arg echo_args[] = {
	    {"nonce", SECURER_TYPE_STRING, "the execute's nonce"},
	    {"i", SECURER_TYPE_INTEGER, "the call's rank in the execute"},
	};
	static const securer_tool_arg fail_args[] = {
	    {"nonce", SECURER_TYPE_STRING, "the execute's nonce"},
	};
	securer_tools *t = securer_tools_new();

	if (!t)
		return NULL;
	if (securer_tools_add(t, "soak_echo", "answers NONCE:i", echo_args, 2,
	                      echo_fn, NULL) < 0 ||
	    securer_tools_add(t, "soak_fail", "always fails", fail_args, 1,
	                      fail_fn, NULL) < 0) {
		securer_tools_free(t);
		errno = ENOMEM;
		return NULL;
	}
	return t;
}
