/*
 * policy.c - the policy object: deny-by-default values, setters, copies, and
 * the sandbox environment a policy yields.  JSON lives in policy_json.c.
 */
#include <errno.h>
#include <fnmatch.h>
#include <limits.h>
#include <seccomp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "internal.h"

#define KiB (INT64_C(1024))
#define MiB (KiB * 1024)
#define GiB (MiB * 1024)
/* Byte limits stop at 2^53 (8 PiB): the largest integer a JSON number
 * carries exactly, so every policy survives securer_policy_to_json. */
#define BYTES_MAX (INT64_C(1) << 53)

/* One row per limit: its JSON key (under "limits"), default and maximum.
 * Keep in the order of enum securer_limit. */
static const struct {
	const char *name;
	int64_t def;
	int64_t max;
} limit_table[SECURER_LIMIT_COUNT_] = {
    [SECURER_LIMIT_CPU_SECONDS] = {"cpu_seconds", 60, INT32_MAX},
    [SECURER_LIMIT_ADDRESS_SPACE] = {"address_space_bytes", 1 * GiB, BYTES_MAX},
    [SECURER_LIMIT_FILE_SIZE] = {"file_size_bytes", 64 * MiB, BYTES_MAX},
    [SECURER_LIMIT_OPEN_FILES] = {"open_files", 256, 1 << 20},
    [SECURER_LIMIT_PROCESSES] = {"processes", 256, 1 << 22},
    [SECURER_LIMIT_CORE] = {"core_bytes", 0, BYTES_MAX},
    [SECURER_LIMIT_TMPFS] = {"tmpfs_bytes", 64 * MiB, BYTES_MAX},
    [SECURER_LIMIT_TIMEOUT_MS] = {"timeout_seconds", 30000, INT32_MAX},
    [SECURER_LIMIT_OUTPUT] = {"output_bytes", 1 * MiB, BYTES_MAX},
    [SECURER_LIMIT_MESSAGE] = {"message_bytes", 1 * MiB, 1 * GiB},
    [SECURER_LIMIT_TOOL_CALLS] = {"tool_calls", 1000, INT32_MAX},
    [SECURER_LIMIT_STACK] = {"stack_bytes", 8 * MiB, BYTES_MAX},
    [SECURER_LIMIT_MEMORY] = {"memory_bytes", 1 * GiB, BYTES_MAX},
};

/* The environment every sandbox starts from. */
static const struct {
	const char *name;
	const char *value;
} default_env[] = {
    {"PATH", "/usr/local/bin:/usr/bin:/bin"},
    {"HOME", "/tmp"},
    {"TMPDIR", "/tmp"},
    {"LANG", "C.UTF-8"},
    {"TZ", "UTC"},
};

const char *securer_limit_name(securer_limit which)
{
	if ((unsigned)which >= SECURER_LIMIT_COUNT_)
		return NULL;
	return limit_table[which].name;
}

const char *securer__policy_default_env(size_t i)
{
	return i < sizeof(default_env) / sizeof(default_env[0])
	           ? default_env[i].name
	           : NULL;
}

securer_policy *securer_policy_new(void)
{
	securer_policy *p = calloc(1, sizeof(*p));

	if (!p)
		return NULL;
	p->net = SECURER_NET_NONE;
	p->system_files = true;
	p->protect_git = true;
	for (int i = 0; i < SECURER_LIMIT_COUNT_; i++)
		p->limits[i] = limit_table[i].def;
	p->cwd = securer__strdup("/tmp");
	if (!p->cwd)
		goto fail;
	for (size_t i = 0; i < sizeof(default_env) / sizeof(default_env[0]);
	     i++)
		if (securer_policy_set_env(p, default_env[i].name,
		                           default_env[i].value) < 0)
			goto fail;
	return p;
fail:
	securer_policy_free(p);
	return NULL;
}

static void free_strs(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void securer_policy_free(securer_policy *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->n_binds; i++) {
		free(p->binds[i].src);
		free(p->binds[i].dst);
	}
	free(p->binds);
	for (size_t i = 0; i < p->n_env; i++) {
		free(p->env[i].name);
		free(p->env[i].value);
	}
	free(p->env);
	free_strs(p->env_pass, p->n_env_pass);
	free_strs(p->deny, p->n_deny);
	free(p->cwd);
	free(p);
}

static char **dup_strs(char *const *v, size_t n, bool *ok)
{
	char **d;

	if (n == 0)
		return NULL;
	d = calloc(n, sizeof(*d));
	if (!d) {
		*ok = false;
		return NULL;
	}
	for (size_t i = 0; i < n; i++)
		if (!(d[i] = securer__strdup(v[i])))
			*ok = false;
	return d;
}

