/*
 * securer_pool.h - warm sessions shared by threads (public API, version 0;
 * docs/pool.md).  Included by securer.h, which declares the sessions a
 * pool holds; either header may be included first.
 */
#ifndef SECURER_POOL_H
#define SECURER_POOL_H

#include "securer.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct securer_pool securer_pool;

typedef struct securer_pool_opts {
	size_t size; /* sessions kept started; default 2 */
	/* A session is recycled (freed, and a fresh one started in the
	 * background) after this many executes; 0: never.  Default 100.
	 * It is always recycled after a failure that restarted its
	 * runtime (timeout, crash, limit), and when found dead. */
	int64_t max_executes;
	securer_backend backend; /* default AUTO */
	const char *audit_log;   /* shared by every session; NULL: none;
	                            copied by securer_pool_new */
} securer_pool_opts;

void securer_pool_opts_init(securer_pool_opts *opts);

/* Copies |policy| (NULL: the defaults), |tools| (may be NULL) and |opts|
 * (its audit_log string included), and starts |opts->size| sessions in the
 * background.  Tool callbacks may then run on several threads at once.
 * NULL with errno set: EINVAL for a size of 0 or over 1024 or an unknown
 * runtime, ENOMEM, or EAGAIN when no thread could be started. */
securer_pool *securer_pool_new(const securer_policy *policy,
                               securer_runtime runtime,
                               const securer_tools *tools,
                               const securer_pool_opts *opts);

/* Waits until every session is started.  0; -ETIMEDOUT; or the error of
 * a session that could not start (securer_pool_error says why). */
int securer_pool_wait_ready(securer_pool *pool, int64_t timeout_ms);

/* A warm session for the caller alone, until securer_pool_release.
 * Thread-safe.  0 and *session; -ETIMEDOUT when none became idle in time;
 * -ESHUTDOWN when securer_pool_free began meanwhile (another thread's
 * call: the pool must not be used once securer_pool_free returned); or, at
 * once, the error of the last start when no session can be started (the
 * pool fails closed: securer_pool_error says why). */
int securer_pool_acquire(securer_pool *pool, int64_t timeout_ms,
                         securer_session **session);
/* Gives the session back: idle again, or recycled (see opts). */
void securer_pool_release(securer_pool *pool, securer_session *session);

/* acquire, securer_session_execute, release. */
int securer_pool_execute(securer_pool *pool, const char *code,
                         const securer_execute_opts *opts,
                         int64_t acquire_timeout_ms, securer_result **result);

typedef struct securer_pool_stats {
	size_t size, idle, busy, starting;
	uint64_t acquires;        /* successful */
	uint64_t waits;           /* acquires that found no idle session */
	uint64_t timeouts;        /* acquires that gave up */
	uint64_t restarts;        /* sessions recycled or replaced */
	uint64_t recycled_failed; /* of which after a failure */
	uint64_t found_dead;      /* of which found dead while idle */
	uint64_t start_failures;
	/* acquire latency over the last 4096 acquires, microseconds */
	int64_t acquire_p50_us, acquire_p90_us, acquire_p99_us, acquire_max_us;
} securer_pool_stats;

void securer_pool_get_stats(securer_pool *pool, securer_pool_stats *stats);
/* Why the last failing start or acquire of |pool| failed.  Thread-safe,
 * unlike the other *_error calls: it returns the calling thread's own copy,
 * valid until that thread calls securer_pool_error again. */
const char *securer_pool_error(const securer_pool *pool);

/* Waits for every acquired session to be released, then stops them all. */
void securer_pool_free(securer_pool *pool);

#ifdef __cplusplus
}
#endif

#endif /* SECURER_POOL_H */
