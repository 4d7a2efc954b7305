/*
 * runner.c - `securer conform`: options, the order of the cases, outcomes
 * and the exit status.
 *
 * Every case runs in a fresh state: the production tree is rebuilt, the
 * listener forgets past connections, the marker path is new.  The control
 * runs first, unconfined under a safety guard (address space 3 GiB, 2048
 * processes, its timeout plus a grace period): if it does not show the
 * attack's effect, the attack proves nothing here and its backend cases are
 * inconclusive, never blocked.
 *
 * Exit status: 0 when every sandbox case is blocked and every control
 * succeeded; 1 when an attack got through a sandbox, a control was
 * inconclusive, or no sandbox backend works here; 2 on a harness error.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "canary.h"
#include "fmt.h"
#include "case.h"
#include "judge.h"
#include "listener.h"
#include "matrix.h"
#include "opt.h"
#include "runner.h"

#define GiB (1024LL * 1024 * 1024)

const char *outcome_name(enum outcome o)
{
	static const char *const names[] = {"blocked", "succeeded",
	                                    "inconclusive", "skipped", "error"};

	return (unsigned)o < 5 ? names[o] : "?";
}

enum {
	OPT_ATTACKS_DIR = 1,
	OPT_BUILD_DIR,
	OPT_BACKEND,
	OPT_ATTACKS,
	OPT_KEEP,
	OPT_VERBOSE
};

static const struct cli_opt conform_opts[] = {
    {"backend", 'b', "NAME", OPT_BACKEND,
     "backend column to run (repeatable; default: none and bwrap)"},
    {"attacks", 'a', "GLOB", OPT_ATTACKS, "only attacks whose id matches GLOB"},
    {"attacks-dir", 0, "DIR", OPT_ATTACKS_DIR, "the corpus (default: attacks)"},
    {"build-dir", 0, "DIR", OPT_BUILD_DIR,
     "where the C attacks were built (default: build)"},
    {"keep", 0, NULL, OPT_KEEP, "keep the canary directory for inspection"},
    {"verbose", 'v', NULL, OPT_VERBOSE, "print the evidence of every case"},
};

struct conform {
	const char *attacks_dir;
	const char *build_dir;
	const char *glob;
	bool keep;
	bool verbose;
	struct column cols[MAX_COLUMNS];
	int n_cols;
	struct canaries canaries;
	struct listener listener;
};

static int add_column(struct conform *cf, const char *name)
{
	struct column *c;

	if (cf->n_cols == MAX_COLUMNS) {
		cli_error("conform: too many backends");
		return 125;
	}
	c = &cf->cols[cf->n_cols];
	memset(c, 0, sizeof(*c));
	if (strcmp(name, "control") == 0) {
		c->control = true;
		c->backend = SECURER_BACKEND_NONE;
	} else if (securer_backend_from_name(name, &c->backend) < 0 ||
	           c->backend == SECURER_BACKEND_AUTO) {
		cli_error("conform: unknown backend '%s' (none, bwrap)", name);
		return 125;
	}
	snprintf(c->name, sizeof(c->name), "%s", name);
	c->sandbox = !c->control && securer_backend_is_sandbox(c->backend);
	cf->n_cols++;
	return 0;
}

static int on_opt(void *ctx, int id, const char *value)
{
	struct conform *cf = ctx;

	switch (id) {
	case OPT_ATTACKS_DIR:
		cf->attacks_dir = value;
		return 0;
	case OPT_BUILD_DIR:
		cf->build_dir = value;
		return 0;
	case OPT_ATTACKS:
		cf->glob = value;
		return 0;
	case OPT_KEEP:
		cf->keep = true;
		return 0;
	case OPT_VERBOSE:
		cf->verbose = true;
		return 0;
	case OPT_BACKEND:
		return add_column(cf, value);
	}
	return 125;
}

static bool on_path(const char *prog)
{
	const char *path = getenv("PATH");
	char *copy = strdup(path ? path : "/usr/bin:/bin"), *dir, *save = NULL;
	bool found = false;

	for (dir = strtok_r(copy, ":", &save); dir && !found;
	     dir = strtok_r(NULL, ":", &save)) {
		char full[PATH_MAX];

		snprintf(full, sizeof(full), "%s/%s", dir, prog);
		found = access(full, X_OK) == 0;
	}
	free(copy);
	return found;
}

/* Why this attack/language cannot run here, or NULL. */
static const char *cannot_run(const struct attack *a, enum lang l, char *buf,
                              size_t size)
{
	if (l == LANG_C && !a->bin[0]) {
		snprintf(buf, size,
		         "the C attack is not built (run make attacks)");
		return buf;
	}
	for (int i = 0; i < a->n_needs; i++)
		if (!on_path(a->needs[i])) {
			snprintf(buf, size, "needs %s, not found on PATH",
			         a->needs[i]);
			return buf;
		}
	return NULL;
}

