/*
 * bench_report.c - the targets the figures are held to, and the JSON.
 *
 * Targets (docs/bench.md), each judged on the figures of this run:
 *   pool.acquire.warm   acquire p99 <= 100 us wherever clients <= size
 *   pool.scaling        throughput grows with the pool size up to the
 *                       number of cores (8 clients; each step > 10 %)
 *   session.start.RT    bwrap session start p50 <= the runtime's own
 *                       unconfined start p50 + 5 ms
 *   tool.round_trip     through the C child, p50 <= 5 x the pipe floor
 * and issue 13's (startup close to the floors):
 *   exec.start.bwrap    p50 <= 1.2 x bare bwrap's given the same options
 *                       (floor.bwrap.same)
 *   exec.start.none     p50 <= 1.5 x fork+exec of true (floor.exec.true)
 *   session.start.bwrap.RT.budget   p50 <= 5 ms sh, 15 ms Python, 60 ms R
 *   execute.noop.sh     p50 <= 200 us
 *   tool.round_trip.sh  p50 <= 300 us
 */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "bench.h"
#include "securer.h"

struct target {
	char name[64];
	char what[160];
	double value, limit;
	bool met;
};

static void add(struct target *t, int *n, const char *name, const char *what,
                double value, double limit)
{
	struct target *x = &t[(*n)++];

	snprintf(x->name, sizeof(x->name), "%s", name);
	snprintf(x->what, sizeof(x->what), "%s", what);
	x->value = value;
	x->limit = limit;
	x->met = value <= limit;
}

static int targets(const struct bench *b, struct target *t)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	double worst = 0, prev = 0;
	int n = 0, warm = 0, steps = 0, grew = 0;
	const struct bench_fig *proto = bench_find(b, "tool.round_trip.proto"),
	                       *pipe = bench_find(b, "floor.pipe");

	for (int i = 0; i < b->n_pool; i++)
		if (b->pool[i].threads <= b->pool[i].size) {
			warm++;
			if (b->pool[i].acquire.p99 > worst)
				worst = b->pool[i].acquire.p99;
		}
	if (warm)
		add(t, &n, "pool.acquire.warm",
		    "worst acquire p99 (us) with clients <= size", worst, 100);
	/* 8 clients; sizes 1, 2, 4, 8 in order */
	for (int i = 0; i < b->n_pool; i++) {
		const struct pool_point *p = &b->pool[i];

		if (p->threads != 8 || p->size > cpus)
			continue;
		if (prev > 0) {
			steps++;
			grew += p->ops_per_s > prev * 1.10;
		}
		prev = p->ops_per_s;
	}
	if (steps)
		add(t, &n, "pool.scaling",
		    "size steps up to the core count where throughput did not "
		    "grow > 10 % "
		    "(8 clients)",
		    steps - grew, 0);
	for (int rt = 0; rt < SECURER_RUNTIME_COUNT_; rt++) {
		char name[64], fl[64], what[160];
		const struct bench_fig *s, *f;

		snprintf(name, sizeof(name), "session.start.bwrap.%s",
		         securer_runtime_name((securer_runtime)rt));
		snprintf(fl, sizeof(fl), "floor.runtime.%s",
		         securer_runtime_name((securer_runtime)rt));
		if (!(s = bench_find(b, name)) || !(f = bench_find(b, fl)))
			continue;
		snprintf(what, sizeof(what), "p50 (ms) against %s p50 + 5 ms",
		         fl);
		add(t, &n, name, what, s->m.p50 / 1000, f->m.p50 / 1000 + 5);
	}
	/* issue 13: the budgets of the session starts, in ms */
	for (int rt = 0; rt < SECURER_RUNTIME_COUNT_; rt++) {
		static const double budget[SECURER_RUNTIME_COUNT_] = {
		    [SECURER_RUNTIME_SH] = 5,
		    [SECURER_RUNTIME_PYTHON] = 15,
		    [SECURER_RUNTIME_R] = 60,
		};
		char name[40], tname[64];
		const struct bench_fig *s;

		snprintf(name, sizeof(name), "session.start.bwrap.%s",
		         securer_runtime_name((securer_runtime)rt));
		snprintf(tname, sizeof(tname), "%s.budget", name);
		if (budget[rt] > 0 && (s = bench_find(b, name)))
			add(t, &n, tname, "p50 (ms) (issue 13)",
			    s->m.p50 / 1000, budget[rt]);
	}
	if ((proto = bench_find(b, "exec.start.bwrap")) &&
	    bench_find(b, "floor.bwrap.same"))
		add(t, &n, "exec.start.bwrap",
		    "p50 / floor.bwrap.same p50, bare bwrap given the same "
		    "options (issue 13; whole process: bench/hyperfine.sh)",
		    proto->ratio, 1.2);
	if ((proto = bench_find(b, "exec.start.none")) &&
	    bench_find(b, "floor.exec.true"))
		add(t, &n, "exec.start.none",
		    "p50 / floor.exec.true p50 (issue 13)", proto->ratio, 1.5);
	if ((proto = bench_find(b, "execute.noop.sh")))
		add(t, &n, "execute.noop.sh", "p50 (us) (issue 13)",
		    proto->m.p50, 200);
	if ((proto = bench_find(b, "tool.round_trip.sh")))
		add(t, &n, "tool.round_trip.sh", "p50 (us) (issue 13)",
		    proto->m.p50, 300);
	if ((proto = bench_find(b, "exec.start.landlock")) &&
	    bench_find(b, "floor.exec.true"))
		add(t, &n, "exec.start.landlock",
		    "p50 / floor.exec.true p50 (issue 12)", proto->ratio, 1.5);
	proto = bench_find(b, "tool.round_trip.proto");
	if (proto && pipe)
		add(t, &n, "tool.round_trip.proto", "p50 / floor.pipe p50",
		    proto->ratio, 5);
	/* the same pair on one CPU: both ends of either round trip wake on
	 * the CPU they share, so the ratio is the library's work alone */
	proto = bench_find(b, "tool.round_trip.proto.one_cpu");
	pipe = bench_find(b, "floor.pipe.one_cpu");
	if (proto && pipe)
		add(t, &n, "tool.round_trip.proto.one_cpu",
		    "p50 / floor.pipe.one_cpu p50", proto->ratio, 5);
	return n;
}

