/*
 * pool_bench.c - one point of the pool sweep.
 */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pool_bench.h"

struct run {
	securer_pool *pool;
	const char *code;
	double until;
	atomic_long ops;
	atomic_int failed;
	pthread_mutex_t lock;
	struct samples acquire;
};

static void *client(void *arg)
{
	struct run *r = arg;
	struct samples mine;

	samples_init(&mine);
	while (now_us() < r->until) {
		securer_session *s;
		securer_result *res = NULL;
		double t0 = now_us();

		if (securer_pool_acquire(r->pool, 30000, &s) < 0) {
			atomic_store(&r->failed, 1);
			break;
		}
		samples_add(&mine, now_us() - t0);
		if (securer_session_execute(s, r->code, NULL, &res) < 0 ||
		    securer_result_error(res) != SECURER_ERROR_NONE)
			atomic_store(&r->failed, 1);
		securer_result_free(res);
		securer_pool_release(r->pool, s);
		atomic_fetch_add(&r->ops, 1);
	}
	pthread_mutex_lock(&r->lock);
	for (size_t i = 0; i < mine.n; i++)
		samples_add(&r->acquire, mine.v[i]);
	pthread_mutex_unlock(&r->lock);
	samples_release(&mine);
	return NULL;
}

int bench_pool_point(securer_backend backend, securer_runtime rt,
                     const char *code, int size, int threads, double seconds,
                     struct pool_point *out, char *err, size_t size_err)
{
	securer_pool_opts o;
	securer_pool_stats st;
	pthread_t t[64];
	struct run r = {.code = code};
	double t0;
	int n = 0;

	securer_pool_opts_init(&o);
	o.size = (size_t)size;
	o.backend = backend;
	o.max_executes = 0; /* recycling is not what is measured here */
	r.pool = securer_pool_new(NULL, rt, NULL, &o);
	if (!r.pool || securer_pool_wait_ready(r.pool, 60000) < 0) {
		snprintf(err, size_err, "%s",
		         r.pool ? securer_pool_error(r.pool) : "out of memory");
		securer_pool_free(r.pool);
		return -EIO;
	}
	pthread_mutex_init(&r.lock, NULL);
	samples_init(&r.acquire);
	t0 = now_us();
	r.until = t0 + seconds * 1e6;
	for (; n < threads && n < 64; n++)
		if (pthread_create(&t[n], NULL, client, &r) != 0)
			break;
	for (int i = 0; i < n; i++)
		pthread_join(t[i], NULL);
	securer_pool_get_stats(r.pool, &st);
	memset(out, 0, sizeof(*out));
	out->size = size;
	out->threads = threads;
	out->ops_per_s = (double)atomic_load(&r.ops) / ((now_us() - t0) / 1e6);
	out->acquire = samples_summary(&r.acquire);
	out->waits = st.waits;
	out->acquires = st.acquires;
	samples_release(&r.acquire);
	pthread_mutex_destroy(&r.lock);
	securer_pool_free(r.pool);
	if (atomic_load(&r.failed)) {
		snprintf(err, size_err, "an acquire or execute failed");
		return -EIO;
	}
	return 0;
}
