/*
 * oracle_env.h - the case the oracle tests judge (test_conform_oracle.c,
 * test_conform_variants.c, test_conform_git.c): fresh tokens (and one for
 * an environment secret), canaries planted in a temporary case directory,
 * the case's listeners, an attack with a 1 s timeout, an output buffer and
 * a surface probe's nonce; and the judge over them.
 */
#ifndef SECURER_TEST_ORACLE_ENV_H
#define SECURER_TEST_ORACLE_ENV_H

#include <stdint.h>

#include "case.h"
#include "fixtures.h"
#include "judge.h"

struct oracle_env {
	char *dir;
	struct tokens tk;
	struct canaries c;
	struct listener l;
	struct attack a;
	struct case_out o;
	char probe[40];
};

/* Plants and starts everything, or NULL (the reason on stderr). */
struct oracle_env *oracle_env_new(void);
void oracle_env_free(struct oracle_env *e);

/* A test group's setup and teardown: the case of its tests in
 * |oracle_env| (which they may call E). */
extern struct oracle_env *oracle_env;
int oracle_env_group_setup(void **state);
int oracle_env_group_teardown(void **state);

/* |text| as the run's output. */
void oracle_env_output(struct oracle_env *e, const char *text);

/* The oracles that fire now, over a fresh evidence buffer. */
uint64_t oracle_env_fired(struct oracle_env *e);

/* Back to a run that did nothing: a dull output, no peaks, the canaries
 * and the listeners reset; asserts that no oracle fires. */
void oracle_env_quiet(struct oracle_env *e);

/* What the fixtures |f| saw after a run. */
uint64_t oracle_env_fixtures_after(struct fixtures *f);

#define BIT(o) ORACLE_BIT(ORACLE_##o)

#endif
