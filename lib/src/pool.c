/*
 * pool.c - warm sessions shared by threads.
 *
 * One mutex guards the lists; two condition variables wake the waiters
 * (a session became idle, or the pool cannot start any) and the starters
 * (a slot to fill or a session to retire).  Starter threads do the slow
 * work, starting and freeing sessions, outside the lock, so acquire and
 * release only move a pointer between lists.
 *
 * A session goes back to idle when released healthy; it is retired (freed
 * and replaced by a fresh one, in the background) after max_executes
 * executes, after any failure that restarted its runtime, or when it is
 * found dead.  A session is never handed to two callers at once; its
 * interpreter state does carry over to the next acquire until it is
 * recycled (max_executes = 1: a fresh one every time; docs/pool.md).
 */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "runtime.h"
#include "session.h"
#include "tools.h"

#define MAX_STARTERS 4
#define LATENCIES    4096 /* acquire latencies kept for percentiles */
#define RETRY_MS     1000 /* after a session failed to start */

struct securer_pool {
	pthread_mutex_t lock;
	pthread_cond_t idle_cv; /* waiters: a session is idle, or failing */
	pthread_cond_t work_cv; /* starters: a slot to fill, one to retire */
	pthread_cond_t done_cv; /* free: a busy session came back */
	pthread_t starters[MAX_STARTERS];
	int n_starters;
	securer_policy *policy;
	securer_tools *tools;
	securer_runtime runtime;
	securer_pool_opts opts; /* .audit_log points at audit_log */
	char *audit_log;        /* our copy */
	securer_session **idle; /* a stack: the warmest first */
	size_t n_idle;
	securer_session **retire;
	size_t n_retire;
	size_t busy, starting;
	bool closing;
	bool failing; /* the last start failed: waiters are told */
	int fail_rc;
	int64_t retry_at; /* no start before this (after a failure) */
	securer_pool_stats st;
	int64_t *lat; /* ring of acquire latencies, microseconds */
	size_t n_lat;
	char err[SECURER__ERR_SIZE];
};

static int64_t now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

void securer_pool_opts_init(securer_pool_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->size = 2;
	o->max_executes = 100;
	o->backend = SECURER_BACKEND_AUTO;
}

/* Is the session's runtime still there (not ended, not restarting)? */
static bool alive(securer_session *s)
{
	int fd = s->sb && s->ready ? securer_sandbox_pidfd(s->sb) : -1;
	struct pollfd p = {fd, POLLIN, 0};

	return fd >= 0 && poll(&p, 1, 0) == 0;
}

/* ---- the starters ---------------------------------------------------- */

static securer_session *start_one(securer_pool *pool, int *rc, char *why)
{
	securer_session_opts so;
	securer_session *s;

	securer_session_opts_init(&so);
	so.backend = pool->opts.backend;
	so.audit_log = pool->opts.audit_log;
	s = securer_session_new(pool->policy, pool->runtime, pool->tools, &so);
	if (!s) {
		*rc = -ENOMEM;
		snprintf(why, SECURER__ERR_SIZE, "out of memory");
		return NULL;
	}
	*rc = securer_session_start(s);
	if (*rc < 0) {
		snprintf(why, SECURER__ERR_SIZE, "%s",
		         securer_session_error(s));
		securer_session_free(s);
		return NULL;
	}
	return s;
}

/* Every condition variable of the pool waits on CLOCK_MONOTONIC, the
 * clock of every deadline of the library: a wall clock set back while a
 * thread waits would otherwise stretch the wait by as much. */
static void cond_init_monotonic(pthread_cond_t *cv)
{
	pthread_condattr_t a;

	pthread_condattr_init(&a);
	pthread_condattr_setclock(&a, CLOCK_MONOTONIC);
	pthread_cond_init(cv, &a);
	pthread_condattr_destroy(&a);
}

/* pthread_cond_timedwait for at most |ms| from now. */
static void wait_ms_at_most(pthread_cond_t *cv, pthread_mutex_t *lock,
                            int64_t ms)
{
	struct timespec until;

	clock_gettime(CLOCK_MONOTONIC, &until);
	until.tv_sec += ms / 1000;
	until.tv_nsec += (ms % 1000) * 1000000;
	if (until.tv_nsec >= 1000000000) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000;
	}
	pthread_cond_timedwait(cv, lock, &until);
}

static bool need_start(const securer_pool *p)
{
	return p->n_idle + p->busy + p->starting + p->n_retire < p->opts.size;
}

