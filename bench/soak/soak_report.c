/*
 * soak_report.c - the soak's progress lines, final table and JSON.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "soak_case.h"
#include "soak_report.h"

void soak_report_progress(FILE *out, const struct soak_sample *x,
                          uint64_t failures)
{
	fprintf(out,
	        "[%7.1fs] %-6s executes %7" PRIu64 " (%6.1f/s)  procs %3ld "
	        "(%ld Z)  fds %4ld  threads %3ld  heap %6ld KiB  rss %7ld KiB",
	        x->t, soak_phase_name(x->phase), x->executes,
	        x->t > 0 ? (double)x->executes / x->t : 0.0, x->g.procs,
	        x->g.zombies, x->g.fds, x->g.threads, x->g.heap_kb,
	        x->g.rss_kb);
	if (x->has_pool)
		fprintf(
		    out,
		    " | pool idle %zu busy %zu starting %zu restarts %" PRIu64,
		    x->pool.idle, x->pool.busy, x->pool.starting,
		    x->pool.restarts);
	fprintf(out, " | failures %" PRIu64 "\n", failures);
	fflush(out);
}

static void text_samples(FILE *out, const struct soak_series *s)
{
	fprintf(out, "\n%-7s %8s %9s %6s %5s %5s %7s %8s %8s %8s %9s\n",
	        "phase", "t (s)", "executes", "procs", "zomb", "fds", "threads",
	        "heap KiB", "rss KiB", "restarts", "acq p99us");
	for (size_t i = 0; i < s->n; i++) {
		const struct soak_sample *x = &s->v[i];

		fprintf(out,
		        "%-7s %8.1f %9" PRIu64 " %6ld %5ld %5ld %7ld %8ld %8ld",
		        soak_phase_name(x->phase), x->t, x->executes,
		        x->g.procs, x->g.zombies, x->g.fds, x->g.threads,
		        x->g.heap_kb, x->g.rss_kb);
		if (x->has_pool)
			fprintf(out, " %8" PRIu64 " %9" PRId64,
			        x->pool.restarts, x->pool.acquire_p99_us);
		fputc('\n', out);
	}
}

static void text_gauges(FILE *out, const struct soak_verdict *v)
{
	fprintf(out,
	        "\ngrowth after the warm-up (%.1f s, %zu samples judged)\n"
	        "%-8s %9s %9s %11s %6s %9s %9s %9s %7s\n",
	        v->warmup_seconds, v->judged, "gauge", "start", "freed",
	        "/1000 exec", "max", "/minute", "fitted", "growth", "band");
	for (int i = 0; i < SOAK_N_GAUGES; i++) {
		const struct soak_gauge_verdict *g = &v->gauge[i];
		char freed[32] = "-";

		if (v->pool_freed)
			snprintf(freed, sizeof(freed), "%.0f", g->freed);
		fprintf(out,
		        "%-8s %9.0f %9s %11.3f %6.0f %9.3f %9.1f %9.1f %7.0f"
		        "  %s%s\n",
		        g->name, g->start, freed, g->slope_per_kexec,
		        g->max_slope_per_kexec, g->slope_per_min, g->fitted,
		        g->growth, g->band,
		        g->failed   ? "FAIL"
		        : g->judged ? "ok"
		                    : "not judged",
		        g->back_to_start && v->pool_freed ? ", back to start"
		                                          : "");
	}
}

static void text_mix(FILE *out, const struct soak_summary *s)
{
	fprintf(out, "\n%" PRIu64 " executes in %.0f s (%.1f/s):", s->executes,
	        s->seconds, (double)s->executes / s->seconds);
	for (int i = 0; i < soak_case_count() && i < SOAK_MAX_CASES; i++)
		fprintf(out, " %s %" PRIu64, soak_case_name(i), s->by_case[i]);
	fputc('\n', out);
}

static void text_pool(FILE *out, const struct soak_series *s)
{
	const struct soak_sample *j = s->n >= 2 ? &s->v[s->n - 2] : NULL;

	if (!j || !j->has_pool)
		return;
	fprintf(out,
	        "pool: %" PRIu64 " acquires (%" PRIu64 " waited, %" PRIu64
	        " gave up), %" PRIu64 " restarts (%" PRIu64
	        " after a failure, %" PRIu64 " found dead), %" PRIu64
	        " start failures; acquire p50 %" PRId64 " us, p99 %" PRId64
	        " us, max %" PRId64 " us\n",
	        j->pool.acquires, j->pool.waits, j->pool.timeouts,
	        j->pool.restarts, j->pool.recycled_failed, j->pool.found_dead,
	        j->pool.start_failures, j->pool.acquire_p50_us,
	        j->pool.acquire_p99_us, j->pool.acquire_max_us);
}

void soak_report_text(FILE *out, const struct soak_summary *s)
{
	text_samples(out, s->samples);
	text_mix(out, s);
	text_pool(out, s->samples);
	text_gauges(out, s->verdict);
	if (s->leaked)
		fprintf(out, "self-test: %" PRIu64 " %s leaked on purpose\n",
		        s->leaked, soak_leak_name(s->opts->inject_leak));
	if (s->failures) {
		fprintf(out, "\n%" PRIu64 " wrong or lost results%s:\n",
		        s->failures,
		        s->failures > s->kept ? " (the first ones)" : "");
		for (size_t i = 0; i < s->kept; i++)
			fprintf(out, "  %s\n", s->failure[i]);
	}
	if (s->reasons[0])
		fprintf(out, "\nwhat grew:\n%s", s->reasons);
	fprintf(out, "\nsoak: %s (seed %" PRIu64 ")\n",
	        s->status == 0 ? "PASS" : "FAIL", s->opts->seed);
	fflush(out);
}
