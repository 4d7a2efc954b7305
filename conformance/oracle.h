/*
 * oracle.h - judging an attack by its effects, seen from outside the
 * sandbox.  The attack's own exit status or error text is never evidence.
 *
 *   tokens    a planted token in the run's output: plain, reversed, hex,
 *             base64 at any alignment, or spread over whitespace
 *   sweep     processes of the run still alive after it ended
 *
 * The gauges watched while a run runs are the sampler's (sampler.h).
 * A worker runs one case at a time and is a child subreaper, so its
 * descendants are the case's processes (orphans come back to it), minus
 * the fixtures' own processes, which are excluded by pid.
 */
#ifndef SECURER_CONFORM_ORACLE_H
#define SECURER_CONFORM_ORACLE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "canary.h"

/* Number of distinct tokens found; |ev| names them and how. */
int oracle_tokens(const struct tokens *tk, const char *out, size_t len,
                  char *ev, size_t size);

/* The most excluded trees (the fixtures') a sweep or a sampler skips. */
#define MAX_EXCLUDED 8

/* Kills, by pid, every live descendant of this process outside the
 * excluded trees, and every process whose command line contains |needle|;
 * returns how many there were, with their command lines in |ev|. */
int oracle_sweep(const char *needle, const pid_t *excluded, int n_excluded,
                 char *ev, size_t size);

/* Reaps this process's children that have ended, but for the excluded
 * ones (fixtures, waited for by their owners): what the sweep killed, and
 * orphans handed to the worker as their subreaper, would otherwise pile up
 * as zombies and be counted against the next run.  |swept|: how many the
 * sweep before it killed; with some, waits up to |ms| for this process's
 * children to be gone and returns how many are not.  Call only between
 * runs: a run's own processes are the library's to wait for. */
int oracle_reap(const pid_t *excluded, int n_excluded, int swept, int ms);

#endif