static void *starter(void *arg)
{
	securer_pool *pool = arg;

	pthread_mutex_lock(&pool->lock);
	while (!pool->closing) {
		securer_session *s;
		char why[SECURER__ERR_SIZE];
		int rc;

		if (pool->n_retire) {
			s = pool->retire[--pool->n_retire];
			pool->starting++; /* its replacement, next */
			pthread_mutex_unlock(&pool->lock);
			securer_session_free(s);
			pthread_mutex_lock(&pool->lock);
			pool->starting--;
			continue;
		}
		if (!need_start(pool) ||
		    securer_monotonic_ms() < pool->retry_at) {
			int64_t wait_ms =
			    need_start(pool)
			        ? pool->retry_at - securer_monotonic_ms()
			        : 1000;

			wait_ms_at_most(&pool->work_cv, &pool->lock, wait_ms);
			continue;
		}
		pool->starting++;
		pthread_mutex_unlock(&pool->lock);
		s = start_one(pool, &rc, why);
		pthread_mutex_lock(&pool->lock);
		pool->starting--;
		if (!s) {
			pool->st.start_failures++;
			pool->fail_rc = rc;
			snprintf(pool->err, sizeof(pool->err),
			         "the pool cannot start a session: %.980s",
			         why);
			pool->retry_at = securer_monotonic_ms() + RETRY_MS;
			/* fail closed, and at once: nobody waits for a
			 * session that cannot come */
			pool->failing = pool->n_idle + pool->busy == 0;
			pthread_cond_broadcast(&pool->idle_cv);
			continue;
		}
		if (pool->closing) {
			pthread_mutex_unlock(&pool->lock);
			securer_session_free(s);
			pthread_mutex_lock(&pool->lock);
			break;
		}
		pool->failing = false;
		pool->idle[pool->n_idle++] = s;
		pthread_cond_signal(&pool->idle_cv);
	}
	pthread_mutex_unlock(&pool->lock);
	return NULL;
}

/* ---- the pool ------------------------------------------------------------ */

securer_pool *securer_pool_new(const securer_policy *policy,
                               securer_runtime runtime,
                               const securer_tools *tools,
                               const securer_pool_opts *opts)
{
	securer_pool_opts defaults;
	securer_pool *p;
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);

	if (!opts) {
		securer_pool_opts_init(&defaults);
		opts = &defaults;
	}
	if (opts->size == 0 || opts->size > 1024 ||
	    !securer__runtime(runtime)) {
		errno = EINVAL;
		return NULL;
	}
	p = calloc(1, sizeof(*p));
	if (!p)
		return NULL;
	p->opts = *opts;
	p->runtime = runtime;
	p->policy = policy ? securer_policy_dup(policy) : securer_policy_new();
	p->tools = securer__tools_dup(tools);
	p->idle = calloc(opts->size, sizeof(*p->idle));
	p->retire = calloc(opts->size, sizeof(*p->retire));
	p->lat = calloc(LATENCIES, sizeof(*p->lat));
	/* Sessions started later read it: the caller's string may be gone. */
	p->audit_log =
	    opts->audit_log ? securer__strdup(opts->audit_log) : NULL;
	p->opts.audit_log = p->audit_log;
	if (!p->policy || !p->tools || !p->idle || !p->retire || !p->lat ||
	    (opts->audit_log && !p->audit_log)) {
		securer_policy_free(p->policy);
		securer_tools_free(p->tools);
		free(p->idle);
		free(p->retire);
		free(p->lat);
		free(p->audit_log);
		free(p);
		errno = ENOMEM;
		return NULL;
	}
	pthread_mutex_init(&p->lock, NULL);
	cond_init_monotonic(&p->idle_cv);
	cond_init_monotonic(&p->work_cv);
	cond_init_monotonic(&p->done_cv);
	p->st.size = opts->size;
	/* starting is CPU-bound: as many starters as cores, up to 4 */
	for (long i = 0; i < (long)opts->size && i < MAX_STARTERS &&
	                 i < (cpus > 0 ? cpus : 1);
	     i++)
		if (pthread_create(&p->starters[p->n_starters], NULL, starter,
		                   p) == 0)
			p->n_starters++;
	if (!p->n_starters) {
		securer_pool_free(p);
		errno = EAGAIN;
		return NULL;
	}
	return p;
}

const char *securer_pool_error(const securer_pool *p)
{
	/* Starters and acquires write p->err under the lock at any time:
	 * the caller gets a copy of its own, taken under the lock. */
	static _Thread_local char copy[SECURER__ERR_SIZE];
	pthread_mutex_t *lock;

	if (!p)
		return "no pool";
	lock = (pthread_mutex_t *)&p->lock; /* the pool itself is not const */
	pthread_mutex_lock(lock);
	memcpy(copy, p->err, sizeof(copy));
	pthread_mutex_unlock(lock);
	return copy;
}

int securer_pool_wait_ready(securer_pool *p, int64_t timeout_ms)
{
	int64_t deadline = securer_monotonic_ms() + timeout_ms;
	int rc = 0;

	pthread_mutex_lock(&p->lock);
	while (p->n_idle + p->busy < p->opts.size && !p->failing) {
		int64_t left = deadline - securer_monotonic_ms();

		if (left <= 0) {
			rc = -ETIMEDOUT;
			break;
		}
		wait_ms_at_most(&p->idle_cv, &p->lock, left);
	}
	if (p->failing)
		rc = p->fail_rc ? p->fail_rc : -EIO;
	pthread_mutex_unlock(&p->lock);
	return rc;
}

static void record_latency(securer_pool *p, int64_t us)
{
	p->lat[p->n_lat++ % LATENCIES] = us;
}

