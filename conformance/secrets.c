/*
 * secrets.c - the runner's start-up environment (secrets.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#include "secrets.h"

#define MARK "SECURER_CONFORM_ENV"

const char *const secret_names[SECRETS_N] = {
    "OPENAI_API_KEY",
    "AWS_SECRET_ACCESS_KEY",
    "DATABASE_PASSWORD",
    "GITHUB_TOKEN",
};

/* The user's variables kept: how to find programs and how the run is to
 * behave, nothing that could hold a secret. */
static const char *const kept[] = {
    "PATH", "TMPDIR", "TERM", "SECURER_MUST_WORK", "SECURER_BWRAP",
};

static int add(char **env, int *n, const char *name, const char *value)
{
	size_t len = strlen(name) + strlen(value) + 2;

	if (!(env[*n] = malloc(len)))
		return -1;
	snprintf(env[(*n)++], len, "%s=%s", name, value);
	return 0;
}

int secrets_reexec(int argc, char **argv)
{
	static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
	char *env[32], **args, token[33];
	int n = 0;

	if (getenv(MARK))
		return 0;
	args = calloc((size_t)argc + 2, sizeof(*args));
	if (!args)
		return -1;
	args[0] = (char *)"securer";
	for (int i = 0; i < argc; i++)
		args[i + 1] = argv[i];
	for (size_t i = 0; i < sizeof(kept) / sizeof(kept[0]); i++) {
		const char *v = getenv(kept[i]);

		if (v && add(env, &n, kept[i], v) < 0)
			return -1;
	}
	if (add(env, &n, "LANG", "C.UTF-8") < 0 ||
	    add(env, &n, "TZ", "UTC") < 0 || add(env, &n, MARK, "1") < 0)
		return -1;
	for (int i = 0; i < SECRETS_N; i++) {
		unsigned char raw[32];

		if (getrandom(raw, sizeof(raw), 0) != sizeof(raw))
			return -1;
		for (size_t k = 0; k < sizeof(raw); k++)
			token[k] = alphabet[raw[k] % (sizeof(alphabet) - 1)];
		token[32] = '\0';
		if (add(env, &n, secret_names[i], token) < 0)
			return -1;
	}
	env[n] = NULL;
	fflush(NULL);
	execve("/proc/self/exe", args, env);
	return -1;
}
