/*
 * soak.h - the fault soak: a pool of Python sessions driven by several
 * threads for minutes with a random mix of executes that succeed, time
 * out, crash the runtime, raise, flood their output, call tools and fail
 * them; every result checked, the host's processes, descriptors, threads
 * and memory sampled, and growth judged (docs/bench.md, "Fault soak").
 *
 * Built over the public API (securer.h) only.  soak_run() takes its
 * options as a struct and parses nothing; soak_main.c reads them from the
 * environment for `make soak`.
 */
#ifndef SECURER_SOAK_H
#define SECURER_SOAK_H

#include <stdint.h>
#include <stdio.h>

#include <securer.h>

#define SOAK_MAX_CLIENTS 64

/* soak_run()'s verdicts, also the program's exit statuses. */
enum soak_status {
	SOAK_PASS = 0,   /* every result right, nothing grew */
	SOAK_FAIL = 1,   /* a wrong or lost result, or growth */
	SOAK_CANNOT = 2, /* could not run (no Python, no backend...) */
};

/* Self-tests: a deliberate leak in the soak program itself, to show the
 * verdict trips on the growth it is meant to catch. */
enum soak_leak {
	SOAK_LEAK_NONE = 0,
	SOAK_LEAK_FD,   /* an open descriptor of /dev/null, never closed */
	SOAK_LEAK_MEM,  /* 1 KiB allocated and touched, never freed */
	SOAK_LEAK_PROC, /* a forked child that waits, never reaped */
};

/* "none", "fd", "mem", "proc" */
const char *soak_leak_name(enum soak_leak leak);

struct soak_opts {
	double seconds; /* how long the executes run */
	uint64_t seed;  /* of the random mix; printed for a replay */
	int threads;    /* client threads, 1 to SOAK_MAX_CLIENTS */
	int pool_size;  /* sessions in the pool */
	securer_backend backend;
	double sample_seconds; /* between two samples; 0: seconds / 60,
	                          within [0.5, 10] */
	const char *json_path; /* the samples and the verdict; NULL: none */
	uint32_t cases;        /* the kinds of execute in the mix, bit i for
	                          kind i of soak_case.c; 0: all */
	enum soak_leak inject_leak;
	long inject_every; /* leak once per this many executes */
	int inject_mixup;  /* swap two results' expectations once */
	FILE *out;         /* progress, table, verdict */
};

/* Fills |opts| with the defaults: 600 s, 4 threads, a pool of 4, backend
 * bwrap (the reference), a seed from the clock, no injection, output on
 * stdout. */
void soak_opts_init(struct soak_opts *opts);

/* Runs the soak and returns its verdict (enum soak_status). */
int soak_run(const struct soak_opts *opts);

#endif