static cJSON *summary_json(const struct summary *m)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddNumberToObject(o, "n", (double)m->n);
	cJSON_AddNumberToObject(o, "p50_us", m->p50);
	cJSON_AddNumberToObject(o, "p90_us", m->p90);
	cJSON_AddNumberToObject(o, "p99_us", m->p99);
	cJSON_AddNumberToObject(o, "max_us", m->max);
	return o;
}

static int print_json(const struct bench *b, const struct target *t, int n_t)
{
	cJSON *root = cJSON_CreateObject(), *figs, *pool, *tg, *sk, *m;
	struct utsname un;
	char *text;

	uname(&un);
	cJSON_AddStringToObject(root, "schema", "securer.bench/1");
	cJSON_AddStringToObject(root, "securer", securer_version());
	cJSON_AddBoolToObject(root, "quick", b->quick);
	m = cJSON_AddObjectToObject(root, "machine");
	cJSON_AddStringToObject(m, "kernel", un.release);
	cJSON_AddStringToObject(m, "arch", un.machine);
	cJSON_AddNumberToObject(m, "cpus",
	                        (double)sysconf(_SC_NPROCESSORS_ONLN));
	cJSON_AddNumberToObject(m, "uid", (double)geteuid());
	figs = cJSON_AddArrayToObject(root, "figures");
	for (int i = 0; i < b->n_figs; i++) {
		cJSON *f = summary_json(&b->figs[i].m);

		cJSON_AddStringToObject(f, "name", b->figs[i].name);
		if (b->figs[i].floor[0]) {
			cJSON_AddStringToObject(f, "floor", b->figs[i].floor);
			cJSON_AddNumberToObject(f, "ratio_to_floor",
			                        b->figs[i].ratio);
		}
		cJSON_AddItemToArray(figs, f);
	}
	pool = cJSON_AddArrayToObject(root, "pool");
	for (int i = 0; i < b->n_pool; i++) {
		cJSON *p = cJSON_CreateObject();

		cJSON_AddNumberToObject(p, "size", b->pool[i].size);
		cJSON_AddNumberToObject(p, "threads", b->pool[i].threads);
		cJSON_AddNumberToObject(p, "executes_per_s",
		                        b->pool[i].ops_per_s);
		cJSON_AddNumberToObject(p, "waits", (double)b->pool[i].waits);
		cJSON_AddItemToObject(p, "acquire",
		                      summary_json(&b->pool[i].acquire));
		cJSON_AddItemToArray(pool, p);
	}
	tg = cJSON_AddArrayToObject(root, "targets");
	for (int i = 0; i < n_t; i++) {
		cJSON *x = cJSON_CreateObject();

		cJSON_AddStringToObject(x, "name", t[i].name);
		cJSON_AddStringToObject(x, "measure", t[i].what);
		cJSON_AddNumberToObject(x, "value", t[i].value);
		cJSON_AddNumberToObject(x, "limit", t[i].limit);
		cJSON_AddBoolToObject(x, "met", t[i].met);
		cJSON_AddItemToArray(tg, x);
	}
	sk = cJSON_AddArrayToObject(root, "skipped");
	for (int i = 0; i < b->n_skipped; i++)
		cJSON_AddItemToArray(sk, cJSON_CreateString(b->skipped[i]));
	text = cJSON_Print(root);
	printf("%s\n", text ? text : "{}");
	free(text);
	cJSON_Delete(root);
	return 0;
}

int bench_report(const struct bench *b)
{
	struct target t[32];
	int n = targets(b, t);

	if (b->json)
		return print_json(b, t, n);
	printf("\ntargets (docs/bench.md)\n");
	for (int i = 0; i < n; i++)
		printf("  %-34s %-4s %10.2f (limit %.2f): %s\n", t[i].name,
		       t[i].met ? "met" : "MISS", t[i].value, t[i].limit,
		       t[i].what);
	return 0;
}
