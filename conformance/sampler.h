/*
 * sampler.h - a thread counting a run's live processes every 20 ms:
 * processes, threads, zombies, the memory they hold together (with the
 * largest holders at the peak), capabilities when asked, and the host's
 * available memory; host-wide gauges (open files, free disk and inodes)
 * for exclusive cases.
 *
 * A run's processes are the worker's descendants born after the sampler
 * started, outside the excluded trees (the fixtures').  A worker runs one
 * case at a time and is a child subreaper, so orphans come back to it;
 * the birth time keeps a previous run's process, still dying, out of this
 * run's figures.
 */
#ifndef SECURER_CONFORM_SAMPLER_H
#define SECURER_CONFORM_SAMPLER_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <sys/types.h>

#include "oracle.h" /* MAX_EXCLUDED */
#include "securer.h"

/* What the sampler itself can see crossing its oracle's threshold: the
 * run is then stopped at once (kill_on_low), its effect established. */
enum sampler_stop_on {
	SAMPLER_STOP_NONE,
	SAMPLER_STOP_PROCS,
	SAMPLER_STOP_THREADS,
	SAMPLER_STOP_ZOMBIES,
	SAMPLER_STOP_MEMORY,
	SAMPLER_STOP_FILES,
	SAMPLER_STOP_DISK,
	SAMPLER_STOP_INODES,
	SAMPLER_STOP_SHMEM,
};

/* Each threshold is crossed when the figure the oracle judges is over it
 * (the gauges: their growth since the start); 0: not watched. */
struct sampler_stop {
	int procs, threads, zombies;
	long long memory_kb, files, disk_bytes, inodes, shmem_kb;
};

struct sampler {
	pthread_t thread;
	atomic_bool stop;
	unsigned long long born_after; /* clock ticks: the run's processes */
	long long started_s;           /* wall-clock seconds: its segments */
	atomic_int peak_procs;
	atomic_int peak_threads;
	atomic_int peak_zombies;
	atomic_llong peak_rss_kb;  /* memory the run's processes held together:
	                            * the resident sum (an upper bound), or
	                            * past exact_above_kb the proportional
	                            * one (shared pages once); once that is
	                            * over exact_above_kb it stays: "at least" */
	char peak_rss_detail[240]; /* the largest ones then (lock) */
	atomic_int peak_older;     /* live descendants from before the run */
	atomic_bool low_memory;    /* MemAvailable under floor_kb */
	atomic_int kill_on_low;    /* a pid the sampler kills then */
	atomic_int kill_on_stop;   /* and when a stop threshold is crossed
	                            * (0: the caller stops the run itself) */
	_Atomic(securer_session *)
	    interrupt_on_stop;       /* or this session's
	                              * execute is interrupted (its whole
	                              * sandbox killed) */
	struct sampler_stop stop_at; /* the thresholds to stop the run at */
	atomic_int stopped;          /* the first crossed: SAMPLER_STOP_* */
	unsigned char *seen;         /* a bit per pid: the run's processes
	                              * ever sampled */
	/* host-wide gauges, sampled when |gauges| (exclusive cases) */
	bool gauges;
	char fs_path[700];
	atomic_llong peak_files;     /* /proc/sys/fs/file-nr */
	atomic_llong peak_shmem_kb;  /* Shmem of /proc/meminfo: memfds, tmpfs,
	                              * SysV segments, mapped by nobody or not */
	atomic_llong min_free_bytes; /* of fs_path's filesystem */
	atomic_llong min_free_inodes;
	/* The gauges as the run found them (sampler_start's first sample):
	 * the one baseline of the stop thresholds and of the oracles. */
	long long files0, bytes0, inodes0, shmem0_kb;
	bool want_caps;
	char caps[160]; /* the first process seen with caps */
	pthread_mutex_t lock;
	long long floor_kb;
	long long exact_above_kb;
	pid_t excluded[MAX_EXCLUDED]; /* fixtures: their trees do not count */
	int n_excluded;
	int tick_ms;
};

struct sampler_opts {
	long long floor_kb; /* MemAvailable under it: low_memory (0: never) */
	long long exact_above_kb; /* a resident sum past it is measured again
	                           * as proportional sets (0: always) */
	bool want_caps;
	const pid_t *excluded; /* the fixtures' trees */
	int n_excluded;
	const char *fs_path;         /* the host-wide gauges too (NULL: not) */
	struct sampler_stop stop_at; /* all 0: never stop the run */
	int tick_ms;                 /* its period (0: SAMPLER_TICK_MS) */
};

#define SAMPLER_TICK_MS 20

/* Starts sampling every |o->tick_ms|; -1 with errno when it cannot
 * (then there is nothing to stop). */
int sampler_start(struct sampler *s, const struct sampler_opts *o);
/* Stops it, and removes the SysV segments created by the run's processes
 * (in this IPC namespace: the control's, the none column's and
 * landlock's), whatever ended the run.  A run killed before it removed
 * what it made (stopped on its shared memory, at its timeout, or by its
 * memory cgroup's OOM killer) would otherwise leave them to the host,
 * holding their memory until the next boot.  memfds and mappings went
 * with their processes. */
void sampler_stop(struct sampler *s);

#endif