securer_policy *securer_policy_dup(const securer_policy *src)
{
	securer_policy *p = calloc(1, sizeof(*p));
	bool ok = true;

	if (!p)
		return NULL;
	p->net = src->net;
	p->system_files = src->system_files;
	p->protect_git = src->protect_git;
	memcpy(p->limits, src->limits, sizeof(p->limits));
	p->cwd = securer__strdup(src->cwd);
	ok = p->cwd != NULL;
	if (src->n_binds) {
		p->binds = calloc(src->n_binds, sizeof(*p->binds));
		ok = ok && p->binds;
		for (size_t i = 0; p->binds && i < src->n_binds; i++) {
			p->binds[i].src = securer__strdup(src->binds[i].src);
			p->binds[i].dst = securer__strdup(src->binds[i].dst);
			p->binds[i].writable = src->binds[i].writable;
			ok = ok && p->binds[i].src && p->binds[i].dst;
			p->n_binds++;
		}
	}
	if (src->n_env) {
		p->env = calloc(src->n_env, sizeof(*p->env));
		ok = ok && p->env;
		for (size_t i = 0; p->env && i < src->n_env; i++) {
			p->env[i].name = securer__strdup(src->env[i].name);
			p->env[i].value = securer__strdup(src->env[i].value);
			ok = ok && p->env[i].name && p->env[i].value;
			p->n_env++;
		}
	}
	p->env_pass = dup_strs(src->env_pass, src->n_env_pass, &ok);
	p->n_env_pass = p->env_pass ? src->n_env_pass : 0;
	p->deny = dup_strs(src->deny, src->n_deny, &ok);
	p->n_deny = p->deny ? src->n_deny : 0;
	if (!ok) {
		securer_policy_free(p);
		return NULL;
	}
	return p;
}

const char *securer_policy_error(const securer_policy *p)
{
	return p ? p->err : "no policy";
}

int securer_policy_set_network(securer_policy *p, securer_net net)
{
	if (net != SECURER_NET_NONE && net != SECURER_NET_LOOPBACK &&
	    net != SECURER_NET_HOST)
		return securer__fail(p->err, -EINVAL, "unknown network mode %d",
		                     (int)net);
	p->net = net;
	return 0;
}

securer_net securer_policy_network(const securer_policy *p)
{
	return p->net;
}

int securer_policy_set_limit(securer_policy *p, securer_limit which,
                             int64_t value)
{
	if ((unsigned)which >= SECURER_LIMIT_COUNT_)
		return securer__fail(p->err, -EINVAL, "unknown limit %d",
		                     (int)which);
	if (value < 0 || value > limit_table[which].max)
		return securer__fail(p->err, -EINVAL,
		                     "limits.%s: %lld is out of range 0..%lld",
		                     limit_table[which].name, (long long)value,
		                     (long long)limit_table[which].max);
	p->limits[which] = value;
	return 0;
}

int64_t securer_policy_limit(const securer_policy *p, securer_limit which)
{
	if ((unsigned)which >= SECURER_LIMIT_COUNT_)
		return -1;
	return p->limits[which];
}

int securer_policy_set_system_files(securer_policy *p, int enabled)
{
	p->system_files = enabled != 0;
	return 0;
}

int securer_policy_set_protect_git(securer_policy *p, int enabled)
{
	p->protect_git = enabled != 0;
	return 0;
}

static int add_bind(securer_policy *p, const char *src, const char *dst,
                    bool writable)
{
	char real[PATH_MAX];
	struct securer__bind *b;

	if (!src || !*src)
		return securer__fail(p->err, -EINVAL, "bind source is empty");
	if (!realpath(src, real))
		return securer__fail_errno(p->err, -errno, "cannot bind '%s'",
		                           src);
	if (!dst)
		dst = real;
	if (dst[0] != '/')
		return securer__fail(p->err, -EINVAL,
		                     "bind destination '%s' is not absolute",
		                     dst);
	b = realloc(p->binds, (p->n_binds + 1) * sizeof(*b));
	if (!b)
		return securer__fail(p->err, -ENOMEM, "out of memory");
	p->binds = b;
	b = &p->binds[p->n_binds];
	b->src = securer__strdup(real);
	b->dst = securer__strdup(dst);
	b->writable = writable;
	if (!b->src || !b->dst) {
		free(b->src);
		free(b->dst);
		return securer__fail(p->err, -ENOMEM, "out of memory");
	}
	p->n_binds++;
	return 0;
}

int securer_policy_add_ro_bind(securer_policy *p, const char *src,
                               const char *dst)
{
	return add_bind(p, src, dst, false);
}

int securer_policy_add_rw_bind(securer_policy *p, const char *src,
                               const char *dst)
{
	return add_bind(p, src, dst, true);
}

int securer_policy_add_bind_spec(securer_policy *p, const char *spec,
                                 int writable)
{
	const char *colon;
	char src[PATH_MAX];

	if (!spec || !*spec)
		return securer__fail(p->err, -EINVAL, "bind spec is empty");
	if (!(colon = strchr(spec, ':')))
		return add_bind(p, spec, NULL, writable);
	if (colon == spec)
		return securer__fail(p->err, -EINVAL, "bind '%s' has no source",
		                     spec);
	if (!colon[1])
		return securer__fail(p->err, -EINVAL,
		                     "bind '%s' has an empty destination",
		                     spec);
	if ((size_t)(colon - spec) >= sizeof(src))
		return securer__fail(p->err, -ENAMETOOLONG,
		                     "bind source too long");
	memcpy(src, spec, (size_t)(colon - spec));
	src[colon - spec] = '\0';
	return add_bind(p, src, colon + 1, writable);
}

