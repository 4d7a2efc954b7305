/*
 * matrix.h - what people read: a progress line while cases run (rewritten
 * in place on a terminal, one line per case otherwise), then the matrix of
 * attack x language x column, the evidence behind every result that needs
 * attention, and a summary.
 */
#ifndef SECURER_CONFORM_MATRIX_H
#define SECURER_CONFORM_MATRIX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "runner.h"

void matrix_progress(FILE *f, size_t done, size_t total, const struct result *r,
                     const struct column *cols);
/* |all|: evidence of every case, not only those needing attention. */
void matrix_print(FILE *f, const struct result *res, size_t n,
                  const struct column *cols, int n_cols, bool all);

#endif
