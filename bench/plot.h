/*
 * plot.h - the benchmark's figures as SVG plots (gnuplot).
 */
#ifndef SECURER_BENCH_PLOT_H
#define SECURER_BENCH_PLOT_H

#include <stddef.h>

#include "bench.h"

/* Writes data, scripts and SVGs into |dir| (created).  -1 with the reason
 * (gnuplot missing or failing, an unwritable directory). */
int plot_all(const struct bench *b, const char *dir, char *err, size_t size);

#endif
