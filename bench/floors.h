/*
 * floors.h - the physical floors benchmarks are measured against, each in
 * the same run as the figure it bounds.
 */
#ifndef SECURER_BENCH_FLOORS_H
#define SECURER_BENCH_FLOORS_H

#include "stats.h"

/* Round trips of one short line over a pair of pipes to a forked child
 * that echoes it: the least any host <-> child message exchange costs. */
int floor_pipe_round_trip(int n, struct samples *out);

#endif
