/*
 * securer_bench.h - the benchmarks' entry: each figure beside its physical
 * floor, measured in the same run (docs/bench.md).
 *
 * A library over the public API (and lib/src/harness/securer_harness.h):
 * it never parses a command line.  `securer bench` (lib/cli/cmd_bench.c)
 * turns its options into struct bench_opts and calls bench_run();
 * `securer conform --bench` hands bench_brief() to the conformance run
 * (securer_conform.h's conform_bench_fn).
 */
#ifndef SECURER_BENCH_ENTRY_H
#define SECURER_BENCH_ENTRY_H

#include <stdbool.h>

#include "securer.h"

struct cJSON;

struct bench_opts {
	bool quick; /* fewer samples: a run under 2 minutes */
	bool json;  /* the figures as JSON on stdout (securer.bench/1) */
	const char *out_dir; /* SVG plots and their data there; NULL: none */
	int n;               /* samples of the fast figures; 0: 2000, or 300
	                      * when quick */
	unsigned runtimes; /* bits (1u << securer_runtime); 0: every runtime */
};

/* Runs every scenario, prints the figures and the targets they are held
 * to (docs/bench.md).  0 when printed, 1 when something failed (the
 * plots, memory).  |o|->n, when set, is at least 10. */
int bench_run(const struct bench_opts *o);

/* The conformance reports' benchmark section, in a few seconds: exec
 * start, session start, pool acquire and tool round trip per backend,
 * beside the pipe and bare-bwrap floors, as JSON ("benchmarks" of
 * report.json, docs/report-format.md): {"quick": true, "floors": {...},
 * "backends": {"bwrap": {...}, ...}}.  Figures that cannot be measured
 * here carry "skipped" with the reason.  The caller owns the result. */
struct cJSON *bench_brief(const securer_backend *backends, int n);

#endif
