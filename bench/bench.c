/*
 * bench.c - bench_run() (securer_bench.h): the scenarios in order, the
 * figures (a table for people, JSON for machines, SVG plots) and the
 * targets they are held to (docs/bench.md).
 *
 * Every figure is a distribution of single operations (p50, p90, p99,
 * max, in microseconds) with the ratio of its median to its floor's,
 * measured in the same run.
 */
#include <cjson/cJSON.h>
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "bench.h"
#include "floors.h"
#include "plot.h"
#include "pool_bench.h"
#include "securer.h"
#include "securer_bench.h"
#include "session_bench.h"
#include "start_bench.h"

/* ---- recording ------------------------------------------------------------
 */

const struct bench_fig *bench_find(const struct bench *b, const char *name)
{
	for (int i = 0; i < b->n_figs; i++)
		if (!strcmp(b->figs[i].name, name))
			return &b->figs[i];
	return NULL;
}

bool bench_runtime_wanted(const struct bench *b, int rt)
{
	return !b->runtimes || (b->runtimes & (1u << rt));
}

void bench_record(struct bench *b, const char *name, struct samples *s,
                  const char *floor)
{
	const struct bench_fig *fl = floor ? bench_find(b, floor) : NULL;
	struct bench_fig *f;

	if (b->n_figs == BENCH_MAX_FIGURES || !s->n) {
		samples_release(s);
		return;
	}
	f = &b->figs[b->n_figs++];
	snprintf(f->name, sizeof(f->name), "%s", name);
	f->m = samples_summary(s); /* sorts them: the CDF's order */
	f->v = s->v;
	f->n = s->n;
	samples_init(s); /* the figure owns them now */
	if (fl) {
		snprintf(f->floor, sizeof(f->floor), "%s", fl->name);
		f->ratio = fl->m.p50 > 0 ? f->m.p50 / fl->m.p50 : 0;
	}
	if (b->json)
		return;
	printf("%-32s %6zu %10.1f %10.1f %10.1f %10.1f", f->name, f->m.n,
	       f->m.p50, f->m.p90, f->m.p99, f->m.max);
	if (fl)
		printf("  %8.2fx %s", f->ratio, fl->name);
	putchar('\n');
	fflush(stdout);
}

void bench_skip(struct bench *b, const char *name, const char *why)
{
	if (b->n_skipped < 16)
		snprintf(b->skipped[b->n_skipped++], sizeof(b->skipped[0]),
		         "%s: %.200s", name, why);
	if (!b->json)
		printf("%-32s skipped: %s\n", name, why);
}

/* ---- the scenarios ------------------------------------------------------ */

static const char *rt_name(int rt)
{
	return securer_runtime_name((securer_runtime)rt);
}

/* Few samples of what takes milliseconds; fewer yet for R. */
static int slow_n(const struct bench *b, int rt, int full)
{
	int n = b->quick ? full / 5 : full;

	if (rt == SECURER_RUNTIME_R)
		n /= 2;
	return n < 3 ? 3 : n;
}

static void run_floors(struct bench *b)
{
	struct samples s;

	samples_init(&s);
	floor_pipe_round_trip(b->n, &s);
	bench_record(b, "floor.pipe", &s, NULL);
}

/* ---- starts, interleaved with their floors ----------------------------- */

/* The starts and the floors they are judged against are measured in turn,
 * one sample of each per round, the order turning every round: on a
 * shared machine the load changes from one second to the next, and a
 * floor measured a minute before its figure says little about it. */
enum start_kind {
	FLOOR_EXEC,
	FLOOR_BWRAP,
	FLOOR_BWRAP_SAME,
	FLOOR_RUNTIME,
	EXEC,
	SESSION
};

struct start_fig {
	char name[64];
	const char *floor; /* NULL for a floor */
	enum start_kind kind;
	securer_backend be;
	int rt;
	int want;
	bool failed;
	char why[512];
	struct samples s;
};

