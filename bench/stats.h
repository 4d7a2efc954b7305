/*
 * stats.h - latency samples and their percentiles.
 */
#ifndef SECURER_BENCH_STATS_H
#define SECURER_BENCH_STATS_H

#include <stddef.h>
#include <stdint.h>

struct samples {
	double *v; /* microseconds */
	size_t n, cap;
};

struct summary {
	size_t n;
	double p50, p90, p99, max, mean;
};

void samples_init(struct samples *s);
void samples_release(struct samples *s);
void samples_add(struct samples *s, double us);
/* Sorts the samples; percentiles by nearest rank. */
struct summary samples_summary(struct samples *s);

/* Microseconds on CLOCK_MONOTONIC. */
double now_us(void);

#endif
