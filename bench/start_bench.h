/*
 * start_bench.h - what starting costs: a confined `true` per backend
 * (exec.start.BACKEND), and a session per backend and runtime, from new
 * until it is ready for code (session.start.BACKEND.RT).
 */
#ifndef SECURER_BENCH_START_H
#define SECURER_BENCH_START_H

#include <stddef.h>

#include "securer.h"
#include "stats.h"

int bench_exec_start(securer_backend backend, int n, int warm,
                     struct samples *out, char *err, size_t err_size);
int bench_session_start(securer_backend backend, securer_runtime rt, int n,
                        int warm, struct samples *out, char *err,
                        size_t err_size);

#endif
