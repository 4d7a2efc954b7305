/*
 * external.c - sandboxes described by a command template (external.h).
 */
#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "external.h"
#include "fmt.h"
#include "textfile.h"

static const char *load_vector(const cJSON *v, char **out, bool required)
{
	const cJSON *e;
	int n = 0;

	if (!cJSON_IsArray(v) || (required && cJSON_GetArraySize(v) == 0))
		return "must be a non-empty array of strings";
	cJSON_ArrayForEach(e, v)
	{
		if (!cJSON_IsString(e) || n == EXTERNAL_MAX_ARGS)
			return "must be an array of at most 64 strings";
		if (!(out[n++] = strdup(e->valuestring)))
			return "out of memory";
	}
	out[n] = NULL;
	return NULL;
}

static const char *apply(struct external *e, const cJSON *k)
{
	const cJSON *x;

	if (!strcmp(k->string, "name") || !strcmp(k->string, "description")) {
		char *dst = k->string[0] == 'n' ? e->name : e->description;
		size_t size = k->string[0] == 'n' ? sizeof(e->name)
		                                  : sizeof(e->description);

		return cJSON_IsString(k) &&
		               fmt(dst, size, "%s", k->valuestring) == 0
		           ? NULL
		           : "must be a (short enough) string";
	}
	if (!strcmp(k->string, "requires")) {
		if (!cJSON_IsArray(k))
			return "must be an array of program names";
		cJSON_ArrayForEach(x, k)
		{
			if (!cJSON_IsString(x) || e->n_requires == 8 ||
			    fmt(e->requires[e->n_requires],
			        sizeof(e->requires[0]), "%s",
			        x->valuestring) < 0)
				return "must be an array of at most 8 program "
				       "names";
			e->n_requires++;
		}
		return NULL;
	}
	if (!strcmp(k->string, "command"))
		return load_vector(k, e->command, true);
	if (!strcmp(k->string, "probe"))
		return load_vector(k, e->probe, false);
	return "is not a known key (name, description, requires, command, "
	       "probe)";
}

int external_load(const char *dir, const char *name, struct external *e,
                  char *err, size_t err_size)
{
	const cJSON *k;
	cJSON *root;
	char *text;
	bool has_argv = false;

	memset(e, 0, sizeof(*e));
	if (strchr(name, '/') ||
	    fmt(e->path, sizeof(e->path), "%s/%s.json", dir, name) < 0 ||
	    !(text = text_file(e->path, 1 << 20))) {
		snprintf(err, err_size,
		         "external backend '%s': cannot read %s/%s.json "
		         "(see conformance/backends/)",
		         name, dir, name);
		return -1;
	}
	root = cJSON_Parse(text);
	free(text);
	if (!cJSON_IsObject(root)) {
		snprintf(err, err_size, "%s: not a JSON object", e->path);
		cJSON_Delete(root);
		return -1;
	}
	cJSON_ArrayForEach(k, root)
	{
		const char *why = apply(e, k);

		if (why) {
			snprintf(err, err_size, "%s: \"%s\" %s", e->path,
			         k->string, why);
			cJSON_Delete(root);
			external_release(e);
			return -1;
		}
	}
	cJSON_Delete(root);
	for (int i = 0; e->command[i]; i++)
		has_argv |= !strcmp(e->command[i], "{argv}") ||
		            strstr(e->command[i], "{shell}");
	if (!e->command[0] || !has_argv || strcmp(e->name, name) != 0) {
		snprintf(err, err_size,
		         "%s: needs \"name\" (\"%s\") and a \"command\" "
		         "holding \"{argv}\" or \"{shell}\"",
		         e->path, name);
		external_release(e);
		return -1;
	}
	return 0;
}

void external_release(struct external *e)
{
	for (int i = 0; e->command[i]; i++)
		free(e->command[i]);
	for (int i = 0; e->probe[i]; i++)
		free(e->probe[i]);
	memset(e->command, 0, sizeof(e->command));
	memset(e->probe, 0, sizeof(e->probe));
}