static int start_once(struct start_fig *f, struct samples *into)
{
	static const char *const true_argv[] = {"true", NULL};
	int rc = -EINVAL;

	switch (f->kind) {
	case FLOOR_EXEC:
		rc = floor_exec(true_argv, 1, into);
		break;
	case FLOOR_BWRAP:
	case FLOOR_BWRAP_SAME:
		rc = f->kind == FLOOR_BWRAP ? floor_bare_bwrap(1, into)
		                            : floor_bare_bwrap_same(1, into);
		if (rc < 0)
			snprintf(f->why, sizeof(f->why),
			         "bare bwrap cannot run here");
		break;
	case FLOOR_RUNTIME:
		rc = floor_runtime_start((securer_runtime)f->rt, 1, 0, into);
		if (rc < 0)
			snprintf(f->why, sizeof(f->why),
			         "the interpreter failed to start");
		break;
	case EXEC:
		rc =
		    bench_exec_start(f->be, 1, 0, into, f->why, sizeof(f->why));
		break;
	case SESSION:
		rc = bench_session_start(f->be, (securer_runtime)f->rt, 1, 0,
		                         into, f->why, sizeof(f->why));
		break;
	}
	if (rc < 0 && !f->why[0])
		snprintf(f->why, sizeof(f->why), "failed (%d)", rc);
	return rc;
}

/* |warm| rounds not recorded, then rounds until each has its samples;
 * the floors are recorded first, so the ratios can use them. */
static void run_interleaved(struct bench *b, struct start_fig *f, int nf,
                            int warm)
{
	bool more = true;

	for (int round = 0; more; round++) {
		more = false;
		for (int j = 0; j < nf; j++) {
			struct start_fig *x = &f[(j + round) % nf];
			struct samples scratch;

			if (x->failed || x->s.n >= (size_t)x->want)
				continue;
			samples_init(&scratch);
			if (start_once(x, round < warm ? &scratch : &x->s) < 0)
				x->failed = true;
			samples_release(&scratch);
			more |= !x->failed && x->s.n < (size_t)x->want;
		}
	}
	for (int pass = 0; pass < 2; pass++)
		for (int j = 0; j < nf; j++) {
			if ((pass == 0) != (f[j].floor == NULL))
				continue;
			if (f[j].failed) {
				bench_skip(b, f[j].name, f[j].why);
				samples_release(&f[j].s);
			} else {
				bench_record(b, f[j].name, &f[j].s, f[j].floor);
			}
		}
}

static const securer_backend start_backends[] = {
    SECURER_BACKEND_NONE, SECURER_BACKEND_BWRAP, SECURER_BACKEND_LANDLOCK};

