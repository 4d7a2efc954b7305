/*
 * soak_main.c - `make soak`: the fault soak's options from the
 * environment, then soak_run().  Exit status: 0 pass, 1 fail, 2 could
 * not run (a bad setting, no Python, no working backend).
 *
 *   SOAK_SECONDS=600         how long the executes run
 *   SOAK_SEED=N              the random mix (printed by every run)
 *   SOAK_THREADS=4           client threads
 *   SOAK_POOL_SIZE=4         sessions in the pool
 *   SOAK_SAMPLE_SECONDS=S    between samples (default: SECONDS/60,
 *                            within [0.5, 10])
 *   SOAK_BACKEND=bwrap       or none, auto
 *   SOAK_JSON=PATH           samples and verdict as JSON
 *   SOAK_CASES=ok,tools,...  only these kinds of execute (soak_case.c)
 *   SOAK_INJECT_LEAK=fd|mem|proc, SOAK_INJECT_EVERY=N, SOAK_INJECT_MIXUP=1
 *                            self-tests (docs/bench.md): must FAIL
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "soak.h"
#include "soak_case.h"

enum kind {
	K_SECONDS,
	K_INT,
	K_LONG,
	K_SEED,
	K_BACKEND,
	K_PATH,
	K_LEAK,
	K_CASES,
};

struct setting {
	const char *name;
	enum kind kind;
	void *dst;   /* in the options */
	long lo, hi; /* K_INT, K_LONG */
};

static int parse_long(const char *s, long lo, long hi, long *out)
{
	char *end;

	errno = 0;
	*out = strtol(s, &end, 10);
	return errno || end == s || *end || *out < lo || *out > hi ? -1 : 0;
}

static int parse_leak(const char *s, enum soak_leak *out)
{
	for (int k = SOAK_LEAK_NONE; k <= SOAK_LEAK_PROC; k++) {
		if (strcmp(s, soak_leak_name((enum soak_leak)k)) == 0) {
			*out = (enum soak_leak)k;
			return 0;
		}
	}
	return -1;
}

/* "ok,tools,...": a mask of kinds of execute. */
static int parse_cases(const char *s, uint32_t *mask)
{
	char buf[256], *save = NULL;

	if (snprintf(buf, sizeof(buf), "%s", s) >= (int)sizeof(buf))
		return -1;
	*mask = 0;
	for (char *t = strtok_r(buf, ",", &save); t;
	     t = strtok_r(NULL, ",", &save)) {
		int i = soak_case_find(t);

		if (i < 0)
			return -1;
		*mask |= 1U << i;
	}
	return *mask ? 0 : -1;
}

/* |v| into the option; -1 when it is not a value of its kind. */
static int set(const struct setting *st, const char *v)
{
	char *end = NULL;
	long n = 0;

	errno = 0;
	switch (st->kind) {
	case K_SECONDS:
		*(double *)st->dst = strtod(v, &end);
		return errno || *end || !(*(double *)st->dst > 0) ? -1 : 0;
	case K_SEED:
		*(uint64_t *)st->dst = strtoull(v, &end, 0);
		return errno || *end || v[0] == '-' ? -1 : 0;
	case K_INT:
		if (parse_long(v, st->lo, st->hi, &n) < 0)
			return -1;
		*(int *)st->dst = (int)n;
		return 0;
	case K_LONG:
		return parse_long(v, st->lo, st->hi, st->dst);
	case K_BACKEND:
		return securer_backend_from_name(v, st->dst) < 0 ? -1 : 0;
	case K_PATH:
		*(const char **)st->dst = v;
		return 0;
	case K_LEAK:
		return parse_leak(v, st->dst);
	case K_CASES:
		return parse_cases(v, st->dst);
	}
	return -1;
}

int main(void)
{
	struct soak_opts o;

	soak_opts_init(&o);
	const struct setting table[] = {
	    {"SOAK_SECONDS", K_SECONDS, &o.seconds, 0, 0},
	    {"SOAK_SAMPLE_SECONDS", K_SECONDS, &o.sample_seconds, 0, 0},
	    {"SOAK_SEED", K_SEED, &o.seed, 0, 0},
	    {"SOAK_THREADS", K_INT, &o.threads, 1, SOAK_MAX_CLIENTS},
	    {"SOAK_POOL_SIZE", K_INT, &o.pool_size, 1, 64},
	    {"SOAK_BACKEND", K_BACKEND, &o.backend, 0, 0},
	    {"SOAK_JSON", K_PATH, &o.json_path, 0, 0},
	    {"SOAK_CASES", K_CASES, &o.cases, 0, 0},
	    {"SOAK_INJECT_LEAK", K_LEAK, &o.inject_leak, 0, 0},
	    {"SOAK_INJECT_EVERY", K_LONG, &o.inject_every, 1, 1000000},
	    {"SOAK_INJECT_MIXUP", K_INT, &o.inject_mixup, 0, 1},
	};

	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
		const char *v = getenv(table[i].name);

		if (v && *v && set(&table[i], v) < 0) {
			fprintf(stderr, "soak: bad value for %s: '%s'\n",
			        table[i].name, v);
			return SOAK_CANNOT;
		}
	}
	return soak_run(&o);
}