/* The control: unconfined, the full environment, the host's network, under
 * a guard looser than every oracle threshold. */
static securer_policy *control_policy(const struct attack *a)
{
	securer_policy *p = securer_policy_new();

	if (!p)
		return NULL;
	securer_policy_set_network(p, SECURER_NET_HOST);
	securer_policy_pass_env(p, "*");
	securer_policy_set_limit(p, SECURER_LIMIT_ADDRESS_SPACE, 3 * GiB);
	securer_policy_set_limit(p, SECURER_LIMIT_FILE_SIZE, 1 * GiB);
	securer_policy_set_limit(p, SECURER_LIMIT_OPEN_FILES, 4096);
	securer_policy_set_limit(p, SECURER_LIMIT_PROCESSES, 2048);
	securer_policy_set_limit(p, SECURER_LIMIT_TIMEOUT_MS,
	                         a->timeout_ms + GRACE_MS);
	return p;
}

/* The policy every backend column runs under: the defaults, plus the
 * attack's files read-only. */
static securer_policy *backend_policy(const struct attack *a, enum lang l,
                                      const char *targets)
{
	securer_policy *p = securer_policy_new();

	if (!p)
		return NULL;
	securer_policy_set_limit(p, SECURER_LIMIT_TIMEOUT_MS, a->timeout_ms);
	if (securer_policy_add_ro_bind(p, a->src_dir, "/attack/src") < 0 ||
	    securer_policy_add_ro_bind(p, targets, "/attack/targets.env") < 0 ||
	    (l == LANG_C &&
	     securer_policy_add_ro_bind(p, a->bin, "/attack/bin") < 0)) {
		securer_policy_free(p);
		return NULL;
	}
	return p;
}

static void build_argv(const struct attack *a, enum lang l, bool mounted,
                       const char *targets, char bufs[3][PATH_MAX],
                       const char *argv[4])
{
	if (l == LANG_SH) {
		snprintf(bufs[0], PATH_MAX, "%s/attack.sh",
		         mounted ? "/attack/src" : a->src_dir);
		argv[0] = "sh";
		argv[1] = bufs[0];
	} else {
		snprintf(bufs[0], PATH_MAX, "%s",
		         mounted ? "/attack/bin" : a->bin);
		argv[0] = bufs[0];
		argv[1] = NULL;
	}
	snprintf(bufs[1], PATH_MAX, "%s",
	         mounted ? "/attack/targets.env" : targets);
	argv[l == LANG_SH ? 2 : 1] = bufs[1];
	argv[l == LANG_SH ? 3 : 2] = NULL;
}

static int write_targets(struct conform *cf, const char *path,
                         const char *marker)
{
	FILE *f = fopen(path, "w");

	if (!f)
		return -1;
	fprintf(f,
	        "# where the canaries are (never what they hold)\n"
	        "T_HOME='%s'\nT_PROD='%s'\nT_TCP_HOST='127.0.0.1'\n"
	        "T_TCP_PORT='%d'\nT_MARKER='%s'\n",
	        cf->canaries.home, cf->canaries.prod, cf->listener.port,
	        marker);
	return fclose(f);
}

