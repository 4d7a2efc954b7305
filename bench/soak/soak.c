/*
 * soak.c - the soak's main thread: set up the pool, start the clients,
 * sample the gauges until the time is up, stop and join the clients,
 * free the pool, sample once more, judge.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "soak.h"
#include "soak_case.h"
#include "soak_state.h"
#include "soak_tools.h"
#include "soak_verdict.h"

#define SOAK_READY_TIMEOUT_MS 120000

/* Every process of the run's sandboxes carries this entry in its
 * environment (see soak_gauge.h). */
#define SOAK_MARKER_NAME "SECURER_SOAK_RUN"

struct soak_run {
	struct soak_state st;
	struct soak_client client[SOAK_MAX_CLIENTS];
	int n_clients;
	struct soak_series samples;
	char marker[96];
	double t0; /* seconds on CLOCK_MONOTONIC when the executes began */
	int sample_failed;
};

void soak_opts_init(struct soak_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->seconds = 600;
	o->seed = (uint64_t)time(NULL) ^ ((uint64_t)getpid() << 32);
	o->threads = 4;
	o->pool_size = 4;
	o->backend = SECURER_BACKEND_BWRAP;
	o->out = stdout;
}

static double now_s(void)
{
	return (double)securer_monotonic_ms() / 1000.0;
}

