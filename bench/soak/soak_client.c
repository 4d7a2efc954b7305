/*
 * soak_client.c - one client thread of the soak: acquire, execute and
 * release through the pool, then check the result, until told to stop.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "soak_case.h"
#include "soak_state.h"
#include "soak_tools.h"

/* The mix-up self-test swaps the expectations of this client-0 execute
 * and the next. */
#define SOAK_MIXUP_AT 5

void soak_state_fail(struct soak_state *st, const char *what)
{
	pthread_mutex_lock(&st->lock);
	if (st->failures < SOAK_KEPT_FAILURES)
		snprintf(st->failure[st->failures], SOAK_FAILURE_MAX, "%s",
		         what);
	st->failures++;
	pthread_mutex_unlock(&st->lock);
	fprintf(st->opts->out, "FAIL %s\n", what);
	fflush(st->opts->out);
}

static void fail_exec(struct soak_client *c, const struct soak_exec *x,
                      const char *why)
{
	char what[SOAK_FAILURE_MAX];

	snprintf(what, sizeof(what),
	         "client %d, execute %s (%s, seed %" PRIu64 "): %s", c->index,
	         x->want.nonce, x->want.name, c->st->opts->seed, why);
	soak_state_fail(c->st, what);
}

/* One execute: its kind drawn, its nonce "c<client>e<count>r<random>"
 * unique in the run.  The result, or NULL after a failure recorded. */
static securer_result *run_one(struct soak_client *c, struct soak_exec *x)
{
	struct soak_state *st = c->st;
	securer_result *res = NULL;
	char nonce[SOAK_NONCE_MAX], why[SOAK_PROBLEM_MAX];
	int rc;

	snprintf(nonce, sizeof(nonce), "c%de%" PRIu64 "r%08" PRIx32, c->index,
	         c->count++, (uint32_t)soak_rand(&c->rng));
	soak_case_make(x, nonce, st->opts->cases ? st->opts->cases : ~0U,
	               &c->rng);
	soak_tools_enter(&x->want);
	atomic_store(&c->busy_count, c->count - 1);
	atomic_store(&c->busy_since, (long long)securer_monotonic_ms());
	rc = securer_pool_execute(st->pool, x->code, &x->opts,
	                          SOAK_ACQUIRE_TIMEOUT_MS, &res);
	atomic_store(&c->busy_since, 0);
	soak_tools_enter(NULL);
	atomic_fetch_add(&st->executes, 1);
	atomic_fetch_add(&st->by_case[x->case_index], 1);
	soak_inject_tick(&st->inject);
	if (rc < 0 || !res) {
		snprintf(why, sizeof(why), "lost: securer_pool_execute: %s: %s",
		         strerror(rc < 0 ? -rc : EIO),
		         securer_pool_error(st->pool));
		fail_exec(c, x, why);
		securer_result_free(res);
		return NULL;
	}
	return res;
}

static void check_one(struct soak_client *c, const struct soak_exec *x,
                      const struct soak_expect *want, securer_result *res)
{
	char why[SOAK_FAILURE_MAX - 128];

	if (res && soak_case_check(want, res, why, sizeof(why)) < 0)
		fail_exec(c, x, why);
	securer_result_free(res);
}

/* The self-test of the checks: two executes whose results are each
 * checked against the other's expectation, as if the pool had handed
 * them to the wrong callers.  Both must fail. */
static void run_swapped_pair(struct soak_client *c)
{
	struct soak_exec a, b;
	securer_result *ra = run_one(c, &a);
	securer_result *rb = run_one(c, &b);

	fprintf(c->st->opts->out,
	        "self-test: checking %s against %s's expectation and back\n",
	        a.want.nonce, b.want.nonce);
	check_one(c, &a, &b.want, ra);
	check_one(c, &b, &a.want, rb);
}

void *soak_client_main(void *arg)
{
	struct soak_client *c = arg;
	struct soak_state *st = c->st;

	while (!atomic_load(&st->stop)) {
		struct soak_exec x;
		securer_result *res;

		if (st->opts->inject_mixup && c->index == 0 &&
		    c->count == SOAK_MIXUP_AT) {
			run_swapped_pair(c);
			continue;
		}
		res = run_one(c, &x);
		check_one(c, &x, &x.want, res);
	}
	return NULL;
}
