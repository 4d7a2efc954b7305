/*
 * bench.c - `securer bench`: options, the order of the scenarios, and the
 * report (a table for people, --json for machines).
 *
 * Scenarios:
 *   floor.pipe            a line echoed over a pipe pair: the floor of every
 *                         host <-> child exchange
 *   execute.noop.RT       a no-op execute on a warm session of runtime RT,
 *                         back to back
 *   execute.noop_idle.RT  the same, each after a 5 ms pause
 *   tool.round_trip.RT    one tool call through a C callback, in a loop
 * Every figure is a distribution of single operations: p50, p90, p99, max,
 * and the ratio of its median to the floor's median from the same run.
 */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"
#include "floors.h"
#include "opt.h"
#include "securer.h"
#include "session_bench.h"

enum { OPT_QUICK = 1, OPT_JSON, OPT_RUNTIME, OPT_BACKEND, OPT_N };

static const struct cli_opt bench_opts[] = {
    {"quick", 'q', NULL, OPT_QUICK, "fewer samples: a run under 2 minutes"},
    {"json", 0, NULL, OPT_JSON, "print the figures as JSON"},
    {"runtime", 'r', "RT", OPT_RUNTIME, "only this runtime (repeatable)"},
    {"backend", 'b', "NAME", OPT_BACKEND, "bwrap (default) or none"},
    {"iterations", 'n', "N", OPT_N, "samples per figure (default 2000)"},
};

struct bench {
	int json;
	int n;
	unsigned runtimes; /* bits of securer_runtime; 0: all installed */
	securer_backend backend;
	cJSON *figures;
	double floor_pipe;
};

static int on_opt(void *ctx, int id, const char *v)
{
	struct bench *b = ctx;
	securer_runtime rt;

	switch (id) {
	case OPT_QUICK:
		b->n = 300;
		return 0;
	case OPT_JSON:
		b->json = 1;
		return 0;
	case OPT_RUNTIME:
		if (securer_runtime_from_name(v, &rt) < 0) {
			cli_error("unknown runtime '%s'", v);
			return 125;
		}
		b->runtimes |= 1u << rt;
		return 0;
	case OPT_BACKEND:
		if (securer_backend_from_name(v, &b->backend) < 0 ||
		    b->backend == SECURER_BACKEND_AUTO) {
			cli_error("--backend: bwrap or none");
			return 125;
		}
		return 0;
	case OPT_N:
		b->n = atoi(v);
		if (b->n < 10) {
			cli_error("--iterations: at least 10");
			return 125;
		}
		return 0;
	}
	return 125;
}

/* Records one figure; prints its table line unless --json. */
static void figure(struct bench *b, const char *name, struct samples *s,
                   double floor_p50, const char *floor_name)
{
	struct summary m = samples_summary(s);
	cJSON *f = cJSON_CreateObject();

	cJSON_AddStringToObject(f, "name", name);
	cJSON_AddNumberToObject(f, "n", (double)m.n);
	cJSON_AddNumberToObject(f, "p50_us", m.p50);
	cJSON_AddNumberToObject(f, "p90_us", m.p90);
	cJSON_AddNumberToObject(f, "p99_us", m.p99);
	cJSON_AddNumberToObject(f, "max_us", m.max);
	if (floor_name) {
		cJSON_AddStringToObject(f, "floor", floor_name);
		cJSON_AddNumberToObject(f, "ratio_to_floor",
		                        floor_p50 > 0 ? m.p50 / floor_p50 : 0);
	}
	cJSON_AddItemToArray(b->figures, f);
	if (!b->json) {
		printf("%-28s %6zu %10.1f %10.1f %10.1f %10.1f", name, m.n,
		       m.p50, m.p90, m.p99, m.max);
		if (floor_name)
			printf("   %7.1fx %s",
			       floor_p50 > 0 ? m.p50 / floor_p50 : 0,
			       floor_name);
		putchar('\n');
		fflush(stdout);
	}
}