/* Runs one cell of the matrix. */
static void run_cell(struct conform *cf, struct result *r, const char *case_dir,
                     const char *targets, const char *marker,
                     const struct result *control)
{
	const struct column *col = &cf->cols[r->column];
	const struct attack *a = r->attack;
	char stage2[600], why[256], bufs[3][PATH_MAX], err[256] = "";
	const char *argv[4];
	struct judge_ctx jc = {&cf->canaries, &cf->listener, marker, case_dir};
	struct case_spec spec;
	struct case_out out;
	securer_policy *policy;
	bool sample = a->oracles & (ORACLE_PROCS | ORACLE_MEMORY);

	if (!col->usable) {
		r->outcome = OUTCOME_SKIPPED;
		snprintf(r->evidence, sizeof(r->evidence), "%s", col->reason);
		return;
	}
	if (cannot_run(a, r->lang, why, sizeof(why))) {
		r->outcome = OUTCOME_SKIPPED;
		snprintf(r->evidence, sizeof(r->evidence), "%s", why);
		return;
	}
	if (control && control->outcome != OUTCOME_SUCCEEDED) {
		r->outcome = OUTCOME_INCONCLUSIVE;
		snprintf(
		    r->evidence, sizeof(r->evidence),
		    "not run: the control did not show the attack's effect");
		return;
	}
	unlink(marker);
	fmt(stage2, sizeof(stage2), "#!/bin/sh\ntouch '%s'\n", marker);
	listener_reset(&cf->listener, stage2);
	if (canary_reset_prod(&cf->canaries, err, sizeof(err)) < 0) {
		r->outcome = OUTCOME_ERROR;
		snprintf(r->evidence, sizeof(r->evidence), "%s", err);
		return;
	}
	policy = col->control ? control_policy(a)
	                      : backend_policy(a, r->lang, targets);
	build_argv(a, r->lang, col->sandbox, targets, bufs, argv);
	spec = (struct case_spec){col->backend,     policy, argv,
	                          cf->canaries.env, sample, MEMORY_FLOOR_KB};
	if (!policy || case_run(&spec, &out) < 0) {
		r->outcome = OUTCOME_ERROR;
		fmt(r->evidence, sizeof(r->evidence),
		    "securer could not run it: %.600s",
		    policy ? out.msg : "out of memory");
		securer_policy_free(policy);
		case_out_release(&out);
		return;
	}
	r->ms = out.elapsed_ms;
	r->fired =
	    judge(&jc, a, &out, sample, r->evidence, sizeof(r->evidence));
	if (col->control) {
		r->outcome = (r->fired & a->oracles) ? OUTCOME_SUCCEEDED
		                                     : OUTCOME_INCONCLUSIVE;
		if (r->outcome == OUTCOME_INCONCLUSIVE)
			snprintf(r->evidence, sizeof(r->evidence),
			         "the control showed "
			         "no effect its oracle watches; output: %.300s",
			         out.out);
	} else {
		r->outcome = r->fired ? OUTCOME_SUCCEEDED : OUTCOME_BLOCKED;
		if (!r->fired)
			snprintf(r->evidence, sizeof(r->evidence),
			         "no oracle fired "
			         "(%lld MiB resident at most%s%.0d%s, ended "
			         "after %lld ms)",
			         (long long)out.st.max_rss_kb / 1024,
			         sample ? ", " : "",
			         sample ? out.peak_procs : 0,
			         sample ? " processes at once" : "",
			         (long long)out.elapsed_ms);
	}
	securer_policy_free(policy);
	case_out_release(&out);
}

static void probe_columns(struct conform *cf)
{
	for (int i = 0; i < cf->n_cols; i++) {
		struct column *c = &cf->cols[i];

		c->usable = securer_backend_probe(c->backend, NULL, c->reason,
		                                  sizeof(c->reason)) == 0;
	}
}

static int run_all(struct conform *cf, const struct attack *attacks, size_t n,
                   struct result **out, size_t *n_out)
{
	size_t cells = 0, done = 0, k = 0;
	struct result *res;

	for (size_t i = 0; i < n; i++)
		for (int l = 0; l < LANG_COUNT; l++)
			cells += attacks[i].has[l] ? (size_t)cf->n_cols : 0;
	res = calloc(cells ? cells : 1, sizeof(*res));
	if (!res)
		return -1;
	for (size_t i = 0; i < n; i++) {
		for (int l = 0; l < LANG_COUNT; l++) {
			char case_dir[PATH_MAX], targets[PATH_MAX],
			    marker[PATH_MAX];

			if (!attacks[i].has[l])
				continue;
			if (fmt(case_dir, sizeof(case_dir), "%s/case-%zu-%s-%s",
			        cf->canaries.root, k / (size_t)cf->n_cols,
			        attacks[i].id, lang_name((enum lang)l)) < 0 ||
			    fmt(targets, sizeof(targets), "%s/targets.env",
			        case_dir) < 0 ||
			    fmt(marker, sizeof(marker), "%s/host-marker",
			        case_dir) < 0 ||
			    mkdir(case_dir, 0755) < 0 ||
			    write_targets(cf, targets, marker) < 0) {
				cli_error("conform: cannot prepare %s: %s",
				          case_dir, strerror(errno));
				free(res);
				return -1;
			}
			for (int c = 0; c < cf->n_cols; c++, k++) {
				struct result *r = &res[k];

				r->attack = &attacks[i];
				r->lang = (enum lang)l;
				r->column = c;
				run_cell(cf, r, case_dir, targets, marker,
				         c == 0 ? NULL : &res[k - (size_t)c]);
				matrix_progress(stderr, ++done, cells, r,
				                cf->cols);
			}
		}
	}
	*out = res;
	*n_out = cells;
	return 0;
}

