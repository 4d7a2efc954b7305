/*
 * soak_json.c - the soak's samples and verdict as JSON (schema
 * securer.soak/1, docs/bench.md), for a CI job or a plot.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>

#include "soak_case.h"
#include "soak_report.h"

static void json_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < 0x20)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

static void json_pool(FILE *f, const securer_pool_stats *p)
{
	fprintf(
	    f,
	    ",\"pool\":{\"idle\":%zu,\"busy\":%zu,\"starting\":%zu,"
	    "\"acquires\":%" PRIu64 ",\"waits\":%" PRIu64
	    ",\"timeouts\":%" PRIu64 ",\"restarts\":%" PRIu64
	    ",\"recycled_failed\":%" PRIu64 ",\"found_dead\":%" PRIu64
	    ",\"start_failures\":%" PRIu64 ",\"acquire_p50_us\":%" PRId64
	    ",\"acquire_p99_us\":%" PRId64 ",\"acquire_max_us\":%" PRId64 "}",
	    p->idle, p->busy, p->starting, p->acquires, p->waits, p->timeouts,
	    p->restarts, p->recycled_failed, p->found_dead, p->start_failures,
	    p->acquire_p50_us, p->acquire_p99_us, p->acquire_max_us);
}

static void json_samples(FILE *f, const struct soak_series *s)
{
	fputs(",\"samples\":[", f);
	for (size_t i = 0; i < s->n; i++) {
		const struct soak_sample *x = &s->v[i];

		fprintf(f,
		        "%s\n{\"phase\":\"%s\",\"t\":%.3f,\"executes\":%" PRIu64
		        ",\"procs\":%ld,\"zombies\":%ld,\"fds\":%ld,"
		        "\"threads\":%ld,\"rss_kb\":%ld,\"heap_kb\":%ld",
		        i ? "," : "", soak_phase_name(x->phase), x->t,
		        x->executes, x->g.procs, x->g.zombies, x->g.fds,
		        x->g.threads, x->g.rss_kb, x->g.heap_kb);
		if (x->has_pool)
			json_pool(f, &x->pool);
		fputc('}', f);
	}
	fputc(']', f);
}

static void json_gauges(FILE *f, const struct soak_verdict *v)
{
	fprintf(f,
	        ",\n\"warmup_seconds\":%.3f,\"judged_samples\":%zu,"
	        "\"slopes_judged\":%s,\"gauges\":[",
	        v->warmup_seconds, v->judged,
	        v->slopes_judged ? "true" : "false");
	for (int i = 0; i < SOAK_N_GAUGES; i++) {
		const struct soak_gauge_verdict *g = &v->gauge[i];

		fprintf(f,
		        "%s\n{\"name\":\"%s\",\"unit\":\"%s\",\"judged\":%s,"
		        "\"start\":%.0f,\"freed\":%.0f,\"back_to_start\":%s,"
		        "\"slope_per_1000_executes\":%.4f,"
		        "\"max_slope_per_1000_executes\":%.1f,"
		        "\"slope_per_minute\":%.4f,\"fitted_growth\":%.2f,"
		        "\"growth\":%.2f,\"band\":%.1f,\"failed\":%s}",
		        i ? "," : "", g->name, g->unit,
		        g->judged ? "true" : "false", g->start, g->freed,
		        g->back_to_start ? "true" : "false", g->slope_per_kexec,
		        g->max_slope_per_kexec, g->slope_per_min, g->fitted,
		        g->growth, g->band, g->failed ? "true" : "false");
	}
	fputc(']', f);
}

static void json_results(FILE *f, const struct soak_summary *s)
{
	fprintf(f, ",\n\"executes\":%" PRIu64 ",\"by_case\":{", s->executes);
	for (int i = 0; i < soak_case_count() && i < SOAK_MAX_CASES; i++)
		fprintf(f, "%s\"%s\":%" PRIu64, i ? "," : "", soak_case_name(i),
		        s->by_case[i]);
	fprintf(f, "},\"failures\":%" PRIu64 ",\"failure_messages\":[",
	        s->failures);
	for (size_t i = 0; i < s->kept; i++) {
		fputs(i ? ",\n" : "\n", f);
		json_str(f, s->failure[i]);
	}
	fputs("],\n\"reasons\":", f);
	json_str(f, s->reasons);
}

int soak_report_json(const char *path, const struct soak_summary *s)
{
	const struct soak_opts *o = s->opts;
	FILE *f = fopen(path, "w");

	if (!f)
		return -errno;
	fprintf(f,
	        "{\"schema\":\"securer.soak/1\",\"seed\":%" PRIu64
	        ",\"seconds\":%.1f,\"clients\":%d,\"pool_size\":%d,"
	        "\"runtime\":\"python\",\"backend\":\"%s\",\"inject\":{"
	        "\"leak\":\"%s\",\"every\":%ld,\"leaked\":%" PRIu64
	        ",\"mixup\":%s}",
	        o->seed, s->seconds, o->threads, o->pool_size,
	        securer_backend_name(o->backend),
	        soak_leak_name(o->inject_leak), s->leak_every, s->leaked,
	        o->inject_mixup ? "true" : "false");
	json_results(f, s);
	json_gauges(f, s->verdict);
	json_samples(f, s->samples);
	fprintf(f, ",\n\"verdict\":\"%s\"}\n", s->status ? "fail" : "pass");
	if (fclose(f) != 0)
		return -errno;
	return 0;
}
