/*
 * pool_bench.h - the pool swept over sizes and client threads: acquire
 * latency and throughput of a fixed small workload.
 */
#ifndef SECURER_BENCH_POOL_H
#define SECURER_BENCH_POOL_H

#include <stddef.h>

#include "bench.h"
#include "securer.h"

/* Runs |size| sessions of |rt| under |backend| and |threads| clients, each
 * acquiring, executing |code| and releasing for |seconds|. */
int bench_pool_point(securer_backend backend, securer_runtime rt,
                     const char *code, int size, int threads, double seconds,
                     struct pool_point *out, char *err, size_t err_size);

#endif
