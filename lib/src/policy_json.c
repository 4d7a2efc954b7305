/*
 * policy_json.c - the JSON form of a policy.  Every key is a row of
 * key_table; the loader walks the document and rejects any key that is not a
 * row, any value of the wrong type, and any value a setter refuses, naming
 * the key.  A failed load leaves the policy unchanged.
 */
#include <cjson/cJSON.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

typedef int (*key_fn)(securer_policy *p, const char *key, const cJSON *v);

/* A key_fn's "this row does not handle |key|": positive, so no error a
 * setter returns (a missing bind source is -ENOENT) can be mistaken for it. */
#define NOT_THIS_KEY 1

static int type_error(securer_policy *p, const char *key, const char *want)
{
	return securer__fail(p->err, -EINVAL, "%s: expected %s", key, want);
}

static int set_version(securer_policy *p, const char *key, const cJSON *v)
{
	if (!cJSON_IsNumber(v) || v->valuedouble != 1)
		return securer__fail(p->err, -EINVAL,
		                     "%s: this securer reads policy version 1",
		                     key);
	return 0;
}

static int set_network(securer_policy *p, const char *key, const cJSON *v)
{
	static const char *const names[] = {"none", "loopback", "host"};

	if (!cJSON_IsString(v))
		return type_error(p, key, "a string");
	for (int i = 0; i < 3; i++)
		if (strcmp(v->valuestring, names[i]) == 0)
			return securer_policy_set_network(p, (securer_net)i);
	return securer__fail(p->err, -EINVAL,
	                     "%s: '%s' is not one of none, loopback, host", key,
	                     v->valuestring);
}

static int set_system(securer_policy *p, const char *key, const cJSON *v)
{
	if (!cJSON_IsBool(v))
		return type_error(p, key, "true or false");
	return securer_policy_set_system_files(p, cJSON_IsTrue(v));
}

static int set_protect_git(securer_policy *p, const char *key, const cJSON *v)
{
	if (!cJSON_IsBool(v))
		return type_error(p, key, "true or false");
	return securer_policy_set_protect_git(p, cJSON_IsTrue(v));
}

/* "SRC" or "SRC:DST", parsed as securer_policy_add_bind_spec does for
 * every caller (the CLI's --bind too). */
static int add_bind_spec(securer_policy *p, const char *key, const char *spec,
                         bool writable)
{
	int rc = securer_policy_add_bind_spec(p, spec, writable);

	if (rc < 0) {
		char why[SECURER__ERR_SIZE];

		/* A source that cannot be resolved is an invalid value of
		 * the key, as the loader's contract says (-EINVAL). */
		memcpy(why, p->err, sizeof(why));
		return securer__fail(p->err, rc == -ENOMEM ? rc : -EINVAL,
		                     "%s: %s", key, why);
	}
	return 0;
}

static int set_binds(securer_policy *p, const char *key, const cJSON *v,
                     bool writable)
{
	const cJSON *e;
	size_t keep = 0;

	if (!cJSON_IsArray(v))
		return type_error(p, key, "an array of \"SRC[:DST]\" strings");
	/* The file's list replaces the current list of this kind. */
	for (size_t i = 0; i < p->n_binds; i++) {
		if (p->binds[i].writable == writable) {
			free(p->binds[i].src);
			free(p->binds[i].dst);
		} else
			p->binds[keep++] = p->binds[i];
	}
	p->n_binds = keep;
	cJSON_ArrayForEach(e, v)
	{
		int rc;

		if (!cJSON_IsString(e))
			return type_error(p, key, "an array of strings");
		rc = add_bind_spec(p, key, e->valuestring, writable);
		if (rc < 0)
			return rc;
	}
	return 0;
}

static int set_ro(securer_policy *p, const char *key, const cJSON *v)
{
	return set_binds(p, key, v, false);
}

static int set_rw(securer_policy *p, const char *key, const cJSON *v)
{
	return set_binds(p, key, v, true);
}

static int set_cwd(securer_policy *p, const char *key, const cJSON *v)
{
	if (!cJSON_IsString(v))
		return type_error(p, key, "a string");
	return securer_policy_set_cwd(p, v->valuestring);
}

static int set_env_set(securer_policy *p, const char *key, const cJSON *v)
{
	const cJSON *e;

	if (!cJSON_IsObject(v))
		return type_error(p, key, "an object of NAME: value strings");
	cJSON_ArrayForEach(e, v)
	{
		int rc;

		if (!cJSON_IsString(e) && !cJSON_IsNull(e))
			return securer__fail(p->err, -EINVAL,
			                     "%s.%s: expected a string or null",
			                     key, e->string);
		rc = securer_policy_set_env(
		    p, e->string, cJSON_IsNull(e) ? NULL : e->valuestring);
		if (rc < 0) {
			char why[SECURER__ERR_SIZE];

			/* The setter's message does not name the key. */
			memcpy(why, p->err, sizeof(why));
			return securer__fail(p->err, rc, "%s: %s", key, why);
		}
	}
	return 0;
}

