/*
 * worker_cmd.c - what a cell runs (worker_int.h): the control's open
 * policy or the backend's policy with the attack's keys and files, and
 * the attack's command line or, in a session, its code.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "case.h"
#include "fmt.h"
#include "judge.h"
#include "worker_int.h"

#define GiB (1024LL * 1024 * 1024)
#define MiB (1024LL * 1024)

/* ---- policies and command lines ----------------------------------------- */

/* The control and the external columns: unconfined, the caller's whole
 * environment, the host's (or the runner's) network, under a guard looser
 * than every oracle's threshold so the host is never at risk. */
static securer_policy *open_policy(const struct worker *w, int64_t timeout_ms)
{
	securer_policy *p = securer_policy_new();

	if (!p)
		return NULL;
	securer_policy_set_network(p, SECURER_NET_HOST);
	securer_policy_pass_env(p, "*");
	securer_policy_set_limit(p, SECURER_LIMIT_ADDRESS_SPACE, 3 * GiB);
	securer_policy_set_limit(p, SECURER_LIMIT_MEMORY, 3 * GiB);
	securer_policy_set_limit(p, SECURER_LIMIT_FILE_SIZE, 1 * GiB);
	securer_policy_set_limit(p, SECURER_LIMIT_OPEN_FILES, 8192);
	securer_policy_set_limit(p, SECURER_LIMIT_PROCESSES, 2048);
	securer_policy_set_limit(p, SECURER_LIMIT_CORE, 256 * MiB);
	/* a session's output and message caps are the library's defence:
	 * the control keeps only a guard, looser than the hostmem oracle */
	securer_policy_set_limit(p, SECURER_LIMIT_OUTPUT, 768 * MiB);
	securer_policy_set_limit(p, SECURER_LIMIT_MESSAGE, 768 * MiB);
	securer_policy_set_limit(p, SECURER_LIMIT_TIMEOUT_MS, timeout_ms);
	if (securer_policy_set_cwd(p, w->c.work) < 0) {
		securer_policy_free(p);
		return NULL;
	}
	return p;
}

/* The attack's "policy" with ${T_WORK}, ${T_PROD}, ${T_HOME} and
 * ${T_CASE} replaced by the row's paths: 0, or -1 when too long or a name
 * is unknown. */
static int expand_policy(const struct worker *w, char *out, size_t size)
{
	const struct {
		const char *name, *value;
	} vars[] = {{"${T_WORK}", w->c.work},
	            {"${T_PROD}", w->c.prod},
	            {"${T_HOME}", w->c.home},
	            {"${T_CASE}", w->c.dir}};
	const char *p = w->a->policy;
	size_t n = 0;

	while (*p) {
		size_t k = 1, i;
		const char *v = NULL;

		for (i = 0; *p == '$' && i < sizeof(vars) / sizeof(vars[0]);
		     i++)
			if (!strncmp(p, vars[i].name, strlen(vars[i].name))) {
				v = vars[i].value;
				k = strlen(vars[i].name);
			}
		if (*p == '$' && !v)
			return -1;
		if (!v) {
			if (n + 1 >= size)
				return -1;
			out[n++] = *p;
		} else {
			if (n + strlen(v) >= size)
				return -1;
			memcpy(out + n, v, strlen(v));
			n += strlen(v);
		}
		p += k;
	}
	out[n] = '\0';
	return 0;
}

bool worker_column_mounts(const struct column *col)
{
	return col->sandbox && !col->external &&
	       col->backend != SECURER_BACKEND_LANDLOCK;
}

/* A securer backend: the default policy with the attack's own keys, plus
 * the attack's files read-only (at /attack when |mounted|, else where they
 * are) and the workspace read-write at its own path (as an agent's working
 * copy would be). */
static securer_policy *backend_policy(const struct worker *w, bool mounted,
                                      char *err, size_t err_size)
{
	const struct attack *a = w->a;
	securer_policy *p = securer_policy_new();
	char json[4096];
	struct stat st;

	if (!p)
		return NULL;
	if (a->policy[0] && (expand_policy(w, json, sizeof(json)) < 0 ||
	                     securer_policy_load_json(p, json) < 0)) {
		snprintf(err, err_size, "the attack's policy: %s",
		         securer_policy_error(p));
		securer_policy_free(p);
		return NULL;
	}
	securer_policy_set_limit(p, SECURER_LIMIT_TIMEOUT_MS, a->timeout_ms);
	if (securer_policy_add_ro_bind(p, a->src_dir,
	                               mounted ? "/attack/src" : NULL) < 0 ||
	    securer_policy_add_ro_bind(
	        p, w->targets, mounted ? "/attack/targets.env" : NULL) < 0 ||
	    (w->row->lang == LANG_C && w->row->mode == MODE_PROCESS &&
	     securer_policy_add_ro_bind(p, a->bin,
	                                mounted ? "/attack/bin" : NULL) < 0) ||
	    (w->row->lang == LANG_R && w->row->mode == MODE_PROCESS &&
	     stat("/etc/R", &st) == 0 &&
	     securer_policy_add_ro_bind(p, "/etc/R", "/etc/R") < 0) ||
	    securer_policy_add_rw_bind(p, w->c.work, w->c.work) < 0 ||
	    securer_policy_set_cwd(p, w->c.work) < 0 ||
	    ((w->ctx->weaken & WEAKEN_HOME) &&
	     securer_policy_add_ro_bind(p, w->c.home, w->c.home) < 0) ||
	    ((w->ctx->weaken & WEAKEN_NET) &&
	     securer_policy_set_network(p, SECURER_NET_HOST) < 0) ||
	    ((w->ctx->weaken & WEAKEN_ENV) &&
	     securer_policy_pass_env(p, "*") < 0)) {
		securer_policy_free(p);
		return NULL;
	}
	return p;
}