static int verdict(const struct conform *cf, const struct result *res, size_t n)
{
	size_t bad = 0, sandboxes = 0;

	for (int c = 0; c < cf->n_cols; c++)
		sandboxes += cf->cols[c].sandbox && cf->cols[c].usable;
	for (size_t i = 0; i < n; i++) {
		const struct column *c = &cf->cols[res[i].column];

		if (c->control && res[i].outcome == OUTCOME_INCONCLUSIVE)
			bad++;
		if (c->sandbox && (res[i].outcome == OUTCOME_SUCCEEDED ||
		                   res[i].outcome == OUTCOME_ERROR))
			bad++;
	}
	if (!sandboxes) {
		printf("\nFAIL: no sandbox backend works here, nothing was "
		       "proven:\n");
		for (int c = 0; c < cf->n_cols; c++)
			if (cf->cols[c].sandbox)
				printf("  %s: %s\n", cf->cols[c].name,
				       cf->cols[c].reason);
		return 1;
	}
	if (bad) {
		printf("\nFAIL: %zu case%s need%s attention (see evidence "
		       "above)\n",
		       bad, bad == 1 ? "" : "s", bad == 1 ? "s" : "");
		return 1;
	}
	printf(
	    "\nPASS: every attack worked unconfined and was blocked by every "
	    "sandbox backend\n");
	return 0;
}

int conform_main(int argc, char **argv)
{
	struct conform cf;
	struct attack *attacks = NULL;
	struct result *res = NULL;
	size_t n_attacks = 0, n_res = 0;
	struct utsname un;
	char err[1024] = "";
	int first, rc;

	memset(&cf, 0, sizeof(cf));
	cf.attacks_dir = "attacks";
	cf.build_dir = "build";
	add_column(&cf, "control");
	rc = cli_parse(argc, argv, conform_opts,
	               sizeof(conform_opts) / sizeof(conform_opts[0]), on_opt,
	               &cf, "securer conform [OPTIONS]", &first);
	if (rc < 0)
		return 0;
	if (rc > 0)
		return rc == 125 ? 2 : rc;
	if (cf.n_cols == 1 &&
	    (add_column(&cf, "none") || add_column(&cf, "bwrap")))
		return 2;
	if (corpus_load(cf.attacks_dir, cf.build_dir, cf.glob, &attacks,
	                &n_attacks, err, sizeof(err)) < 0) {
		cli_error("conform: %s", err);
		return 2;
	}
	if (n_attacks == 0) {
		cli_error("conform: no attack matches");
		return 2;
	}
	probe_columns(&cf);
	if (canary_plant(&cf.canaries, err, sizeof(err)) < 0 ||
	    listener_start(&cf.listener, err, sizeof(err)) < 0) {
		cli_error("conform: %s", err);
		canary_remove(&cf.canaries);
		free(attacks);
		return 2;
	}
	uname(&un);
	printf("securer conform: %zu attacks; columns:", n_attacks);
	for (int c = 0; c < cf.n_cols; c++)
		printf(" %s%s%s", cf.cols[c].name,
		       cf.cols[c].sandbox || cf.cols[c].control
		           ? ""
		           : " (unsandboxed)",
		       cf.cols[c].usable ? "" : " [unusable]");
	printf("\nmachine: %s %s %s, uid %d; canaries in %s\n", un.sysname,
	       un.release, un.machine, (int)geteuid(), cf.canaries.root);
	fflush(stdout);
	rc = run_all(&cf, attacks, n_attacks, &res, &n_res);
	listener_stop(&cf.listener);
	if (rc == 0) {
		matrix_print(stdout, res, n_res, cf.cols, cf.n_cols,
		             cf.verbose);
		rc = verdict(&cf, res, n_res);
	} else {
		rc = 2;
	}
	if (cf.keep)
		printf("canaries kept in %s\n", cf.canaries.root);
	else
		canary_remove(&cf.canaries);
	free(res);
	free(attacks);
	return rc;
}
