/*
 * lint.h - `securer conform --lint` (make lint-attacks): every attack has
 * its metadata, an oracle, a source, its files, and an expectation under
 * every backend that has an expectations file (none and bwrap must).
 */
#ifndef SECURER_CONFORM_LINT_H
#define SECURER_CONFORM_LINT_H

#include <stddef.h>

#include "corpus.h"
#include "securer_conform.h"

/* Prints every problem; 0 when there is none, 1 otherwise. */
int lint_run(const struct conform_opts *o, const struct attack *a, size_t n);

#endif