static int set_str_list(securer_policy *p, const char *key, const cJSON *v,
                        char ***list, size_t *n,
                        int (*add)(securer_policy *, const char *))
{
	const cJSON *e;

	if (!cJSON_IsArray(v))
		return type_error(p, key, "an array of strings");
	for (size_t i = 0; i < *n; i++)
		free((*list)[i]);
	*n = 0;
	cJSON_ArrayForEach(e, v)
	{
		int rc;

		if (!cJSON_IsString(e))
			return type_error(p, key, "an array of strings");
		rc = add(p, e->valuestring);
		if (rc < 0)
			return rc;
	}
	return 0;
}

static int set_env_pass(securer_policy *p, const char *key, const cJSON *v)
{
	return set_str_list(p, key, v, &p->env_pass, &p->n_env_pass,
	                    securer_policy_pass_env);
}

static int set_deny(securer_policy *p, const char *key, const cJSON *v)
{
	return set_str_list(p, key, v, &p->deny, &p->n_deny,
	                    securer_policy_deny_syscall);
}

static int set_limit(securer_policy *p, const char *key, const cJSON *v)
{
	const char *name = key + strlen("limits.");
	double d;

	for (int i = 0; i < SECURER_LIMIT_COUNT_; i++) {
		if (strcmp(name, securer_limit_name((securer_limit)i)) != 0)
			continue;
		if (!cJSON_IsNumber(v))
			return type_error(p, key, "a number");
		d = v->valuedouble;
		if (i == SECURER_LIMIT_TIMEOUT_MS)
			d *= 1000.0; /* seconds in JSON, milliseconds inside */
		else if (d != floor(d))
			return type_error(p, key, "an integer");
		if (d < 0 || d > 9.2e18)
			return securer__fail(p->err, -EINVAL,
			                     "%s: %g is out of range", key,
			                     v->valuedouble);
		return securer_policy_set_limit(p, (securer_limit)i,
		                                (int64_t)llround(d));
	}
	return NOT_THIS_KEY; /* not a limit: reported as an unknown key */
}

/* Every key a policy file may hold.  Sections are objects; a key of a
 * section is "section.key". */
static const struct {
	const char *key;
	key_fn fn;
} key_table[] = {
    {"version", set_version},     {"network", set_network},
    {"files.system", set_system}, {"files.protect_git", set_protect_git},
    {"files.ro", set_ro},         {"files.rw", set_rw},
    {"files.cwd", set_cwd},       {"env.set", set_env_set},
    {"env.pass", set_env_pass},   {"syscalls.deny", set_deny},
    {"limits.*", set_limit},
};

static const char *const sections[] = {"files", "env", "limits", "syscalls"};

static int apply_key(securer_policy *p, const char *key, const cJSON *v)
{
	for (size_t i = 0; i < sizeof(key_table) / sizeof(key_table[0]); i++) {
		const char *k = key_table[i].key;
		size_t n = strlen(k);
		int rc;

		if (k[n - 1] == '*' ? strncmp(key, k, n - 1) != 0
		                    : strcmp(key, k) != 0)
			continue;
		rc = key_table[i].fn(p, key, v);
		if (rc != NOT_THIS_KEY)
			return rc;
	}
	return securer__fail(p->err, -EINVAL,
	                     "unknown policy key '%s' (see docs/policy.md)",
	                     key);
}

static int apply_doc(securer_policy *p, const cJSON *root)
{
	const cJSON *e;

	if (!cJSON_IsObject(root))
		return securer__fail(p->err, -EINVAL,
		                     "a policy must be a JSON object");
	cJSON_ArrayForEach(e, root)
	{
		bool section = false;
		int rc;

		for (size_t i = 0; i < sizeof(sections) / sizeof(sections[0]);
		     i++)
			section |= strcmp(e->string, sections[i]) == 0;
		if (!section) {
			rc = apply_key(p, e->string, e);
		} else if (!cJSON_IsObject(e)) {
			rc = type_error(p, e->string, "an object");
		} else {
			const cJSON *k;

			rc = 0;
			cJSON_ArrayForEach(k, e)
			{
				char key[128];

				snprintf(key, sizeof(key), "%s.%s", e->string,
				         k->string);
				if ((rc = apply_key(p, key, k)) < 0)
					break;
			}
		}
		if (rc < 0)
			return rc;
	}
	return 0;
}

