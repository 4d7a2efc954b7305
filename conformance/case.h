/*
 * case.h - one run of an attack: a program under a backend (process mode)
 * or code executed in a session of its language (session mode), captured
 * whole for the oracles, with the run's processes sampled meanwhile.
 */
#ifndef SECURER_CONFORM_CASE_H
#define SECURER_CONFORM_CASE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "corpus.h"
#include "securer.h"

#define CASE_OUTPUT_MAX      (8u << 20)
#define CASE_MEMORY_FLOOR_KB (1024LL * 1024) /* host MemAvailable floor */
/* The sampler's period in a case none of whose oracles rests on what it
 * samples (no declared resource oracle, no caps, no host-wide gauge):
 * there it only holds the host-memory floor and a net under the process,
 * thread, zombie and memory counts of any attack (judge.c).  Those cases
 * are most of a run, and a tick reads /proc (0.2 ms with 73 processes on
 * the host, more with the run's): 50 ms instead of SAMPLER_TICK_MS's 20
 * there.  What declares one of those oracles keeps 20 ms. */
#define CASE_QUIET_TICK_MS 50

struct case_spec {
	enum mode mode;
	enum lang lang;
	securer_backend backend;
	const securer_policy *policy;
	const char *const *argv;    /* process mode */
	const char *code;           /* session mode */
	const securer_tools *tools; /* session mode: NULL for none */
	int stdin_fd;               /* -1: /dev/null */
	const securer_fd_map *fds;
	size_t n_fds;
	int64_t timeout_ms;    /* killed then */
	const pid_t *excluded; /* fixtures' processes */
	int n_excluded;
	bool want_caps;
	const char *gauge_path; /* sample host-wide gauges (exclusive) */
	/* ORACLE_BIT()s of the sampler's oracles (procs, threads, zombies,
	 * memory; fds, disk, inodes, shmem with gauge_path) whose threshold,
	 * once crossed, ends the run at once: its effect is established and
	 * the rest would change no verdict.  0: run to the end. */
	uint64_t stop_on;
	/* Process mode only: run argv unconfined, plain fork and exec from
	 * the worker (the control): the caller's environment, a new session,
	 * the guard's rlimits, cwd |cwd|, and nothing of securer that would
	 * reap what it leaves behind. */
	bool raw;
	const char *cwd;
	/* Session mode: run the code this many times in the one session
	 * (0 or 1: once), calling |between| before each one after the
	 * first. */
	int executes;
	void (*between)(void *ctx, int execute);
	void *between_ctx;
};

struct case_out {
	int start_rc;   /* < 0: securer could not run it */
	char msg[1024]; /* the library's reason then */
	bool timed_out; /* killed at its deadline */
	char *out;      /* everything the run said (below) */
	size_t out_len;
	int64_t elapsed_ms; /* start to the end of the run */
	int peak_procs, peak_threads, peak_zombies;
	long long peak_rss_kb;
	char rss_detail[240]; /* the largest processes at that peak */
	int peak_older;       /* live processes from before the run */
	bool low_memory;      /* stopped: the host ran low */
	char caps[160];
	/* host-wide gauges, with gauge_path: before the run and at worst */
	long long files_before, files_peak;
	long long free_bytes_before, free_bytes_min;
	long long free_inodes_before, free_inodes_min;
	long long shmem_before_kb, shmem_peak_kb;
	/* session mode: how much the process holding the session (this
	 * one) grew while the execute ran: its peak resident set over what
	 * it held when the session started */
	long long host_growth_kb;
	char error_kind[16]; /* session mode: the result's kind */
	size_t last_at;      /* where the last execute's output
	                      * starts in |out| */
	char ending[64];     /* process mode: how the top process ended */
	char stopped[16];    /* the oracle whose threshold stopped the run
	                      * (stop_on), or "" */
};

/* Runs |spec| to its end.  In process mode |out| holds stdout and stderr
 * interleaved; in session mode stdout, stderr, the value, its repr, the
 * error message and the traceback, one after the other.  Returns 0, or -1
 * when securer could not start it (start_rc and msg say why). */
int case_run(const struct case_spec *spec, struct case_out *out);
void case_out_release(struct case_out *out);

#endif