static void skipped(struct bench *b, const char *name, const char *why)
{
	cJSON *f = cJSON_CreateObject();

	cJSON_AddStringToObject(f, "name", name);
	cJSON_AddStringToObject(f, "skipped", why);
	cJSON_AddItemToArray(b->figures, f);
	if (!b->json)
		printf("%-28s skipped: %s\n", name, why);
}

static void run_floor(struct bench *b)
{
	struct samples s;

	samples_init(&s);
	floor_pipe_round_trip(b->n, &s);
	b->floor_pipe = samples_summary(&s).p50;
	figure(b, "floor.pipe", &s, 0, NULL);
	samples_release(&s);
}

static void run_sessions(struct bench *b)
{
	for (int rt = 0; rt < SECURER_RUNTIME_COUNT_; rt++) {
		char name[64], why[512];
		struct samples s;

		if (b->runtimes && !(b->runtimes & (1u << rt)))
			continue;
		if (securer_runtime_probe((securer_runtime)rt, why,
		                          sizeof(why)) < 0) {
			snprintf(name, sizeof(name), "execute.noop.%s",
			         securer_runtime_name((securer_runtime)rt));
			skipped(b, name, why);
			continue;
		}
		samples_init(&s);
		snprintf(name, sizeof(name), "execute.noop.%s",
		         securer_runtime_name((securer_runtime)rt));
		if (bench_noop_execute(b->backend, (securer_runtime)rt, b->n, 0,
		                       &s, why, sizeof(why)) < 0)
			skipped(b, name, why);
		else
			figure(b, name, &s, b->floor_pipe, "floor.pipe");
		samples_release(&s);
		/* After a pause, as an agent's executes come: what runtimes do
		 * while idle (sh warms its syntax checker) is then off the
		 * path. */
		samples_init(&s);
		snprintf(name, sizeof(name), "execute.noop_idle.%s",
		         securer_runtime_name((securer_runtime)rt));
		if (bench_noop_execute(b->backend, (securer_runtime)rt,
		                       b->n / 4 + 10, 5, &s, why,
		                       sizeof(why)) < 0)
			skipped(b, name, why);
		else
			figure(b, name, &s, b->floor_pipe, "floor.pipe");
		samples_release(&s);
		samples_init(&s);
		snprintf(name, sizeof(name), "tool.round_trip.%s",
		         securer_runtime_name((securer_runtime)rt));
		if (bench_tool_round_trip(b->backend, (securer_runtime)rt, b->n,
		                          &s, why, sizeof(why)) < 0)
			skipped(b, name, why);
		else
			figure(b, name, &s, b->floor_pipe, "floor.pipe");
		samples_release(&s);
	}
}

int bench_main(int argc, char **argv)
{
	struct bench b = {0, 2000, 0, SECURER_BACKEND_BWRAP, NULL, 0};
	int first, rc;

	rc = cli_parse(argc, argv, bench_opts,
	               sizeof(bench_opts) / sizeof(bench_opts[0]), on_opt, &b,
	               "securer bench [OPTIONS]", &first);
	if (rc)
		return rc < 0 ? 0 : rc;
	b.figures = cJSON_CreateArray();
	if (!b.json)
		printf("%-28s %6s %10s %10s %10s %10s   %s\n",
		       "figure (microseconds)", "n", "p50", "p90", "p99", "max",
		       "p50 / floor");
	run_floor(&b);
	run_sessions(&b);
	if (b.json) {
		cJSON *root = cJSON_CreateObject();
		char *s;

		cJSON_AddStringToObject(root, "securer", securer_version());
		cJSON_AddStringToObject(root, "backend",
		                        securer_backend_name(b.backend));
		cJSON_AddItemToObject(root, "figures", b.figures);
		s = cJSON_Print(root);
		printf("%s\n", s ? s : "{}");
		free(s);
		cJSON_Delete(root);
	} else {
		cJSON_Delete(b.figures);
	}
	return 0;
}