static void run_starts(struct bench *b)
{
	struct start_fig f[8];
	char why[1024];
	int nf = 0, n = slow_n(b, 0, 100);

	memset(f, 0, sizeof(f));
	f[nf++] = (struct start_fig){
	    .name = "floor.exec.true", .kind = FLOOR_EXEC, .want = n};
	f[nf++] = (struct start_fig){
	    .name = "floor.bwrap", .kind = FLOOR_BWRAP, .want = n};
	f[nf++] = (struct start_fig){
	    .name = "floor.bwrap.same", .kind = FLOOR_BWRAP_SAME, .want = n};
	for (size_t i = 0; i < 3; i++) {
		struct start_fig *x = &f[nf++];

		snprintf(x->name, sizeof(x->name), "exec.start.%s",
		         securer_backend_name(start_backends[i]));
		x->kind = EXEC;
		x->be = start_backends[i];
		x->want = n;
		x->floor = x->be == SECURER_BACKEND_BWRAP ? "floor.bwrap.same"
		                                          : "floor.exec.true";
	}
	for (int j = 0; j < nf; j++)
		samples_init(&f[j].s);
	run_interleaved(b, f, nf, 3);

	for (int rt = 0; rt < SECURER_RUNTIME_COUNT_; rt++) {
		static char floor[SECURER_RUNTIME_COUNT_][64];

		if (!bench_runtime_wanted(b, rt) ||
		    securer_runtime_probe((securer_runtime)rt, why,
		                          sizeof(why)) < 0)
			continue;
		snprintf(floor[rt], sizeof(floor[rt]), "floor.runtime.%s",
		         rt_name(rt));
		nf = 0;
		memset(f, 0, sizeof(f));
		f[nf].kind = FLOOR_RUNTIME;
		f[nf].rt = rt;
		f[nf].want = slow_n(b, rt, 20);
		snprintf(f[nf++].name, sizeof(f[0].name), "%s", floor[rt]);
		for (size_t i = 0; i < 3; i++) {
			struct start_fig *x = &f[nf++];

			snprintf(x->name, sizeof(x->name),
			         "session.start.%s.%s",
			         securer_backend_name(start_backends[i]),
			         rt_name(rt));
			x->kind = SESSION;
			x->be = start_backends[i];
			x->rt = rt;
			x->want = slow_n(b, rt, 20);
			x->floor = floor[rt];
		}
		for (int j = 0; j < nf; j++)
			samples_init(&f[j].s);
		run_interleaved(b, f, nf, 1);
	}
}

static void run_one_cpu(struct bench *b, securer_backend be);

static void run_warm(struct bench *b)
{
	const securer_backend be = SECURER_BACKEND_BWRAP;
	struct samples s;
	char name[64], why[1024];

	samples_init(&s);
	for (int rt = 0; rt < SECURER_RUNTIME_COUNT_; rt++) {
		if (!bench_runtime_wanted(b, rt) ||
		    securer_runtime_probe((securer_runtime)rt, why,
		                          sizeof(why)) < 0)
			continue;
		snprintf(name, sizeof(name), "execute.noop.%s", rt_name(rt));
		if (bench_noop_execute(be, (securer_runtime)rt, b->n, 0, &s,
		                       why, sizeof(why)) == 0)
			bench_record(b, name, &s, "floor.pipe");
		else
			bench_skip(b, name, why);
		samples_release(&s);
		/* after a pause, as an agent's executes come: what runtimes do
		 * while idle (sh warms its syntax checker) is off the path */
		snprintf(name, sizeof(name), "execute.noop_idle.%s",
		         rt_name(rt));
		if (bench_noop_execute(be, (securer_runtime)rt, b->n / 4 + 10,
		                       5, &s, why, sizeof(why)) == 0)
			bench_record(b, name, &s, "floor.pipe");
		else
			bench_skip(b, name, why);
		samples_release(&s);
		snprintf(name, sizeof(name), "tool.round_trip.%s", rt_name(rt));
		if (bench_tool_round_trip(be, (securer_runtime)rt, b->n, &s,
		                          why, sizeof(why)) == 0)
			bench_record(b, name, &s, "floor.pipe");
		else
			bench_skip(b, name, why);
		samples_release(&s);
	}
	if (bench_proto_round_trip(be, b->n * 2, &s, why, sizeof(why)) == 0)
		bench_record(b, "tool.round_trip.proto", &s, "floor.pipe");
	else
		bench_skip(b, "tool.round_trip.proto", why);
	samples_release(&s);
	run_one_cpu(b, be);
}

/* The pipe floor and the C child's round trip again, with the bench and
 * what it starts on one CPU: whether a round trip's two ends share a CPU
 * or wake each other across CPUs is the scheduler's choice, and on a VM
 * the second costs tens of microseconds, more than the library's own
 * work.  A diagnostic beside the figures above, not a replacement: the
 * targets are judged on those. */
