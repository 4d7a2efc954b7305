/*
 * runner.c - conform_run() (securer_conform.h): columns, expectations, the
 * run, the reports and the exit status (enum conform_status).
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "canary.h"
#include "corpus.h"
#include "expect.h"
#include "external.h"
#include "fmt.h"
#include "info.h"
#include "lint.h"
#include "matrix.h"
#include "netns.h"
#include "report.h"
#include "schedule.h"
#include "secrets.h"
#include "securer.h"
#include "securer_conform.h"

/* "securer: conform: ..." on stderr, as every error of the command. */
static void conform_error(const char *format, ...)
    __attribute__((format(printf, 1, 2)));

static void conform_error(const char *format, ...)
{
	va_list ap;

	fputs("securer: conform: ", stderr);
	va_start(ap, format);
	vfprintf(stderr, format, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* ---- columns ------------------------------------------------------------- */

struct state {
	struct conform_opts o;
	struct run run;
	struct external ext[MAX_COLUMNS];
	struct expect_file expect[MAX_COLUMNS];
	char root[PATH_MAX];
};

static int add_column(struct state *s, const char *name)
{
	struct column *c = &s->run.cols[s->run.n_cols];
	char err[1024];
	securer_backend b;

	memset(c, 0, sizeof(*c));
	snprintf(c->name, sizeof(c->name), "%s", name);
	if (!strcmp(name, "control")) {
		c->control = c->usable = true;
		c->backend = SECURER_BACKEND_NONE;
	} else if (!strncmp(name, "external:", 9)) {
		struct external *e = &s->ext[s->run.n_cols];

		if (external_load(s->o.backends_dir, name + 9, e, err,
		                  sizeof(err)) < 0) {
			conform_error("%s", err);
			return -1;
		}
		c->external = c->sandbox = true;
		c->ext = e;
		c->usable = external_usable(e, c->reason, sizeof(c->reason));
	} else if (securer_backend_from_name(name, &b) < 0 ||
	           b == SECURER_BACKEND_AUTO) {
		conform_error("unknown backend '%s' (none, bwrap, landlock, "
		              "external:NAME)",
		              name);
		return -1;
	} else {
		c->backend = (int)b;
		c->sandbox = securer_backend_is_sandbox(b);
		c->usable = securer_backend_probe(b, NULL, c->reason,
		                                  sizeof(c->reason)) == 0;
	}
	if (!c->control &&
	    expect_load(s->o.expect_dir, name, &s->expect[s->run.n_cols], err,
	                sizeof(err)) < 0) {
		conform_error("%s", err);
		return -1;
	}
	s->run.n_cols++;
	return 0;
}

static void judge_cell(void *ctx, struct result *r)
{
	struct state *s = ctx;

	expect_judge(&s->expect[r->column], &s->run.cols[r->column], r);
}

/* ---- the verdict -----------------------------------------------------------
 */

static int exit_status(const struct run *run)
{
	int sandboxes = 0;

	for (int c = 0; c < run->n_cols; c++)
		sandboxes += run->cols[c].sandbox && run->cols[c].usable;
	for (size_t i = 0; i < run->n_results; i++)
		if (matrix_attention(run, &run->results[i]))
			return CONFORM_FAIL;
	return sandboxes ? CONFORM_PASS : CONFORM_FAIL;
}

static void verdict_line(const struct run *run, int rc)
{
	int sandboxes = 0;

	for (int c = 0; c < run->n_cols; c++)
		sandboxes += run->cols[c].sandbox && run->cols[c].usable;
	if (!sandboxes)
		printf("\nFAIL: no sandbox backend works here, so nothing was "
		       "proven "
		       "(securer doctor says why)\n");
	else if (rc)
		printf(
		    "\nFAIL: cases need attention (listed above)%s\n",
		    run->ci
		        ? "; CI mode (SECURER_MUST_WORK=1) counts skipped and "
		          "inconclusive cases too"
		        : "");
	else
		printf("\nPASS: every attack and workload did what its "
		       "expectation says under every backend, and every "
		       "control showed its effect\n");
}

/* The run's directory, under the build directory rather than /tmp: an
 * external sandbox with a private /tmp must still see the attack's
 * targets file, or it would "block" attacks that never started. */
static int prepare_root(struct state *s)
{
	char base[PATH_MAX], real[PATH_MAX], tmp[PATH_MAX];

	if (fmt(base, sizeof(base), "%s/conform-cases", s->o.build_dir) < 0 ||
	    (mkdir(s->o.build_dir, 0755) < 0 && errno != EEXIST) ||
	    (mkdir(base, 0755) < 0 && errno != EEXIST) ||
	    !realpath(base, real) ||
	    fmt(s->root, sizeof(s->root), "%s/run.XXXXXX", real) < 0 ||
	    !mkdtemp(s->root) || chmod(s->root, 0755) < 0) {
		conform_error("cannot create the run's directory under %s: %s",
		              base, strerror(errno));
		return -1;
	}
	canary_spread(s->root); /* each row's directory: canary.h */
	if (fmt(tmp, sizeof(tmp), "%s/" WORKER_TMP, s->root) < 0 ||
	    mkdir(tmp, 0700) < 0) {
		conform_error("cannot create %s: %s", tmp, strerror(errno));
		return -1;
	}
	canary_spread(tmp); /* each private directory: worker.h */
	return 0;
}

/* After the cases, on a quiet machine: the report's benchmark section. */
static void run_bench(struct state *s)
{
	securer_backend b[MAX_COLUMNS];
	int n = 0;

	for (int c = 0; c < s->run.n_cols; c++)
		if (!s->run.cols[c].control && !s->run.cols[c].external &&
		    s->run.cols[c].usable)
			b[n++] = (securer_backend)s->run.cols[c].backend;
	printf("benchmarks (quick) for the report...\n");
	fflush(stdout);
	s->run.bench = s->o.bench(b, n);
}

static int run_all(struct state *s)
{
	struct worker_ctx ctx = {s->run.cols, s->run.n_cols, s->root, s->o.keep,
	                         s->o.weaken};
	struct row *rows = NULL;
	size_t n_rows = 0;
	char label[48], err[1024];
	int64_t t0 = securer_monotonic_ms();
	int rc;

	if (schedule_rows(&s->run, s->o.runtimes, &rows, &n_rows) < 0 ||
	    !n_rows) {
		conform_error("%s",
		              n_rows ? "out of memory" : "no case matches");
		free(rows);
		return CONFORM_HARNESS;
	}
	printf("securer conform: %zu attacks, %zu rows (attack x runtime), %d "
	       "jobs; "
	       "columns:",
	       s->run.n_attacks, n_rows, s->o.jobs);
	for (int c = 0; c < s->run.n_cols; c++)
		printf(" %s%s%s", s->run.cols[c].name,
		       !s->run.cols[c].control && !s->run.cols[c].sandbox
		           ? " (unsandboxed)"
		           : "",
		       s->run.cols[c].usable ? "" : " [unusable]");
	printf("\nmachine: uid %d%s; cases under %s%s\n", (int)geteuid(),
	       netns_available(err, sizeof(err))
	           ? ", each row in its own network and UTS namespaces"
	           : "",
	       s->root, s->o.weaken ? "; WEAKENED policy (self-test)" : "");
	(void)label;
	fflush(stdout);
	rc = schedule_run(&s->run, rows, n_rows, &ctx, s->o.jobs, stderr,
	                  judge_cell, s);
	free(rows);
	if (rc < 0)
		return CONFORM_HARNESS;
	s->run.duration_ms = securer_monotonic_ms() - t0;
	matrix_print(stdout, &s->run, s->o.verbose);
	s->run.exit_status = exit_status(&s->run);
	verdict_line(&s->run, s->run.exit_status);
	if (s->o.bench)
		run_bench(s);
	if (report_write(&s->run, s->o.report_dir, s->o.baseline, err,
	                 sizeof(err)) < 0) {
		conform_error("reports: %s", err);
		return CONFORM_HARNESS;
	}
	printf("reports: %s/report.json, report.xml, summary.md\n",
	       s->o.report_dir);
	return s->run.exit_status;
}

/* One light row per CPU, and two more: a light row waits part of its time
 * (its listener, its sampler's ticks, the reaping after each run, a PAM
 * delay), which with one row per CPU left a third of the CPUs idle (2
 * CPUs, 2026-12-07: `make conformance` 218 to 226 s with 2 jobs, 183 s
 * with 3, 179 s with 4, every verdict the same); once the quiet cases'
 * sampler ticked less often (case.h), 3 jobs left 56 of 329 CPU-seconds
 * idle: 164.6 s against 158.0 s with 4.  The denial-of-service rows have slots
 * of their own beside these (schedule.c) and run at a higher priority, so more
 * light rows no longer make their controls miss their marks, as 4 jobs on 2
 * CPUs did when they shared the light rows' slots. */
static int default_jobs(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 3 : n > 62 ? 64 : (int)n + 2;
}

/* The workloads after the attacks, in the same list: one id space, as
 * the expectations and the reports key cases by id. */
static int add_workloads(const struct conform_opts *o, struct attack **list,
                         size_t *n, char *err, size_t err_size)
{
	struct attack *wl = NULL, *all;
	size_t n_wl = 0;

	if (workload_load(o->workloads_dir, o->build_dir, o->ids, o->category,
	                  &wl, &n_wl, err, err_size) < 0)
		return -1;
	if (!n_wl)
		return 0;
	for (size_t i = 0; i < n_wl; i++)
		for (size_t j = 0; j < *n; j++)
			if (!strcmp(wl[i].id, (*list)[j].id)) {
				snprintf(err, err_size,
				         "the workload %s/%s and the attack "
				         "%s/%s share the id '%s'",
				         wl[i].category, wl[i].id,
				         (*list)[j].category, (*list)[j].id,
				         wl[i].id);
				free(wl);
				return -1;
			}
	if (!(all = realloc(*list, (*n + n_wl) * sizeof(*all)))) {
		free(wl);
		snprintf(err, err_size, "out of memory");
		return -1;
	}
	memcpy(all + *n, wl, n_wl * sizeof(*wl));
	free(wl);
	*list = all;
	*n += n_wl;
	return 0;
}

void conform_opts_init(struct conform_opts *o)
{
	*o = (struct conform_opts){.attacks_dir = "attacks",
	                           .workloads_dir = "conformance/workloads",
	                           .build_dir = "build",
	                           .backends_dir = "conformance/backends",
	                           .expect_dir = "conformance/expect/linux",
	                           .report_dir = "build/report",
	                           .jobs = default_jobs()};
}

/* none and bwrap, and landlock where the kernel has what it needs (a
 * landlock backend that is broken on such a kernel shows as unusable, and
 * fails CI mode; on an older kernel the column is left out, saying why). */
static void default_columns(struct state *s)
{
	char why[256];
	int abi = securer_landlock_abi(why, sizeof(why));

	s->o.backends[s->o.n_backends++] = "none";
	s->o.backends[s->o.n_backends++] = "bwrap";
	if (abi >= SECURER_LANDLOCK_MIN_ABI)
		s->o.backends[s->o.n_backends++] = "landlock";
	else
		printf("securer conform: no landlock column: %s (the landlock "
		       "backend needs ABI %d)\n",
		       why, SECURER_LANDLOCK_MIN_ABI);
}

int conform_run(const struct conform_opts *o)
{
	struct state *s = calloc(1, sizeof(*s));
	const char *ci = getenv("SECURER_MUST_WORK");
	char err[1024];
	struct attack *attacks = NULL;
	size_t n_attacks = 0;
	int rc;

	if (!s)
		return CONFORM_HARNESS;
	s->o = *o;
	if (s->o.n_backends < 0 || s->o.n_backends > CONFORM_MAX_BACKENDS) {
		conform_error("at most %d backends", CONFORM_MAX_BACKENDS);
		free(s);
		return CONFORM_HARNESS;
	}
	if (s->o.jobs < 1)
		s->o.jobs = 1;
	if (corpus_load(s->o.attacks_dir, s->o.build_dir, s->o.ids,
	                s->o.category, &attacks, &n_attacks, err,
	                sizeof(err)) < 0) {
		conform_error("%s", err);
		free(s);
		return CONFORM_HARNESS;
	}
	if (s->o.workloads_dir &&
	    add_workloads(&s->o, &attacks, &n_attacks, err, sizeof(err)) < 0) {
		conform_error("%s", err);
		free(attacks);
		free(s);
		return CONFORM_HARNESS;
	}
	if (s->o.lint) {
		rc = lint_run(&s->o, attacks, n_attacks);
		free(attacks);
		free(s);
		return rc;
	}
	if (!n_attacks) {
		conform_error("no attack matches");
		free(s);
		return CONFORM_HARNESS;
	}
	/* every run starts from a made-up environment (secrets.h): without the
	 * command line to start again with, the caller's real one would reach
	 * the attacks */
	if (!s->o.argv || secrets_reexec(s->o.argc, s->o.argv) < 0) {
		conform_error(
		    "cannot start again with the test environment: %s",
		    s->o.argv ? strerror(errno) : "no command line");
		free(attacks);
		free(s);
		return CONFORM_HARNESS;
	}
	if (geteuid() == 0 && !netns_available(err, sizeof(err)))
		fprintf(stderr,
		        "securer conform: %s; the attacks that need one are "
		        "skipped\n",
		        err);
	s->run.attacks = attacks;
	s->run.n_attacks = n_attacks;
	s->run.ci = ci && !strcmp(ci, "1");
	rc = add_column(s, "control");
	if (!s->o.n_backends)
		default_columns(s);
	for (int i = 0; rc == 0 && i < s->o.n_backends; i++)
		rc = add_column(s, s->o.backends[i]);
	if (rc == 0 && prepare_root(s) == 0) {
		info_collect(&s->run);
		rc = run_all(s);
		info_release(&s->run);
		if (s->o.keep) {
			printf("cases kept in %s\n", s->root);
		} else {
			/* the rows' bulk trees (canary.h: canary_clear), and
			 * what a run of none left in its temporary directory */
			static const char *const left[] = {CANARY_TRASH,
			                                   WORKER_TMP};
			char dir[PATH_MAX];

			for (size_t i = 0; i < sizeof(left) / sizeof(*left);
			     i++)
				if (fmt(dir, sizeof(dir), "%s/%s", s->root,
				        left[i]) == 0)
					canary_rmtree(dir);
			rmdir(s->root);
		}
	} else {
		rc = CONFORM_HARNESS;
	}
	for (int c = 0; c < s->run.n_cols; c++) {
		expect_release(&s->expect[c]);
		if (s->run.cols[c].external)
			external_release(&s->ext[c]);
	}
	free(s->run.results);
	free(attacks);
	free(s);
	return rc;
}
