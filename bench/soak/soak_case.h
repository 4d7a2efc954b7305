/*
 * soak_case.h - the executes of the soak: what code each kind runs and
 * what its result must be.
 *
 * Every execute carries a nonce (unique in the run: the thread, its count
 * of executes and random bits) that its code echoes in its value, its
 * output, its error message and the arguments of its tool calls.  A
 * result delivered to the wrong caller, or output left over from an
 * earlier execute, then fails the check.
 */
#ifndef SECURER_SOAK_CASE_H
#define SECURER_SOAK_CASE_H

#include <stdint.h>

#include <securer.h>

#define SOAK_NONCE_MAX   40
#define SOAK_CODE_MAX    1024
#define SOAK_TEXT_MAX    128
#define SOAK_PROBLEM_MAX 256

/* Every output checked that small is exact; a flood is checked by its
 * shape: the nonce line, then filler up to exactly the cap. */
#define SOAK_FLOOD_CAP   65536
#define SOAK_FLOOD_BYTES 200000
/* Short deadlines so that a run does many timeouts. */
#define SOAK_TIMEOUT_MS 300
#define SOAK_TOOL_LIMIT 3

enum soak_out { SOAK_OUT_EXACT = 0, SOAK_OUT_FLOOD };

/* What one execute's result must be. */
struct soak_expect {
	char nonce[SOAK_NONCE_MAX];
	const char *name; /* the case's name */
	securer_error_kind kind;
	int state_lost;
	int64_t tool_calls;        /* as the result counts them */
	int64_t tool_runs;         /* calls that must reach the C callbacks */
	char value[SOAK_TEXT_MAX]; /* the value's JSON text, exactly */
	char message_has[SOAK_TEXT_MAX];   /* in the error message; "": any */
	char traceback_has[SOAK_TEXT_MAX]; /* in the traceback; "": any */
	enum soak_out out_mode, err_mode;
	char out[SOAK_TEXT_MAX]; /* stdout, exactly; or a flood's first line */
	char err[SOAK_TEXT_MAX];
	int64_t min_duration_ms;
	/* Kept by the tool callbacks while the execute runs. */
	int64_t tool_seen;
	char tool_problem[SOAK_PROBLEM_MAX];
};

struct soak_exec {
	char code[SOAK_CODE_MAX];
	securer_execute_opts opts;
	struct soak_expect want;
	int case_index;
};

/* The number of kinds of execute, and the name of one. */
int soak_case_count(void);
const char *soak_case_name(int index);

/* The kind named |name|, or -1. */
int soak_case_find(const char *name);

/* Picks a kind among those of |mask| (bit i: kind i) with |rng|, by the
 * weights of the table in soak_case.c, and fills |x| with its code and
 * expectation for the nonce |nonce|.  |mask| must hold a kind. */
void soak_case_make(struct soak_exec *x, const char *nonce, uint32_t mask,
                    uint64_t *rng);

/* 0 when |res| is what |want| says; otherwise -1 and what is wrong in
 * |why|. */
int soak_case_check(const struct soak_expect *want, const securer_result *res,
                    char *why, size_t why_size);

/* splitmix64: a small, good, seedable generator; one state per thread. */
static inline uint64_t soak_rand(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

#endif
