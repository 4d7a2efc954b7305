/*
 * soak_state.h - what the soak's client threads share with its main
 * thread (soak.c runs the soak, soak_client.c is one client thread).
 */
#ifndef SECURER_SOAK_STATE_H
#define SECURER_SOAK_STATE_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>

#include <securer.h>

#include "soak.h"
#include "soak_inject.h"
#include "soak_report.h"

/* How long a client waits for a session: far past any restart, so a
 * timeout means a session was lost. */
#define SOAK_ACQUIRE_TIMEOUT_MS 60000
/* An execute still running after this long is stuck: the longest one
 * the mix has is the policy's 30 s deadline, plus a restart. */
#ifndef SOAK_STUCK_MS
#define SOAK_STUCK_MS 90000
#endif

struct soak_state {
	const struct soak_opts *opts;
	securer_pool *pool;
	atomic_bool stop;
	atomic_uint_fast64_t executes; /* done, right or wrong */
	atomic_uint_fast64_t by_case[SOAK_MAX_CASES];
	struct soak_inject inject;

	pthread_mutex_t lock; /* guards what follows */
	uint64_t failures;
	char failure[SOAK_KEPT_FAILURES][SOAK_FAILURE_MAX];
};

struct soak_client {
	struct soak_state *st;
	int index;
	uint64_t rng;
	uint64_t count; /* executes this client began */
	pthread_t thread;
	/* For the main thread's watch: when the running execute began
	 * (securer_monotonic_ms; 0: none running), and its count. */
	atomic_llong busy_since;
	atomic_uint_fast64_t busy_count;
	int reported_stuck; /* main thread only */
};

/* The body of a client thread: executes until st->stop. */
void *soak_client_main(void *client);

/* Records a wrong or lost result (printed at once, kept for the report). */
void soak_state_fail(struct soak_state *st, const char *what);

#endif