static bool valid_env_name(const char *name)
{
	return name && *name && !strchr(name, '=');
}

int securer_policy_set_env(securer_policy *p, const char *name,
                           const char *value)
{
	struct securer__env *e;
	char *v;

	if (!valid_env_name(name))
		return securer__fail(p->err, -EINVAL,
		                     "invalid environment variable name '%s'",
		                     name ? name : "");
	for (size_t i = 0; i < p->n_env; i++) {
		if (strcmp(p->env[i].name, name) != 0)
			continue;
		if (!value) {
			free(p->env[i].name);
			free(p->env[i].value);
			memmove(&p->env[i], &p->env[i + 1],
			        (p->n_env - i - 1) * sizeof(*p->env));
			p->n_env--;
			return 0;
		}
		if (!(v = securer__strdup(value)))
			return securer__fail(p->err, -ENOMEM, "out of memory");
		free(p->env[i].value);
		p->env[i].value = v;
		return 0;
	}
	if (!value)
		return 0;
	e = realloc(p->env, (p->n_env + 1) * sizeof(*e));
	if (!e)
		return securer__fail(p->err, -ENOMEM, "out of memory");
	p->env = e;
	e[p->n_env].name = securer__strdup(name);
	e[p->n_env].value = securer__strdup(value);
	if (!e[p->n_env].name || !e[p->n_env].value) {
		free(e[p->n_env].name);
		free(e[p->n_env].value);
		return securer__fail(p->err, -ENOMEM, "out of memory");
	}
	p->n_env++;
	return 0;
}

static int push_str(char ***v, size_t *n, const char *s)
{
	char **nv = realloc(*v, (*n + 1) * sizeof(**v));

	if (!nv)
		return -ENOMEM;
	*v = nv;
	if (!(nv[*n] = securer__strdup(s)))
		return -ENOMEM;
	(*n)++;
	return 0;
}

int securer_policy_pass_env(securer_policy *p, const char *pattern)
{
	if (!pattern || !*pattern)
		return securer__fail(p->err, -EINVAL, "empty env.pass pattern");
	if (push_str(&p->env_pass, &p->n_env_pass, pattern) < 0)
		return securer__fail(p->err, -ENOMEM, "out of memory");
	return 0;
}

int securer_policy_set_cwd(securer_policy *p, const char *dir)
{
	char *d;

	if (!dir || dir[0] != '/')
		return securer__fail(p->err, -EINVAL,
		                     "files.cwd '%s' is not absolute",
		                     dir ? dir : "");
	if (!(d = securer__strdup(dir)))
		return securer__fail(p->err, -ENOMEM, "out of memory");
	free(p->cwd);
	p->cwd = d;
	return 0;
}

int securer_policy_deny_syscall(securer_policy *p, const char *name)
{
	if (!name || seccomp_syscall_resolve_name(name) == __NR_SCMP_ERROR)
		return securer__fail(p->err, -EINVAL,
		                     "syscalls.deny: unknown syscall '%s'",
		                     name ? name : "");
	if (push_str(&p->deny, &p->n_deny, name) < 0)
		return securer__fail(p->err, -ENOMEM, "out of memory");
	return 0;
}

static bool passes(const securer_policy *p, const char *name)
{
	for (size_t i = 0; i < p->n_env_pass; i++)
		if (fnmatch(p->env_pass[i], name, 0) == 0)
			return true;
	return false;
}

int securer__policy_build_env(const securer_policy *p, char *const *caller_env,
                              struct securer__strv *out)
{
	extern char **environ;
	char *const *ce = caller_env ? caller_env : environ;

	/* Set values first, skipping those a passed caller variable replaces,
	 * then the passed caller variables: one entry per name. */
	for (size_t i = 0; i < p->n_env; i++) {
		bool replaced = false;

		for (size_t j = 0; ce && ce[j] && p->n_env_pass; j++) {
			size_t len = strcspn(ce[j], "=");

			if (ce[j][len] == '=' &&
			    strncmp(ce[j], p->env[i].name, len) == 0 &&
			    p->env[i].name[len] == '\0' &&
			    passes(p, p->env[i].name)) {
				replaced = true;
				break;
			}
		}
		if (!replaced)
			securer__strv_pushf(out, "%s=%s", p->env[i].name,
			                    p->env[i].value);
	}
	for (size_t j = 0; ce && ce[j] && p->n_env_pass; j++) {
		size_t len = strcspn(ce[j], "=");
		char name[256];

		if (ce[j][len] != '=' || len == 0 || len >= sizeof(name))
			continue;
		memcpy(name, ce[j], len);
		name[len] = '\0';
		if (passes(p, name))
			securer__strv_push(out, ce[j]);
	}
	return out->oom ? -ENOMEM : 0;
}
