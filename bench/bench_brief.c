/*
 * bench_brief.c - bench_brief() (securer_bench.h): the conformance
 * report's benchmark section.
 */
#include <cjson/cJSON.h>
#include <stdio.h>

#include "bench.h"
#include "floors.h"
#include "pool_bench.h"
#include "securer_bench.h"
#include "session_bench.h"
#include "start_bench.h"

static void put(cJSON *o, const char *name, struct samples *s, int rc,
                const char *why)
{
	cJSON *f = cJSON_AddObjectToObject(o, name);
	struct summary m;

	if (rc < 0 || !s->n) {
		cJSON_AddStringToObject(f, "skipped",
		                        why && *why ? why : "failed");
		samples_release(s);
		return;
	}
	m = samples_summary(s);
	cJSON_AddNumberToObject(f, "n", (double)m.n);
	cJSON_AddNumberToObject(f, "p50_us", m.p50);
	cJSON_AddNumberToObject(f, "p90_us", m.p90);
	cJSON_AddNumberToObject(f, "p99_us", m.p99);
	cJSON_AddNumberToObject(f, "max_us", m.max);
	samples_release(s);
}

static void backend(cJSON *all, securer_backend be)
{
	cJSON *o = cJSON_AddObjectToObject(all, securer_backend_name(be));
	securer_runtime rt = SECURER_RUNTIME_PYTHON;
	struct samples s;
	struct pool_point pt;
	char why[1024] = "";
	int rc;

	samples_init(&s);
	rc = bench_exec_start(be, 20, 3, &s, why, sizeof(why));
	put(o, "exec_start", &s, rc, why);
	for (int r = 0; r < SECURER_RUNTIME_COUNT_; r++) {
		char name[64];

		snprintf(name, sizeof(name), "session_start_%s",
		         securer_runtime_name((securer_runtime)r));
		if (securer_runtime_probe((securer_runtime)r, why,
		                          sizeof(why)) < 0)
			rc = -1;
		else
			rc = bench_session_start(be, (securer_runtime)r,
			                         r == SECURER_RUNTIME_R ? 3 : 8,
			                         1, &s, why, sizeof(why));
		put(o, name, &s, rc, why);
	}
	if (securer_runtime_probe(rt, why, sizeof(why)) < 0)
		rt = SECURER_RUNTIME_SH;
	rc = bench_tool_round_trip(be, rt, 300, &s, why, sizeof(why));
	put(o,
	    rt == SECURER_RUNTIME_SH ? "tool_round_trip_sh"
	                             : "tool_round_trip_python",
	    &s, rc, why);
	rc = bench_proto_round_trip(be, 1000, &s, why, sizeof(why));
	put(o, "tool_round_trip_proto", &s, rc, why);
	/* a warm pool of 2, 2 clients: acquire never waits */
	rc = bench_pool_point(be, rt, rt == SECURER_RUNTIME_SH ? "x=1" : "1", 2,
	                      2, 0.3, &pt, why, sizeof(why));
	if (rc == 0) {
		cJSON *f = cJSON_AddObjectToObject(o, "pool_acquire");

		cJSON_AddNumberToObject(f, "n", (double)pt.acquire.n);
		cJSON_AddNumberToObject(f, "p50_us", pt.acquire.p50);
		cJSON_AddNumberToObject(f, "p90_us", pt.acquire.p90);
		cJSON_AddNumberToObject(f, "p99_us", pt.acquire.p99);
		cJSON_AddNumberToObject(f, "max_us", pt.acquire.max);
		cJSON_AddNumberToObject(f, "executes_per_s", pt.ops_per_s);
	} else {
		cJSON_AddStringToObject(
		    cJSON_AddObjectToObject(o, "pool_acquire"), "skipped", why);
	}
}

cJSON *bench_brief(const securer_backend *backends, int n)
{
	cJSON *root = cJSON_CreateObject(), *floors, *all;
	struct samples s;
	int rc;

	cJSON_AddBoolToObject(root, "quick", 1);
	floors = cJSON_AddObjectToObject(root, "floors");
	samples_init(&s);
	rc = floor_pipe_round_trip(500, &s);
	put(floors, "pipe_round_trip", &s, rc, "");
	rc = floor_bare_bwrap(20, &s);
	put(floors, "bare_bwrap", &s, rc, "bare bwrap cannot run here");
	all = cJSON_AddObjectToObject(root, "backends");
	for (int i = 0; i < n; i++)
		backend(all, backends[i]);
	return root;
}
