/*
 * oracle_env.c - the case the oracle tests judge (oracle_env.h).
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "oracle_env.h"
#include "common.h"

struct oracle_env *oracle_env_new(void)
{
	struct oracle_env *e = calloc(1, sizeof(*e));
	char err[512], case_dir[700];

	if (!e)
		return NULL;
	e->dir = test_mkdtemp();
	snprintf(case_dir, sizeof(case_dir), "%s/case", e->dir);
	snprintf(e->probe, sizeof(e->probe), "probe123456789");
	if (tokens_make(&e->tk) < 0 ||
	    !tokens_add(&e->tk, "env OPENAI_API_KEY") ||
	    canary_plant(&e->c, case_dir, &e->tk, err, sizeof(err)) < 0 ||
	    listener_start(&e->l, case_dir, false, err, sizeof(err)) < 0) {
		fprintf(stderr, "setup: %s\n", err);
		return NULL;
	}
	listener_reset(&e->l, "");
	e->a.timeout_ms = 1000;
	e->o.out = calloc(1, CASE_OUTPUT_MAX + 1);
	return e->o.out ? e : NULL;
}

void oracle_env_free(struct oracle_env *e)
{
	if (!e)
		return;
	listener_stop(&e->l);
	test_rmtree(e->dir);
	free(e->dir);
	free(e->o.out);
	free(e);
}

struct oracle_env *oracle_env;

int oracle_env_group_setup(void **state)
{
	(void)state;
	oracle_env = oracle_env_new();
	return oracle_env ? 0 : -1;
}

int oracle_env_group_teardown(void **state)
{
	(void)state;
	oracle_env_free(oracle_env);
	oracle_env = NULL;
	return 0;
}

void oracle_env_output(struct oracle_env *e, const char *text)
{
	snprintf(e->o.out, CASE_OUTPUT_MAX, "%s", text);
	e->o.out_len = strlen(e->o.out);
}

uint64_t oracle_env_fired(struct oracle_env *e)
{
	struct judge_in in = {&e->a,
	                      &e->tk,
	                      &e->c,
	                      &e->l,
	                      &e->o,
	                      e->probe,
	                      e->a.timeout_ms + GRACE_MS,
	                      NULL,
	                      0};
	char ev[2048];
	size_t used = 0;

	return judge(&in, ev, sizeof(ev), &used);
}

void oracle_env_quiet(struct oracle_env *e)
{
	char err[512];

	oracle_env_output(e, "nothing to see\n");
	memset(&e->o.peak_procs, 0,
	       sizeof(e->o) - offsetof(struct case_out, peak_procs));
	e->o.elapsed_ms = 0;
	assert_int_equal(canary_reset(&e->c, &e->tk, err, sizeof(err)), 0);
	listener_reset(&e->l, "");
	assert_true(oracle_env_fired(e) == 0);
}

uint64_t oracle_env_fixtures_after(struct fixtures *f)
{
	char ev[1024];
	size_t used = 0;

	return fixtures_after(f, ev, sizeof(ev), &used);
}
