/*
 * bench.h - a run of the benchmarks (bench_run, securer_bench.h): its
 * figures, each beside its physical floor, shared by the scenarios, the
 * report and the plots.
 */
#ifndef SECURER_BENCH_H
#define SECURER_BENCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "stats.h"

#define BENCH_MAX_FIGURES 64
#define BENCH_MAX_POOL    32

/* One distribution: its summary and its samples (sorted, for the CDFs). */
struct bench_fig {
	char name[64];
	struct summary m;
	char floor[64]; /* "" when it is a floor or has none */
	double ratio;   /* m.p50 / the floor's p50 */
	double *v;
	size_t n;
};

/* One point of the pool sweep. */
struct pool_point {
	int size, threads;
	double ops_per_s;
	struct summary acquire; /* microseconds */
	uint64_t waits, acquires;
};

struct bench {
	bool json, quick; /* struct bench_opts's, n with its default */
	const char *out_dir;
	int n;             /* samples of the fast figures */
	unsigned runtimes; /* bits of securer_runtime; 0: all */
	struct bench_fig figs[BENCH_MAX_FIGURES];
	int n_figs;
	struct pool_point pool[BENCH_MAX_POOL];
	int n_pool;
	char skipped[16][256];
	int n_skipped;
};

/* Records |s| (consumed) as figure |name|, against the recorded figure
 * |floor| (NULL: none); prints its line unless --json. */
void bench_record(struct bench *b, const char *name, struct samples *s,
                  const char *floor);
void bench_skip(struct bench *b, const char *name, const char *why);
const struct bench_fig *bench_find(const struct bench *b, const char *name);
bool bench_runtime_wanted(const struct bench *b, int rt);

/* The targets of docs/bench.md against the figures, then the figures and
 * targets as a table or JSON (bench_report.c).  0 once printed. */
int bench_report(const struct bench *b);

#endif
