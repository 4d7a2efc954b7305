/*
 * worker.h - one row of the matrix (an attack in one language and mode,
 * under every column) run in a process of its own.
 *
 * The worker is a child subreaper: every process a case leaves behind comes
 * back to it, so "the case's processes" are exactly its descendants minus
 * the fixtures'.  It plants its own canaries in its own directory, runs its
 * own listeners, and sets its own environment (the secrets, HOME pointing
 * at the fake home): rows in parallel cannot see each other's effects.
 * Results travel back to the runner over a pipe, one struct result per
 * column, in column order.
 */
#ifndef SECURER_CONFORM_WORKER_H
#define SECURER_CONFORM_WORKER_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "model.h"

struct row {
	const struct attack *attack;
	enum lang lang;
	enum mode mode;
	size_t first; /* its first cell in run->results */
};

/* The directory in the run's where the none backend makes its private
 * directories (TMPDIR for that column only: landlock's stays on a tmpfs,
 * bwrap's is one).  Under /tmp, the default, inode-exhaust's 10000 files
 * in one of them, removed at its end, made every none start and every
 * file it made for the next minutes skip them on this VM's ext4 without a
 * journal (canary.h); here, a "top" directory, each lands in a block group
 * of its own, and the run keeps its files in its own directory. */
#define WORKER_TMP "tmp"

struct worker_ctx {
	const struct column *cols;
	int n_cols;
	const char *root; /* the run's private directory (WORKER_TMP in it) */
	bool keep;        /* leave the case's directory behind */
	unsigned weaken;  /* enum weaken (securer_conform.h): self-test */
};

/* Forks the worker of |row|, its nice value |nice_delta| from the
 * runner's (which only root may lower); *fd is the read end of its results
 * pipe.  Returns its pid, or -1. */
pid_t worker_spawn(const struct worker_ctx *ctx, const struct row *row,
                   int nice_delta, int *fd);

#endif
