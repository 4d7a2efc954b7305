/*
 * needs.h - whether a row of the matrix can run on this machine at all:
 * its language's interpreter or runtime, its C binary built, and what its
 * attack needs (root or a non-root user, a network namespace, a terminal,
 * a kernel surface, programs on PATH; see docs/attacks.md, "needs").
 */
#ifndef SECURER_CONFORM_NEEDS_H
#define SECURER_CONFORM_NEEDS_H

#include <stdbool.h>
#include <stddef.h>

#include "worker.h"

/* Why |row| cannot run under any column here (a missing program, root
 * needed...), or NULL.  *not_applicable: what the attack goes for is not
 * in this kernel at all (see docs/attacks.md, "needs"). */
const char *worker_cannot_run(const struct row *row, char *buf, size_t size,
                              bool *not_applicable);

/* Whether this machine has |need| (one of an attack's "needs"). */
bool needs_met(const char *need);

/* The same for a need about the machine itself (root, netns, memcg...,
 * not a program): 1 or 0; -1 when |need| names no such need. */
int needs_machine_met(const char *need);

/* The PATH the sandboxed columns run with (the library's default policy's):
 * what a row's programs are looked up on (its needs), what a worker puts
 * first for its controls, and where the report finds the interpreters'
 * versions.  The caller's own PATH may lead elsewhere (a pyenv shim's
 * Python where the sandboxes run /usr/bin/python3).  NULL when it cannot
 * be read (out of memory). */
const char *needs_sandbox_path(void);

#endif