/* Applies to a copy and swaps it in, so errors leave |p| unchanged. */
int securer_policy_load_json(securer_policy *p, const char *json)
{
	securer_policy *tmp;
	cJSON *root;
	int rc;

	if (!json)
		return securer__fail(p->err, -EINVAL, "no JSON text");
	root = cJSON_Parse(json);
	if (!root) {
		const char *at = cJSON_GetErrorPtr();

		return securer__fail(p->err, -EINVAL,
		                     "invalid JSON near '%.20s'", at ? at : "");
	}
	tmp = securer_policy_dup(p);
	if (!tmp) {
		cJSON_Delete(root);
		return securer__fail(p->err, -ENOMEM, "out of memory");
	}
	rc = apply_doc(tmp, root);
	cJSON_Delete(root);
	if (rc < 0) {
		memcpy(p->err, tmp->err, sizeof(p->err));
		securer_policy_free(tmp);
		return rc;
	}
	/* Swap contents, keep |p|'s address. */
	{
		securer_policy old = *p;

		*p = *tmp;
		*tmp = old;
		memcpy(p->err, old.err, sizeof(p->err));
	}
	securer_policy_free(tmp);
	return 0;
}

int securer_policy_load_file(securer_policy *p, const char *path)
{
	char *text = securer__read_file(path, 1 << 20);
	int rc;

	if (!text)
		return securer__fail_errno(p->err, -errno,
		                           "cannot read policy '%s'", path);
	rc = securer_policy_load_json(p, text);
	free(text);
	if (rc < 0) {
		char why[SECURER__ERR_SIZE];

		memcpy(why, p->err, sizeof(why));
		securer__fail(p->err, rc, "%s: %s", path, why);
	}
	return rc;
}

cJSON *securer__policy_to_cjson(const securer_policy *p)
{
	static const char *const nets[] = {"none", "loopback", "host"};
	cJSON *root = cJSON_CreateObject();
	cJSON *files = cJSON_AddObjectToObject(root, "files");
	cJSON *ro = cJSON_AddArrayToObject(files, "ro");
	cJSON *rw = cJSON_AddArrayToObject(files, "rw");
	cJSON *env = cJSON_AddObjectToObject(root, "env");
	cJSON *set = cJSON_AddObjectToObject(env, "set");
	cJSON *pass = cJSON_AddArrayToObject(env, "pass");
	cJSON *limits = cJSON_AddObjectToObject(root, "limits");
	cJSON *sys = cJSON_AddObjectToObject(root, "syscalls");
	cJSON *deny = cJSON_AddArrayToObject(sys, "deny");

	cJSON_AddNumberToObject(root, "version", 1);
	cJSON_AddStringToObject(root, "network", nets[p->net]);
	cJSON_AddBoolToObject(files, "system", p->system_files);
	cJSON_AddBoolToObject(files, "protect_git", p->protect_git);
	for (size_t i = 0; i < p->n_binds; i++) {
		char *spec = NULL;

		if (asprintf(&spec, "%s:%s", p->binds[i].src, p->binds[i].dst) <
		    0)
			continue;
		cJSON_AddItemToArray(p->binds[i].writable ? rw : ro,
		                     cJSON_CreateString(spec));
		free(spec);
	}
	cJSON_AddStringToObject(files, "cwd", p->cwd);
	for (size_t i = 0; i < p->n_env; i++)
		cJSON_AddStringToObject(set, p->env[i].name, p->env[i].value);
	/* env.set merges into the defaults: a removed default is written as
	 * null, so the text loads back into this very policy. */
	for (size_t i = 0; securer__policy_default_env(i); i++) {
		const char *name = securer__policy_default_env(i);
		bool present = false;

		for (size_t j = 0; j < p->n_env && !present; j++)
			present = strcmp(p->env[j].name, name) == 0;
		if (!present)
			cJSON_AddNullToObject(set, name);
	}
	for (size_t i = 0; i < p->n_env_pass; i++)
		cJSON_AddItemToArray(pass, cJSON_CreateString(p->env_pass[i]));
	for (int i = 0; i < SECURER_LIMIT_COUNT_; i++) {
		const char *name = securer_limit_name((securer_limit)i);
		char digits[32];

		if (i == SECURER_LIMIT_TIMEOUT_MS) {
			cJSON_AddNumberToObject(limits, name,
			                        (double)p->limits[i] / 1000.0);
			continue;
		}
		/* cJSON prints 15 significant digits: write integers
		 * ourselves so that every limit up to 2^53 reads back exact */
		snprintf(digits, sizeof(digits), "%lld",
		         (long long)p->limits[i]);
		cJSON_AddRawToObject(limits, name, digits);
	}
	for (size_t i = 0; i < p->n_deny; i++)
		cJSON_AddItemToArray(deny, cJSON_CreateString(p->deny[i]));
	return root;
}

char *securer_policy_to_json(const securer_policy *p)
{
	cJSON *root = securer__policy_to_cjson(p);
	char *s = root ? cJSON_Print(root) : NULL;

	cJSON_Delete(root);
	return s;
}
