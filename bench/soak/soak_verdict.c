/*
 * soak_verdict.c - slopes, growth and the way back to the start.
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "soak_verdict.h"

/*
 * The thresholds.  A leak is judged per execute, since that is how a leak
 * in the library would come (a descriptor per execute, a process per
 * crash, a few bytes per result): the slope is the least-squares fit of
 * the gauge against the count of executes done, after the warm-up.
 *
 * - The band is what the pool's own churn moves a gauge by without
 *   anything leaking: a restarting session holds its old and its new
 *   runtime's processes and pipes for a moment, a flood holds a 64 KiB
 *   buffer.  Measured here (docs/bench.md, "Soak figures"): processes
 *   between 5 and 12, descriptors between 39 and 66, threads constant,
 *   live heap between 190 and 540 KiB.  Each band is about twice the
 *   swing.
 * - A gauge fails when its slope passes the threshold and the growth the
 *   slope accounts for over the executes judged passes the band (a short
 *   run's slope alone is noisy: 20 descriptors of churn over 800
 *   executes is a slope of 25), or when the samples at the end of the run
 *   stand above those at the end of the warm-up (the mean of up to 3 each)
 *   by more than the band.
 * - A leak of one descriptor, process or thread per execute is a slope of
 *   1000 per 1000 executes, of 1 KiB per execute 1000 KiB: 200 times the
 *   descriptor and process thresholds, 8 times the heap's.  In a 10-minute
 *   run (about 23,000 executes here) a leak 100 times rarer also passes
 *   both (a slope of 10, some 200 over the run).  In a run of a minute,
 *   only leaks of about one descriptor per 50 executes stand out of the
 *   band: run long for slow leaks.
 * - RSS also moves with the allocator: malloc's arenas grow for 3 to 5
 *   minutes here before they settle (a 10-minute run: 4596 KiB at 10 s,
 *   6644 at 190 s, 7348 at 310 s, 7448 at 550 s), with no byte leaked
 *   (the heap gauge stays flat).  RSS is therefore judged only in runs of at
 *   least 5 minutes; the exact heap gauge is judged in every run.
 * - Once the pool is freed nothing of it may remain: processes, threads
 *   and descriptors must be back to what they were before it, exactly.
 *   (Memory is not: malloc keeps what it got, and the library keeps a few
 *   things for the process's life.)
 */
static const struct limit {
	const char *name, *unit;
	size_t offset; /* in struct soak_gauges */
	double max_slope_per_kexec;
	double band;
	int back_to_start;
	double min_seconds; /* judged only in runs at least this long */
} limits[SOAK_N_GAUGES] = {
    {"procs", "", offsetof(struct soak_gauges, procs), 5, 16, 1, 0},
    {"fds", "", offsetof(struct soak_gauges, fds), 5, 48, 1, 0},
    {"threads", "", offsetof(struct soak_gauges, threads), 5, 8, 1, 0},
    {"heap", "KiB", offsetof(struct soak_gauges, heap_kb), 128, 512, 0, 0},
    {"rss", "KiB", offsetof(struct soak_gauges, rss_kb), 256, 16384, 0, 300},
};

/* Samples after the warm-up for a slope to mean something. */
#define MIN_JUDGED 5

