/*
 * securer_conform.h - the conformance suite's entry: every attack of the
 * corpus, in every language and mode it is written in, first unconfined
 * (the control, which proves the attack works and its oracle fires) and
 * then under each backend; judged against the expectations; reported.
 *
 * A library over the public API: it never parses a command line.  `securer
 * conform` (lib/cli/cmd_conform.c) turns its options into struct
 * conform_opts and calls conform_run(); the run prints the matrix on
 * stdout, its errors on stderr ("securer: conform: ..."), and writes the
 * reports.
 */
#ifndef SECURER_CONFORM_H
#define SECURER_CONFORM_H

#include <stdbool.h>

#include "securer.h"

struct cJSON;

/* Columns a run can have besides the control. */
#define CONFORM_MAX_BACKENDS 7

/* What --weaken takes away from the backends' policy (self-test). */
enum weaken {
	WEAKEN_HOME = 1 << 0, /* the victim's home bound read-only */
	WEAKEN_NET = 1 << 1,  /* the host's network */
	WEAKEN_ENV = 1 << 2,  /* the caller's environment passed through */
};

/* conform_run's result, the exit status of `securer conform`. */
enum conform_status {
	CONFORM_PASS = 0, /* every case as expected */
	CONFORM_FAIL = 1, /* a regression (an attack expected to be blocked
	                   * succeeded), an attack without an expectation, a
	                   * case securer could not run, a control that did
	                   * not show its effect, no usable sandbox; in CI
	                   * mode (SECURER_MUST_WORK=1) also any skipped or
	                   * otherwise unexpected case; --lint: a problem */
	/* The harness itself failed (bad options, corpus, reports): 125,
	 * "could not run", as for every securer command. */
	CONFORM_HARNESS = 125,
};

/* The reports' benchmark section ("benchmarks" of report.json,
 * docs/report-format.md), measured after the cases, on a quiet machine,
 * for the usable built-in backends.  The run owns what it returns (NULL:
 * no section).  bench_brief() of bench/include/securer_bench.h is one:
 * the caller composes the two, conformance never includes bench. */
typedef struct cJSON *(*conform_bench_fn)(const securer_backend *backends,
                                          int n);

struct conform_opts {
	const char *attacks_dir;
	const char *workloads_dir; /* conformance/workloads; NULL: none */
	const char *build_dir;
	const char *backends_dir; /* conformance/backends */
	const char *expect_dir;   /* conformance/expect/linux */
	const char *report_dir;   /* build/report */
	const char *baseline;
	const char *ids; /* --attacks GLOB[,GLOB] */
	const char *category;
	const char *runtimes; /* --runtime sh,python-session,... */
	const char *backends[CONFORM_MAX_BACKENDS];
	int n_backends; /* 0: none, bwrap and (where the kernel
	                   has it) landlock */
	int jobs;
	unsigned weaken; /* enum weaken */
	bool keep;
	bool verbose;
	bool lint;
	conform_bench_fn bench; /* NULL: no benchmark section */
	/* The command line the run was started with (argv[0]: "conform"),
	 * passed through unread: before the cases the run executes the
	 * program again with it in a made-up environment, so that no real
	 * secret of the caller's can reach an attack or a report.  Required
	 * unless lint. */
	int argc;
	char **argv;
};

/* The defaults: the corpus, build, backends, expectations and report
 * directories of the source tree, one job per CPU, nothing else set. */
void conform_opts_init(struct conform_opts *o);

/* Runs (or with |o|->lint, checks) the corpus; an enum conform_status. */
int conform_run(const struct conform_opts *o);

#endif
