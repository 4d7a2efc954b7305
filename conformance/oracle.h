/*
 * oracle.h - judging an attack by its effects, seen from outside the sandbox.
 * The attack's own exit code or error text is never evidence.
 *
 *   tokens    a planted token in the run's output: plain, reversed, hex,
 *             base64 at any alignment, or spread over lines/whitespace
 *   sampler   a thread counting the runner's live descendants (peak) and
 *             watching the host's MemAvailable during a case
 *   leftovers processes of the case still alive after it ended
 */
#ifndef SECURER_CONFORM_ORACLE_H
#define SECURER_CONFORM_ORACLE_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "canary.h"

/* Number of distinct tokens found; |evidence| names them and how. */
int oracle_tokens(const struct canaries *c, const char *out, size_t len,
                  char *evidence, size_t size);

struct sampler {
	pthread_t thread;
	atomic_bool stop;
	atomic_int peak;        /* most live descendants seen at once */
	atomic_bool low_memory; /* MemAvailable fell under the floor */
	long long floor_kb;
};

/* Starts sampling every 20 ms.  |floor_kb|: MemAvailable under which the
 * case is reported as a host health failure. */
int sampler_start(struct sampler *s, long long floor_kb);
void sampler_stop(struct sampler *s);

/* Live (non-zombie) descendants of this process right now. */
int oracle_descendants(void);

/* Kills, by pid, every live descendant of this process and every process
 * whose command line contains |needle|; returns how many there were, with
 * their command lines in |evidence|. */
int oracle_sweep(const char *needle, char *evidence, size_t size);

#endif
