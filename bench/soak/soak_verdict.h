/*
 * soak_verdict.h - the samples of a soak and the judgement of their
 * growth: the least-squares slope of each gauge after the warm-up, its
 * growth from the end of the warm-up to the end of the run, and, once the
 * pool is freed, whether processes, descriptors and threads came back to
 * where they were before it.
 */
#ifndef SECURER_SOAK_VERDICT_H
#define SECURER_SOAK_VERDICT_H

#include <stddef.h>
#include <stdint.h>

#include <securer.h>

#include "soak_gauge.h"

enum soak_phase {
	SOAK_START = 0, /* before the pool was made */
	SOAK_RUN,       /* while the executes run */
	SOAK_JOINED,    /* every client thread joined, the pool still up */
	SOAK_FREED,     /* the pool freed: everything should be back */
};

struct soak_sample {
	enum soak_phase phase;
	double t; /* seconds since the executes began */
	uint64_t executes;
	struct soak_gauges g;
	int has_pool;
	securer_pool_stats pool;
};

struct soak_series {
	struct soak_sample *v;
	size_t n, cap;
};

/* 0, or -ENOMEM. */
int soak_series_add(struct soak_series *s, const struct soak_sample *x);
void soak_series_release(struct soak_series *s);
const char *soak_phase_name(enum soak_phase phase);

#define SOAK_N_GAUGES 5

struct soak_gauge_verdict {
	const char *name, *unit;
	int judged; /* 0: reported only (soak_verdict.c says when) */
	double slope_per_kexec; /* per 1000 executes, after the warm-up */
	double slope_per_min;
	double fitted; /* slope times the executes judged */
	double growth; /* last samples minus the first after the warm-up */
	double max_slope_per_kexec, band;
	int back_to_start; /* must come back to |start| once freed */
	double start, freed;
	int slope_failed, growth_failed, start_failed, failed;
};

struct soak_verdict {
	struct soak_gauge_verdict gauge[SOAK_N_GAUGES];
	double warmup_seconds;
	size_t judged;     /* samples after the warm-up */
	int pool_freed;    /* 0: a client was stuck, the pool left as it is */
	int slopes_judged; /* 0: too few samples or executes for a slope */
	int failed;
};

/* Judges |s| (its first sample SOAK_START, its last SOAK_FREED unless a
 * client was stuck), a run of
 * |seconds|; the samples with t < |warmup_seconds| are left out of slopes
 * and growth. */
void soak_verdict_judge(const struct soak_series *s, double warmup_seconds,
                        double seconds, struct soak_verdict *v);

/* Lines naming each check that failed ("fds: slope ... over ..."), into
 * |buf|; the count. */
int soak_verdict_reasons(const struct soak_verdict *v, char *buf, size_t size);

#endif
