/*
 * sandbox.h - the sandbox object, shared by sandbox.c (starting a run) and
 * sandbox_end.c (waiting for it, killing it, reading how it ended).
 * Private to the library.
 */
#ifndef SECURER_SANDBOX_H
#define SECURER_SANDBOX_H

#include <stdbool.h>
#include <sys/resource.h>

#include "internal.h"

#define SECURER__KILL_GRACE_MS 5000

struct securer_sandbox {
	struct securer__run run;
	securer_backend requested;
	struct securer__proc proc;
	int init_pidfd; /* bwrap: pidfd of the sandbox's pid 1 */
	int null_fd;
	int close_later[SECURER__MAX_FDS];
	size_t n_close_later;
	bool started, ended;
	bool session; /* securer__sandbox_for_session */
	int64_t t_start;
	struct securer__status_rec last; /* last EXITED/SIGNALED record */
	bool have_last;
	int exec_errno; /* ST_EXEC: argv[0] could not be executed */
	securer_status status;
	int end_rc;
	char auto_reason[SECURER__ERR_SIZE]; /* why AUTO passed bwrap over */
	bool over_limit; /* securer-init killed the run past a limit */
	/* what the run got, kept past its end (its cgroup goes then) */
	bool memory_capped;
	char mem_why[SECURER__CGROUP_WHY]; /* why not, when !memory_capped */
	int64_t rss_kb; /* the reaper's RUSAGE record, or -1 */
};

/* Reads whole status records (from spawn's child and securer-init) until the
 * pipe is empty; sets *started on STARTED.  Returns how many were read, or
 * -1 at end of file with none. */
SECURER__HIDDEN int securer__sandbox_records(securer_sandbox *sb,
                                             bool *started);
/* Reaps the top process (bwrap or the reaper) with its rusage. */
SECURER__HIDDEN void securer__sandbox_reap(securer_sandbox *sb, int *wstatus,
                                           struct rusage *ru);
/* Closes what the launch needed only until the fork. */
SECURER__HIDDEN void securer__sandbox_release(securer_sandbox *sb);
/* Everything of the run is dead: releases what outlived it (cgroup,
 * private directory, pipes) and marks the sandbox ended. */
SECURER__HIDDEN void securer__sandbox_finish(securer_sandbox *sb);

#endif
