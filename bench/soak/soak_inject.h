/*
 * soak_inject.h - the soak's self-tests: leaks put in the soak program on
 * purpose (SOAK_INJECT_LEAK), to show that the verdict trips on the
 * growth it is meant to catch.  What was leaked is given back only after
 * the last sample has been judged, so the process ends clean.
 */
#ifndef SECURER_SOAK_INJECT_H
#define SECURER_SOAK_INJECT_H

#include <pthread.h>
#include <stddef.h>
#include <sys/types.h>

#include "soak.h"

/* Leaked processes stop here, whatever the rate: harmless on a shared
 * machine (each is a sleeping copy-on-write fork of the soak). */
#define SOAK_INJECT_MAX_PROCS 256

struct soak_inject {
	enum soak_leak kind;
	long every;
	pthread_mutex_t lock;
	long ticks;
	int *fds;
	void **blocks;
	pid_t *pids;
	size_t n, cap;
};

/* The default rate of a leak: 1 KiB per execute; a descriptor per 10
 * executes (one per execute would reach the usual limit of 1024 within a
 * minute, and the run would fail for that instead); a process per 20
 * (a fork per execute would reach the cap in seconds). */
long soak_inject_default_every(enum soak_leak kind);

void soak_inject_init(struct soak_inject *in, enum soak_leak kind, long every);
/* One execute done: leaks once every |every| calls.  Thread-safe. */
void soak_inject_tick(struct soak_inject *in);
/* How many things were leaked so far. */
size_t soak_inject_count(struct soak_inject *in);
/* Closes, frees, kills and reaps what was leaked. */
void soak_inject_release(struct soak_inject *in);

#endif