int soak_series_add(struct soak_series *s, const struct soak_sample *x)
{
	if (s->n == s->cap) {
		size_t cap = s->cap ? 2 * s->cap : 128;
		struct soak_sample *v = realloc(s->v, cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		s->v = v;
		s->cap = cap;
	}
	s->v[s->n++] = *x;
	return 0;
}

void soak_series_release(struct soak_series *s)
{
	free(s->v);
	memset(s, 0, sizeof(*s));
}

const char *soak_phase_name(enum soak_phase phase)
{
	static const char *const names[] = {"start", "run", "joined", "freed"};

	return phase <= SOAK_FREED ? names[phase] : "?";
}

static double gauge(const struct soak_sample *x, size_t offset)
{
	return (double)*(const long *)((const char *)&x->g + offset);
}

/* Least-squares slope of y against x. */
static double slope(const double *x, const double *y, size_t n)
{
	double mx = 0, my = 0, sxy = 0, sxx = 0;

	for (size_t i = 0; i < n; i++) {
		mx += x[i] / (double)n;
		my += y[i] / (double)n;
	}
	for (size_t i = 0; i < n; i++) {
		sxy += (x[i] - mx) * (y[i] - my);
		sxx += (x[i] - mx) * (x[i] - mx);
	}
	return sxx > 0 ? sxy / sxx : 0;
}

static double mean(const double *y, size_t n)
{
	double m = 0;

	for (size_t i = 0; i < n; i++)
		m += y[i] / (double)n;
	return m;
}

/* The samples of the run after the warm-up: their executes, times and
 * values of one gauge. */
static size_t judged(const struct soak_series *s, double warmup, size_t off,
                     double *ex, double *t, double *y)
{
	size_t n = 0;

	for (size_t i = 0; i < s->n; i++) {
		const struct soak_sample *x = &s->v[i];

		if (x->phase != SOAK_RUN || x->t < warmup)
			continue;
		ex[n] = (double)x->executes;
		t[n] = x->t / 60.0;
		y[n++] = gauge(x, off);
	}
	return n;
}

/* |freed|: the sample once the pool was freed, or NULL. */
static void judge_gauge(const struct soak_series *s, double warmup,
                        double seconds, const struct limit *l,
                        const struct soak_sample *freed, double *buf,
                        struct soak_gauge_verdict *g, size_t *n_out)
{
	double *ex = buf, *t = buf + s->n, *y = buf + 2 * s->n;
	size_t n = judged(s, warmup, l->offset, ex, t, y);
	size_t k = n / 3 < 3 ? n / 3 : 3;

	memset(g, 0, sizeof(*g));
	g->name = l->name;
	g->unit = l->unit;
	g->max_slope_per_kexec = l->max_slope_per_kexec;
	g->band = l->band;
	g->back_to_start = l->back_to_start;
	g->start = gauge(&s->v[0], l->offset);
	g->freed = freed ? gauge(freed, l->offset) : -1;
	g->judged = seconds >= l->min_seconds && g->start >= 0;
	if (n >= 2) {
		g->slope_per_kexec = 1000 * slope(ex, y, n);
		g->slope_per_min = slope(t, y, n);
		g->fitted = g->slope_per_kexec * (ex[n - 1] - ex[0]) / 1000;
	}
	if (k > 0)
		g->growth = mean(y + n - k, k) - mean(y, k);
	g->slope_failed = g->judged && n >= MIN_JUDGED &&
	                  g->slope_per_kexec > g->max_slope_per_kexec &&
	                  g->fitted > g->band;
	g->growth_failed = g->judged && n >= MIN_JUDGED && g->growth > g->band;
	g->start_failed = freed && g->back_to_start && g->freed != g->start;
	g->failed = g->slope_failed || g->growth_failed || g->start_failed;
	*n_out = n;
}

void soak_verdict_judge(const struct soak_series *s, double warmup_seconds,
                        double seconds, struct soak_verdict *v)
{
	double *buf = calloc(3 * (s->n ? s->n : 1), sizeof(double));

	const struct soak_sample *freed = NULL;

	memset(v, 0, sizeof(*v));
	v->warmup_seconds = warmup_seconds;
	v->failed = 1;
	if (!buf || s->n < 2 || s->v[0].phase != SOAK_START) {
		free(buf);
		return;
	}
	if (s->v[s->n - 1].phase == SOAK_FREED)
		freed = &s->v[s->n - 1];
	for (int i = 0; i < SOAK_N_GAUGES; i++) {
		judge_gauge(s, warmup_seconds, seconds, &limits[i], freed, buf,
		            &v->gauge[i], &v->judged);
	}
	free(buf);
	v->pool_freed = freed != NULL;
	v->slopes_judged = v->judged >= MIN_JUDGED;
	v->failed = !v->slopes_judged || !v->pool_freed;
	for (int i = 0; i < SOAK_N_GAUGES; i++)
		v->failed |= v->gauge[i].failed;
}

static int add_reason(char *buf, size_t size, size_t *used, const char *what,
                      const struct soak_gauge_verdict *g)
{
	int n = snprintf(buf + *used, size - *used, "%s: %s\n", g->name, what);

	if (n > 0 && (size_t)n < size - *used)
		*used += (size_t)n;
	return 1;
}

int soak_verdict_reasons(const struct soak_verdict *v, char *buf, size_t size)
{
	size_t used = 0;
	int count = 0;
	char what[240];

	buf[0] = '\0';
	if (!v->slopes_judged) {
		snprintf(buf, size,
		         "too few samples after the warm-up (%zu, at least "
		         "%d): run longer\n",
		         v->judged, MIN_JUDGED);
		used = strlen(buf);
		count++;
	}
	if (!v->pool_freed) {
		snprintf(buf + used, size - used,
		         "the pool was not freed (a client is stuck): "
		         "nothing said about what remains\n");
		used += strlen(buf + used);
		count++;
	}
	for (int i = 0; i < SOAK_N_GAUGES; i++) {
		const struct soak_gauge_verdict *g = &v->gauge[i];

		if (g->slope_failed) {
			snprintf(what, sizeof(what),
			         "slope %.2f%s per 1000 executes (over %.0f), "
			         "%.1f%s over the run (over the band, %.0f)",
			         g->slope_per_kexec, g->unit,
			         g->max_slope_per_kexec, g->fitted, g->unit,
			         g->band);
			count += add_reason(buf, size, &used, what, g);
		}
		if (g->growth_failed) {
			snprintf(what, sizeof(what),
			         "grew by %.1f%s after the warm-up (over the "
			         "band, %.0f)",
			         g->growth, g->unit, g->band);
			count += add_reason(buf, size, &used, what, g);
		}
		if (g->start_failed) {
			snprintf(what, sizeof(what),
			         "%.0f once the pool was freed, %.0f before it",
			         g->freed, g->start);
			count += add_reason(buf, size, &used, what, g);
		}
	}
	return count;
}
