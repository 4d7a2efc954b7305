/*
 * judge.h - from a finished run to the oracles that fired, with evidence.
 */
#ifndef SECURER_CONFORM_JUDGE_H
#define SECURER_CONFORM_JUDGE_H

#include "canary.h"
#include "case.h"
#include "corpus.h"
#include "listener.h"

/* Thresholds, each looser than the sandbox's limit and tighter than what
 * the bounded attack reaches unconfined. */
#define PROCS_THRESHOLD 512 /* limit 256, bomb 1000 */
#define MEMORY_THRESHOLD_KB                                                    \
	(1536LL * 1024)                 /* limit 1 GiB, control guard 3 GiB */
#define MEMORY_FLOOR_KB (1024LL * 1024) /* host MemAvailable floor */
#define GRACE_MS        2000            /* past the attack's timeout */

struct judge_ctx {
	const struct canaries *canaries;
	struct listener *listener;
	const char *marker;   /* host marker path of this case */
	const char *case_dir; /* unique per case: finds escaped processes */
};

/* The oracle bits that fired; |evidence| says what was seen. */
unsigned judge(const struct judge_ctx *ctx, const struct attack *a,
               const struct case_out *o, bool sampled, char *evidence,
               size_t size);

#endif