/* With the lock held: an idle session, alive, or NULL. */
static securer_session *take_idle(securer_pool *p)
{
	while (p->n_idle) {
		securer_session *s = p->idle[--p->n_idle];

		if (alive(s))
			return s;
		/* died while idle: replaced in the background */
		p->st.restarts++;
		p->st.found_dead++;
		p->retire[p->n_retire++] = s;
		pthread_cond_signal(&p->work_cv);
	}
	return NULL;
}

int securer_pool_acquire(securer_pool *p, int64_t timeout_ms,
                         securer_session **out)
{
	int64_t t0 = now_us(), deadline = securer_monotonic_ms() + timeout_ms;
	securer_session *s;
	bool waited = false;
	int rc = 0;

	*out = NULL;
	pthread_mutex_lock(&p->lock);
	while (!(s = take_idle(p))) {
		int64_t left = deadline - securer_monotonic_ms();

		if (p->closing) {
			rc = -ESHUTDOWN;
			break;
		}
		if (p->failing) {
			rc = p->fail_rc ? p->fail_rc : -EIO;
			break;
		}
		if (left <= 0) {
			rc = -ETIMEDOUT;
			p->st.timeouts++;
			snprintf(
			    p->err, sizeof(p->err),
			    "no session became idle within %lld ms (%zu busy)",
			    (long long)timeout_ms, p->busy);
			break;
		}
		waited = true;
		wait_ms_at_most(&p->idle_cv, &p->lock, left);
	}
	if (s) {
		p->busy++;
		p->st.acquires++;
		p->st.waits += waited;
		record_latency(p, now_us() - t0);
		/* a restart between now and the release is a failure */
		s->pool_restarts = s->restarts;
		*out = s;
	}
	pthread_mutex_unlock(&p->lock);
	return rc;
}

void securer_pool_release(securer_pool *p, securer_session *s)
{
	bool failed, worn;

	if (!s)
		return;
	failed = s->restarts != s->pool_restarts || !alive(s);
	worn = p->opts.max_executes > 0 && s->executes >= p->opts.max_executes;
	pthread_mutex_lock(&p->lock);
	p->busy--;
	if (failed || worn || p->closing) {
		p->st.restarts += !p->closing;
		p->st.recycled_failed += failed && !p->closing;
		p->retire[p->n_retire++] = s;
		pthread_cond_signal(&p->work_cv);
	} else {
		p->idle[p->n_idle++] = s;
		pthread_cond_signal(&p->idle_cv);
	}
	pthread_cond_broadcast(&p->done_cv);
	pthread_mutex_unlock(&p->lock);
}

int securer_pool_execute(securer_pool *p, const char *code,
                         const securer_execute_opts *opts,
                         int64_t acquire_timeout_ms, securer_result **result)
{
	securer_session *s;
	int rc = securer_pool_acquire(p, acquire_timeout_ms, &s);

	*result = NULL;
	if (rc < 0)
		return rc;
	rc = securer_session_execute(s, code, opts, result);
	securer_pool_release(p, s);
	return rc;
}

static int cmp64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

void securer_pool_get_stats(securer_pool *p, securer_pool_stats *out)
{
	size_t n;
	int64_t *copy;

	pthread_mutex_lock(&p->lock);
	*out = p->st;
	out->idle = p->n_idle;
	out->busy = p->busy;
	out->starting = p->starting + p->n_retire;
	n = p->n_lat < LATENCIES ? p->n_lat : LATENCIES;
	copy = n ? malloc(n * sizeof(*copy)) : NULL;
	if (copy)
		memcpy(copy, p->lat, n * sizeof(*copy));
	pthread_mutex_unlock(&p->lock);
	if (!copy)
		return;
	qsort(copy, n, sizeof(*copy), cmp64);
	out->acquire_p50_us = copy[(n - 1) * 50 / 100];
	out->acquire_p90_us = copy[(n - 1) * 90 / 100];
	out->acquire_p99_us = copy[(n - 1) * 99 / 100];
	out->acquire_max_us = copy[n - 1];
	free(copy);
}

void securer_pool_free(securer_pool *p)
{
	if (!p)
		return;
	pthread_mutex_lock(&p->lock);
	p->closing = true;
	pthread_cond_broadcast(&p->work_cv);
	pthread_cond_broadcast(&p->idle_cv);
	/* sessions still out come back first: they are freed with the rest */
	while (p->busy)
		pthread_cond_wait(&p->done_cv, &p->lock);
	pthread_mutex_unlock(&p->lock);
	for (int i = 0; i < p->n_starters; i++)
		pthread_join(p->starters[i], NULL);
	/* the starters are gone: what is left is ours alone */
	for (size_t i = 0; i < p->n_idle; i++)
		securer_session_free(p->idle[i]);
	for (size_t i = 0; i < p->n_retire; i++)
		securer_session_free(p->retire[i]);
	pthread_mutex_destroy(&p->lock);
	pthread_cond_destroy(&p->idle_cv);
	pthread_cond_destroy(&p->work_cv);
	pthread_cond_destroy(&p->done_cv);
	securer_policy_free(p->policy);
	securer_tools_free(p->tools);
	free(p->idle);
	free(p->retire);
	free(p->lat);
	free(p->audit_log);
	free(p);
}