static void sleep_until(double t)
{
	double d = t - now_s();
	struct timespec ts;

	if (d <= 0)
		return;
	ts.tv_sec = (time_t)d;
	ts.tv_nsec = (long)((d - (double)ts.tv_sec) * 1e9);
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

static void take_sample(struct soak_run *r, enum soak_phase phase)
{
	struct soak_sample x;
	int rc;

	memset(&x, 0, sizeof(x));
	x.phase = phase;
	x.t = phase == SOAK_START ? 0 : now_s() - r->t0;
	x.executes = atomic_load(&r->st.executes);
	rc = soak_gauges_read(r->marker, &x.g);
	if (rc < 0 && !r->sample_failed) {
		fprintf(r->st.opts->out, "cannot read the gauges: %s\n",
		        strerror(-rc));
		r->sample_failed = 1;
	}
	if (r->st.pool && phase != SOAK_FREED) {
		securer_pool_get_stats(r->st.pool, &x.pool);
		x.has_pool = 1;
	}
	if (soak_series_add(&r->samples, &x) < 0)
		r->sample_failed = 1;
	pthread_mutex_lock(&r->st.lock);
	soak_report_progress(r->st.opts->out, &x, r->st.failures);
	pthread_mutex_unlock(&r->st.lock);
}

static double sample_interval(const struct soak_opts *o)
{
	double s = o->sample_seconds > 0 ? o->sample_seconds : o->seconds / 60;

	return s < 0.5 ? 0.5 : s > 10 ? 10 : s;
}

/* The warm-up left out of slopes: a tenth of the run, at least two
 * samples (the pool's first recycles, malloc's arenas settling). */
static double warmup(const struct soak_opts *o)
{
	double w = o->seconds / 10, two = 2 * sample_interval(o);

	return w > two ? w : two;
}

static securer_policy *soak_policy(const struct soak_run *r)
{
	securer_policy *policy = securer_policy_new();

	if (policy && securer_policy_set_env(policy, SOAK_MARKER_NAME,
	                                     strchr(r->marker, '=') + 1) < 0) {
		securer_policy_free(policy);
		return NULL;
	}
	return policy;
}

static int probe_backend(const struct soak_run *r, char *why, size_t size)
{
	securer_policy *policy = soak_policy(r);
	char reason[512];
	int rc;

	if (!policy) {
		snprintf(why, size, "cannot make the policy");
		return -1;
	}
	rc = securer_backend_probe(r->st.opts->backend, policy, reason,
	                           sizeof(reason));
	securer_policy_free(policy);
	if (rc < 0)
		snprintf(why, size, "backend %s: %s",
		         securer_backend_name(r->st.opts->backend), reason);
	return rc < 0 ? -1 : 0;
}

/* The pool, its sessions all started: when they cannot start the soak
 * could not run (2), which is not a failure of the soak. */
static int start_pool(struct soak_run *r, const securer_tools *tools, char *why,
                      size_t size)
{
	const struct soak_opts *o = r->st.opts;
	securer_policy *policy = soak_policy(r);
	securer_pool_opts po;

	if (!policy) {
		snprintf(why, size, "cannot make the policy");
		return -1;
	}
	securer_pool_opts_init(&po);
	po.size = (size_t)o->pool_size;
	po.backend = o->backend;
	r->st.pool =
	    securer_pool_new(policy, SECURER_RUNTIME_PYTHON, tools, &po);
	securer_policy_free(policy);
	if (!r->st.pool) {
		snprintf(why, size, "cannot make the pool: %s",
		         strerror(errno));
		return -1;
	}
	if (securer_pool_wait_ready(r->st.pool, SOAK_READY_TIMEOUT_MS) < 0) {
		snprintf(why, size, "the pool's sessions did not start: %s",
		         securer_pool_error(r->st.pool));
		securer_pool_free(r->st.pool);
		r->st.pool = NULL;
		return -1;
	}
	return 0;
}

/* 0 when every client started. */
static int start_clients(struct soak_run *r)
{
	const struct soak_opts *o = r->st.opts;

	for (int i = 0; i < o->threads; i++) {
		struct soak_client *c = &r->client[i];

		c->st = &r->st;
		c->index = i;
		/* One stream per client from the seed: a client's sequence
		 * of kinds replays with the seed. */
		c->rng = o->seed ^ (0x9e3779b97f4a7c15ULL * (uint64_t)(i + 1));
		if (pthread_create(&c->thread, NULL, soak_client_main, c) !=
		    0) {
			fprintf(o->out, "cannot start client %d\n", i);
			break;
		}
		r->n_clients++;
	}
	return r->n_clients == o->threads ? 0 : -1;
}

/* A client whose execute runs for longer than any of the mix can is
 * stuck: a failure, reported once. */
static void watch_clients(struct soak_run *r)
{
	int64_t now = securer_monotonic_ms();
	char what[SOAK_FAILURE_MAX];

	for (int i = 0; i < r->n_clients; i++) {
		struct soak_client *c = &r->client[i];
		long long since = atomic_load(&c->busy_since);

		if (!since || now - since < SOAK_STUCK_MS || c->reported_stuck)
			continue;
		c->reported_stuck = 1;
		snprintf(what, sizeof(what),
		         "client %d, execute c%de%" PRIu64
		         "r...: still running "
		         "after %lld s: stuck",
		         i, i, (uint64_t)atomic_load(&c->busy_count),
		         (long long)(now - since) / 1000);
		soak_state_fail(&r->st, what);
	}
}

/* Stops the clients and joins them; -1 when one is stuck (it is left
 * running, and so is the pool: it cannot be freed while it lends a
 * session). */
static int stop_clients(struct soak_run *r)
{
	struct timespec until;
	int stuck = 0;

	atomic_store(&r->st.stop, true);
	clock_gettime(CLOCK_REALTIME, &until); /* pthread_timedjoin_np's */
	until.tv_sec += SOAK_STUCK_MS / 1000;
	for (int i = 0; i < r->n_clients; i++) {
		if (pthread_timedjoin_np(r->client[i].thread, NULL, &until) !=
		    0)
			stuck = 1;
	}
	if (stuck)
		watch_clients(r);
	return stuck ? -1 : 0;
}

/* -1 when the clients could not all start. */
static int run_and_sample(struct soak_run *r)
{
	const struct soak_opts *o = r->st.opts;
	double step = sample_interval(o), end;

	r->t0 = now_s();
	end = r->t0 + o->seconds;
	if (start_clients(r) < 0) {
		if (stop_clients(r) == 0) {
			securer_pool_free(r->st.pool);
			r->st.pool = NULL;
		}
		return -1;
	}
	for (int k = 1; r->t0 + k * step < end; k++) {
		sleep_until(r->t0 + k * step);
		take_sample(r, SOAK_RUN);
		watch_clients(r);
	}
	sleep_until(end);
	take_sample(r, SOAK_RUN);
	if (stop_clients(r) < 0)
		return 0; /* judged without the pool freed: a failure */
	take_sample(r, SOAK_JOINED);
	securer_pool_free(r->st.pool);
	r->st.pool = NULL;
	take_sample(r, SOAK_FREED);
	return 0;
}

/* Nothing lost on the way: every execute began was an acquire that the
 * pool counted, none gave up, and no tool call came outside an execute. */
static void check_accounting(struct soak_run *r)
{
	const struct soak_sample *j;
	uint64_t done = atomic_load(&r->st.executes);
	char what[SOAK_FAILURE_MAX];

	if (r->samples.n < 2)
		return; /* a sample was lost: the verdict fails already */
	j = &r->samples.v[r->samples.n - 2];
	if (j->phase != SOAK_JOINED || !j->has_pool)
		return;
	if (j->pool.acquires != done || j->pool.timeouts != 0) {
		snprintf(what, sizeof(what),
		         "accounting: %" PRIu64
		         " executes, the pool counted %" PRIu64
		         " acquires and %" PRIu64 " that gave up",
		         done, j->pool.acquires, j->pool.timeouts);
		soak_state_fail(&r->st, what);
	}
	if (soak_tools_strays() != 0) {
		snprintf(what, sizeof(what),
		         "accounting: %" PRIu64 " tool calls on a thread "
		         "running no execute",
		         soak_tools_strays());
		soak_state_fail(&r->st, what);
	}
}

const char *soak_leak_name(enum soak_leak k)
{
	static const char *const names[] = {"none", "fd", "mem", "proc"};

	return k <= SOAK_LEAK_PROC ? names[k] : "?";
}

static void print_header(const struct soak_run *r)
{
	const struct soak_opts *o = r->st.opts;

	fprintf(o->out,
	        "soak: %d clients, a pool of %d python sessions (backend %s), "
	        "%.0f s; a sample every %.1f s, warm-up %.1f s\n"
	        "soak: seed %" PRIu64 " (replay with SOAK_SEED=%" PRIu64 ")\n",
	        o->threads, o->pool_size, securer_backend_name(o->backend),
	        o->seconds, sample_interval(o), warmup(o), o->seed, o->seed);
	if (o->inject_leak != SOAK_LEAK_NONE)
		fprintf(o->out,
		        "soak: SELF-TEST: leaking one %s every %ld executes\n",
		        soak_leak_name(o->inject_leak), r->st.inject.every);
	if (o->inject_mixup)
		fprintf(o->out, "soak: SELF-TEST: two results checked against "
		                "each other's expectations\n");
	fflush(o->out);
}

static int finish(struct soak_run *r)
{
	const struct soak_opts *o = r->st.opts;
	struct soak_verdict v;
	struct soak_summary s;
	char reasons[2048];
	int rc;

	check_accounting(r);
	soak_verdict_judge(&r->samples, warmup(o), o->seconds, &v);
	soak_verdict_reasons(&v, reasons, sizeof(reasons));
	memset(&s, 0, sizeof(s));
	s.opts = o;
	s.seconds = o->seconds;
	s.executes = atomic_load(&r->st.executes);
	for (int i = 0; i < soak_case_count() && i < SOAK_MAX_CASES; i++)
		s.by_case[i] = atomic_load(&r->st.by_case[i]);
	s.failures = r->st.failures;
	s.failure = (const char(*)[SOAK_FAILURE_MAX])r->st.failure;
	s.kept =
	    s.failures < SOAK_KEPT_FAILURES ? s.failures : SOAK_KEPT_FAILURES;
	s.leaked = soak_inject_count(&r->st.inject);
	s.leak_every = r->st.inject.every;
	s.samples = &r->samples;
	s.verdict = &v;
	s.reasons = reasons;
	s.status =
	    s.failures || v.failed || r->sample_failed ? SOAK_FAIL : SOAK_PASS;
	soak_report_text(o->out, &s);
	if (o->json_path && (rc = soak_report_json(o->json_path, &s)) < 0) {
		fprintf(o->out, "soak: cannot write '%s': %s\n", o->json_path,
		        strerror(-rc));
		s.status = SOAK_FAIL;
	}
	return s.status;
}

int soak_run(const struct soak_opts *o)
{
	struct soak_run *r = calloc(1, sizeof(*r));
	securer_tools *tools = NULL;
	char why[1024] = "";
	int status = SOAK_CANNOT;

	if (!r)
		return SOAK_CANNOT;
	r->st.opts = o;
	pthread_mutex_init(&r->st.lock, NULL);
	soak_inject_init(&r->st.inject, o->inject_leak, o->inject_every);
	snprintf(r->marker, sizeof(r->marker),
	         SOAK_MARKER_NAME "=%d-%" PRIx64 "-%" PRId64, (int)getpid(),
	         o->seed, securer_monotonic_ms());
	print_header(r);
	if (securer_runtime_probe(SECURER_RUNTIME_PYTHON, why, sizeof(why)) <
	    0) {
		fprintf(o->out, "soak: cannot run: python: %s\n", why);
		goto out;
	}
	why[0] = '\0';
	if (!(tools = soak_tools_new())) {
		fprintf(o->out, "soak: cannot run: out of memory\n");
		goto out;
	}
	/* The backend's probe runs `true` under the soak's policy: it says
	 * why the soak cannot run here, and it makes the library open what
	 * it keeps for the process's life (the securer-init memfd), so that
	 * the start sample counts it. */
	if (probe_backend(r, why, sizeof(why)) < 0) {
		fprintf(o->out, "soak: cannot run: %s\n", why);
		goto out;
	}
	take_sample(r, SOAK_START);
	if (start_pool(r, tools, why, sizeof(why)) < 0 ||
	    run_and_sample(r) < 0) {
		fprintf(o->out, "soak: cannot run: %s\n",
		        why[0] ? why : "a client thread did not start");
		goto out;
	}
	status = finish(r);
	if (r->st.pool) {
		/* A client is stuck in an execute: the pool cannot be freed,
		 * nor what it uses; the process is about to end. */
		return status;
	}
out:
	/* What a self-test leaked goes back only now, once judged. */
	soak_inject_release(&r->st.inject);
	securer_tools_free(tools);
	soak_series_release(&r->samples);
	pthread_mutex_destroy(&r->st.lock);
	free(r);
	return status;
}