static bool on_path(const char *prog, char *full, size_t size)
{
	const char *path = getenv("PATH");
	char *copy, *dir, *save = NULL;
	bool found = false;

	if (strchr(prog, '/'))
		return fmt(full, size, "%s", prog) == 0 &&
		       access(prog, X_OK) == 0;
	copy = strdup(path ? path : "/usr/bin:/bin");
	for (dir = strtok_r(copy, ":", &save); copy && dir && !found;
	     dir = strtok_r(NULL, ":", &save))
		found = fmt(full, size, "%s/%s", dir, prog) == 0 &&
		        access(full, X_OK) == 0;
	free(copy);
	return found;
}

/* Runs the probe, its output to /dev/null, for at most 10 s. */
static int run_probe(char *const *argv)
{
	pid_t pid = fork();
	int status = 0;

	if (pid < 0)
		return -1;
	if (pid == 0) {
		int null = open("/dev/null", O_RDWR);

		dup2(null, 0);
		dup2(null, 1);
		dup2(null, 2);
		alarm(10);
		execvp(argv[0], argv);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) < 0)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

bool external_usable(struct external *e, char *why, size_t size)
{
	char full[PATH_MAX];
	int rc;

	/* The command by its full path, found on the caller's PATH now: a
	 * workload's row runs with the sandboxes' PATH, where a sandbox
	 * installed under the user's own directories (srt from npm) is
	 * not. */
	if (e->command[0] && !strchr(e->command[0], '/')) {
		char *abs;

		if (!on_path(e->command[0], full, sizeof(full))) {
			snprintf(why, size,
			         "%s is not installed (%s not on PATH)",
			         e->name, e->command[0]);
			return false;
		}
		if (!(abs = strdup(full))) {
			snprintf(why, size, "out of memory");
			return false;
		}
		free(e->command[0]);
		e->command[0] = abs;
	}

	for (int i = 0; i < e->n_requires; i++)
		if (!on_path(e->requires[i], full, sizeof(full))) {
			snprintf(why, size,
			         "%s is not installed (%s not on PATH)",
			         e->name, e->requires[i]);
			return false;
		}
	if (e->probe[0] && (rc = run_probe(e->probe)) != 0) {
		snprintf(why, size, "%s's probe (%s ...) failed with status %d",
		         e->name, e->probe[0], rc);
		return false;
	}
	return true;
}

/* |argv| as one shell-quoted string. */
static char *shell_join(const char *const argv[])
{
	size_t n = 1;
	char *s, *p;

	for (int i = 0; argv[i]; i++)
		n += 4 * strlen(argv[i]) + 3;
	if (!(s = p = malloc(n)))
		return NULL;
	for (int i = 0; argv[i]; i++) {
		if (i)
			*p++ = ' ';
		*p++ = '\'';
		for (const char *c = argv[i]; *c; c++) {
			if (*c == '\'') {
				memcpy(p, "'\\''", 4);
				p += 4;
			} else {
				*p++ = *c;
			}
		}
		*p++ = '\'';
	}
	*p = '\0';
	return s;
}

/* |tmpl| with "{shell}" replaced by |shell|. */
static char *substitute(const char *tmpl, const char *shell)
{
	const char *at = strstr(tmpl, "{shell}");
	size_t n;
	char *s;

	if (!at)
		return strdup(tmpl);
	n = strlen(tmpl) + strlen(shell) + 1;
	if (!(s = malloc(n)))
		return NULL;
	snprintf(s, n, "%.*s%s%s", (int)(at - tmpl), tmpl, shell, at + 7);
	return s;
}

char **external_argv(const struct external *e, const char *const argv[])
{
	char **v = calloc(2 * EXTERNAL_MAX_ARGS + 1, sizeof(*v));
	char *shell = shell_join(argv);
	int n = 0;

	if (!v || !shell) {
		free(v);
		free(shell);
		return NULL;
	}
	for (int i = 0; e->command[i] && n < 2 * EXTERNAL_MAX_ARGS; i++) {
		if (!strcmp(e->command[i], "{argv}")) {
			for (int j = 0; argv[j] && n < 2 * EXTERNAL_MAX_ARGS;
			     j++)
				if (!(v[n++] = strdup(argv[j])))
					goto oom;
		} else if (!(v[n++] = substitute(e->command[i], shell))) {
			goto oom;
		}
	}
	free(shell);
	return v;
oom:
	free(shell);
	external_argv_free(v);
	return NULL;
}

void external_argv_free(char **v)
{
	for (int i = 0; v && v[i]; i++)
		free(v[i]);
	free(v);
}
