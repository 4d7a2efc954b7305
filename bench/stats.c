/*
 * stats.c - latency samples and their percentiles.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "stats.h"

void samples_init(struct samples *s)
{
	memset(s, 0, sizeof(*s));
}

void samples_release(struct samples *s)
{
	free(s->v);
	samples_init(s);
}

void samples_add(struct samples *s, double us)
{
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 1024;
		double *v = realloc(s->v, cap * sizeof(*v));

		if (!v)
			return;
		s->v = v;
		s->cap = cap;
	}
	s->v[s->n++] = us;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double rank(const struct samples *s, double q)
{
	size_t i = (size_t)ceil(q * (double)s->n);

	return s->v[i ? i - 1 : 0];
}

struct summary samples_summary(struct samples *s)
{
	struct summary r = {0};
	double sum = 0;

	if (!s->n)
		return r;
	qsort(s->v, s->n, sizeof(double), cmp);
	for (size_t i = 0; i < s->n; i++)
		sum += s->v[i];
	r.n = s->n;
	r.p50 = rank(s, 0.50);
	r.p90 = rank(s, 0.90);
	r.p99 = rank(s, 0.99);
	r.max = s->v[s->n - 1];
	r.mean = sum / (double)s->n;
	return r;
}

double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}
