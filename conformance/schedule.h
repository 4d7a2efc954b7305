/*
 * schedule.h - running the rows: up to --jobs workers at once for the rows
 * that cannot disturb each other, the denial-of-service rows one at a time
 * in a slot of their own beside them (an exclusive one, which measures the
 * whole host, alone among those), and those that only wait for their guard
 * in one more slot (schedule.c says when each may start); a live progress
 * line on a terminal, one plain line per row otherwise.
 */
#ifndef SECURER_CONFORM_SCHEDULE_H
#define SECURER_CONFORM_SCHEDULE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "model.h"
#include "worker.h"

/* The rows of |run|'s attacks: every language it is written in, every mode
 * it runs in (C: process only), filtered by |runtimes| (comma-separated
 * labels: "python" for both modes, "python-session" for one; NULL: all).
 * Allocates run->results (n_cols cells per row). */
int schedule_rows(struct run *run, const char *runtimes, struct row **rows,
                  size_t *n_rows);

/* Runs every row, filling run->results; |judge| (may be NULL) is called on
 * every cell as it arrives (expectations, verdicts).  |progress|: where
 * progress goes (a terminal gets one line rewritten in place).  -1 on a
 * harness error. */
int schedule_run(struct run *run, const struct row *rows, size_t n_rows,
                 const struct worker_ctx *ctx, int jobs, FILE *progress,
                 void (*judge)(void *ctx, struct result *r), void *judge_ctx);

#endif
