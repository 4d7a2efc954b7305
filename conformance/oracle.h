/*
 * oracle.h - judging an attack by its effects, seen from outside the
 * sandbox.  The attack's own exit status or error text is never evidence.
 *
 *   tokens    a planted token in the run's output: plain, reversed, hex,
 *             base64 at any alignment, or spread over whitespace
 *   sampler   a thread counting the worker's live descendants (processes,
 *             threads, zombies, resident memory; capabilities when asked)
 *             and watching the host's available memory during a run
 *   sweep     processes of the run still alive after it ended
 *
 * A worker runs one case at a time and is a child subreaper, so its
 * descendants are exactly the case's processes (orphans come back to it),
 * minus the fixtures' own processes, which are excluded by pid.
 */
#ifndef SECURER_CONFORM_ORACLE_H
#define SECURER_CONFORM_ORACLE_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "canary.h"

/* Number of distinct tokens found; |ev| names them and how. */
int oracle_tokens(const struct tokens *tk, const char *out, size_t len,
                  char *ev, size_t size);

#define MAX_EXCLUDED 8

struct sampler {
	pthread_t thread;
	atomic_bool stop;
	atomic_int peak_procs;
	atomic_int peak_threads;
	atomic_int peak_zombies;
	atomic_llong peak_rss_kb;     /* the sum over the run's processes */
	atomic_bool low_memory;       /* MemAvailable under floor_kb */
	atomic_int kill_on_low;       /* a pid the sampler kills then */
	/* host-wide gauges, sampled when |gauges| (exclusive cases) */
	bool gauges;
	char fs_path[700];
	atomic_llong peak_files;      /* /proc/sys/fs/file-nr */
	atomic_llong min_free_bytes;  /* of fs_path's filesystem */
	atomic_llong min_free_inodes;
	bool want_caps;
	char caps[160];               /* the first process seen with caps */
	pthread_mutex_t lock;
	long long floor_kb;
	pid_t excluded[MAX_EXCLUDED]; /* fixtures: their trees do not count */
	int n_excluded;
};

/* Starts sampling every 20 ms; with |fs_path|, the host-wide gauges too. */
int sampler_start(struct sampler *s, long long floor_kb, bool want_caps,
                  const pid_t *excluded, int n_excluded, const char *fs_path);
void sampler_stop(struct sampler *s);

/* Kills, by pid, every live descendant of this process outside the
 * excluded trees, and every process whose command line contains |needle|;
 * returns how many there were, with their command lines in |ev|. */
int oracle_sweep(const char *needle, const pid_t *excluded, int n_excluded,
                 char *ev, size_t size);

/* Reaps this process's children that have ended, but for the excluded
 * ones (fixtures, waited for by their owners): what the sweep killed, and
 * orphans handed to the worker as their subreaper, would otherwise pile up
 * as zombies and be counted against the next run.  Waits up to |ms| for
 * the killed ones to be gone.  Call only between runs: a run's own
 * processes are the library's to wait for. */
void oracle_reap(const pid_t *excluded, int n_excluded, int ms);

/* Host-wide gauges, for exclusive cases. */
long long oracle_mem_available_kb(void);
long long oracle_open_files(void);                /* /proc/sys/fs/file-nr */
int oracle_fs_free(const char *path, long long *bytes, long long *inodes);

#endif
