/*
 * matrix.h - what people read at the end of a run on the terminal: the
 * matrix of attack x runtime x column (effects, then surface probes in
 * their own section, then the workloads), the evidence behind every cell that
 * needs attention, and the summary.
 */
#ifndef SECURER_CONFORM_MATRIX_H
#define SECURER_CONFORM_MATRIX_H

#include <stdbool.h>
#include <stdio.h>

#include "model.h"

/* |verbose|: the evidence of every cell, not only those needing attention. */
void matrix_print(FILE *f, const struct run *run, bool verbose);

/* The two sides of column |c|: effect attacks (surface probes apart) and
 * how many were blocked; workloads and how many work.  Cases in every
 * runtime, skipped ones included: a skipped case proves nothing. */
struct sides {
	size_t attacks, blocked;
	size_t workloads, working;
};
void matrix_sides(const struct run *run, int c, struct sides *sd);

/* Does this cell need someone's attention (in CI mode, |ci|)? */
bool matrix_attention(const struct run *run, const struct result *r);

#endif