static void run_one_cpu(struct bench *b, securer_backend be)
{
	cpu_set_t saved, one;
	struct samples s;
	char why[1024];
	int cpu = 0;

	if (sched_getaffinity(0, sizeof(saved), &saved) < 0)
		return;
	while (cpu < CPU_SETSIZE && !CPU_ISSET(cpu, &saved))
		cpu++;
	CPU_ZERO(&one);
	CPU_SET(cpu, &one);
	if (cpu == CPU_SETSIZE || sched_setaffinity(0, sizeof(one), &one) < 0) {
		bench_skip(b, "tool.round_trip.proto.one_cpu",
		           "cannot pin to one CPU");
		return;
	}
	samples_init(&s);
	if (floor_pipe_round_trip(b->n, &s) == 0)
		bench_record(b, "floor.pipe.one_cpu", &s, NULL);
	samples_release(&s);
	if (bench_proto_round_trip(be, b->n * 2, &s, why, sizeof(why)) == 0)
		bench_record(b, "tool.round_trip.proto.one_cpu", &s,
		             "floor.pipe.one_cpu");
	else
		bench_skip(b, "tool.round_trip.proto.one_cpu", why);
	samples_release(&s);
	sched_setaffinity(0, sizeof(saved), &saved);
}

static void run_pool(struct bench *b)
{
	static const int sizes[] = {1, 2, 4, 8}, threads[] = {1, 2, 4, 8};
	char why[1024];
	securer_runtime rt = SECURER_RUNTIME_PYTHON;
	const char *code = "sum(range(100))";

	if (securer_runtime_probe(rt, why, sizeof(why)) < 0) {
		rt = SECURER_RUNTIME_SH;
		code = "x=1";
	}
	if (!b->json)
		printf("\npool (%s runtime, workload `%s`, bwrap)\n%6s %8s "
		       "%12s %10s %10s %10s\n",
		       rt_name(rt), code, "size", "threads", "executes/s",
		       "acq p50", "acq p99", "acq max");
	for (size_t i = 0; i < 4; i++)
		for (size_t k = 0; k < 4 && b->n_pool < BENCH_MAX_POOL; k++) {
			struct pool_point *pt = &b->pool[b->n_pool];

			if (bench_pool_point(SECURER_BACKEND_BWRAP, rt, code,
			                     sizes[i], threads[k],
			                     b->quick ? 0.5 : 2.0, pt, why,
			                     sizeof(why)) < 0) {
				bench_skip(b, "pool", why);
				return;
			}
			b->n_pool++;
			if (!b->json)
				printf("%6d %8d %12.0f %10.1f %10.1f %10.1f\n",
				       pt->size, pt->threads, pt->ops_per_s,
				       pt->acquire.p50, pt->acquire.p99,
				       pt->acquire.max);
			fflush(stdout);
		}
}

int bench_run(const struct bench_opts *o)
{
	struct bench *b = calloc(1, sizeof(*b));
	char err[1024];
	int rc;

	if (!b)
		return 1;
	b->quick = o->quick;
	b->json = o->json;
	b->out_dir = o->out_dir;
	b->n = o->n ? o->n : o->quick ? 300 : 2000;
	b->runtimes = o->runtimes;
	if (!b->json)
		printf("%-32s %6s %10s %10s %10s %10s  %s\n",
		       "figure (microseconds)", "n", "p50", "p90", "p99", "max",
		       "p50 / floor's p50");
	run_floors(b);
	run_starts(b);
	run_warm(b);
	run_pool(b);
	rc = bench_report(b);
	if (b->out_dir && plot_all(b, b->out_dir, err, sizeof(err)) < 0) {
		fprintf(stderr, "securer bench: plots: %s\n", err);
		rc = 1;
	} else if (b->out_dir && !b->json) {
		printf("plots in %s: startup.svg latency_cdf.svg "
		       "pool_throughput.svg "
		       "pool_acquire.svg\n",
		       b->out_dir);
	}
	for (int i = 0; i < b->n_figs; i++)
		free(b->figs[i].v);
	free(b);
	return rc;
}