/* argv of the attack; |mounted|: the paths inside the sandbox. */
static void attack_argv(const struct worker *w, bool mounted,
                        char bufs[2][PATH_MAX], const char *argv[6])
{
	const struct attack *a = w->a;
	int n = 0;

	if (w->row->lang == LANG_C) {
		snprintf(bufs[0], PATH_MAX, "%s",
		         mounted ? "/attack/bin" : a->bin);
	} else {
		snprintf(bufs[0], PATH_MAX, "%s/%s",
		         mounted ? "/attack/src" : a->src_dir,
		         corpus_file(a, w->row->lang));
		argv[n++] = w->row->lang == LANG_SH       ? "sh"
		            : w->row->lang == LANG_PYTHON ? "python3"
		                                          : "Rscript";
		if (w->row->lang == LANG_R)
			argv[n++] = "--vanilla";
	}
	argv[n++] = bufs[0];
	if (a->workload) {
		/* a workload's arguments: its folder, the working directory */
		argv[n++] = w->src_seen;
		argv[n++] = w->c.work;
		argv[n] = NULL;
		return;
	}
	snprintf(bufs[1], PATH_MAX, "%s",
	         mounted ? "/attack/targets.env" : w->targets);
	argv[n++] = bufs[1];
	argv[n] = NULL;
}

/* Session mode: the code, after a line defining TARGETS. */
static char *session_code(const struct worker *w, bool mounted)
{
	const char *path = mounted ? "/attack/targets.env" : w->targets;
	const char *assign = w->row->lang == LANG_SH       ? "="
	                     : w->row->lang == LANG_PYTHON ? " = "
	                                                   : " <- ";
	size_t n = strlen(path) + strlen(w->source) + 2 * PATH_MAX + 64;
	char *code = malloc(n);

	if (code && w->a->workload)
		snprintf(code, n, "T_SRC%s'%s'\nT_WORK%s'%s'\n%s", assign,
		         w->src_seen, assign, w->c.work, w->source);
	else if (code)
		snprintf(code, n, "TARGETS%s'%s'\n%s", assign, path, w->source);
	return code;
}

int worker_prepare(struct worker *w, const struct column *col,
                   struct prepared *p, char *err, size_t err_size)
{
	const char *argv[6];
	int parent[2], child[2];
	bool mounted = worker_column_mounts(col);

	memset(p, 0, sizeof(*p));
	p->policy = col->control || col->external
	                ? open_policy(w, w->a->timeout_ms +
	                                     (col->control ? GRACE_MS : 0))
	                : backend_policy(w, mounted, err, err_size);
	if (!p->policy) {
		if (!err[0])
			snprintf(err, err_size, "cannot build the policy");
		return -1;
	}
	if (w->row->mode == MODE_SESSION) {
		p->code = session_code(w, mounted);
		return p->code ? 0 : -1;
	}
	attack_argv(w, mounted, p->bufs, argv);
	if (col->external) {
		p->ext_argv = external_argv(col->ext, argv);
		if (!p->ext_argv) {
			snprintf(err, err_size,
			         "cannot build the command of %s", col->name);
			return -1;
		}
		for (int i = 0; i < MAX_ARGV && p->ext_argv[i]; i++)
			p->argv[i] = p->ext_argv[i];
	} else {
		memcpy(p->argv, argv, sizeof(argv));
	}
	p->n_fds = fixtures_fds(&w->fx, col, parent, child);
	for (size_t i = 0; i < p->n_fds; i++)
		p->fds[i] = (securer_fd_map){parent[i], child[i]};
	return 0;
}

void worker_release(struct prepared *p)
{
	securer_policy_free(p->policy);
	external_argv_free(p->ext_argv);
	free(p->code);
}

/* An attack with a policy of its own under a securer backend that cannot
 * express it (the landlock backend has no network namespace, no mounts):
 * the backend refuses it (-EINVAL, naming the key) before anything runs,
 * which the probe shows.  True then, with the reason in |why|. */
bool worker_policy_refused(const struct worker *w, const struct column *col,
                           const struct prepared *p, char *why, size_t size)
{
	char reason[512];

	if (!w->a->policy[0] || col->control || col->external ||
	    securer_backend_probe((securer_backend)col->backend, p->policy,
	                          reason, sizeof(reason)) != -EINVAL)
		return false;
	fmt(why, size, "not applicable: %s refuses the attack's policy: %.440s",
	    col->name, reason);
	return true;
}
