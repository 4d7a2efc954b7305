/*
 * session_bench.h - a warm session's costs: a no-op execute, and one tool
 * call round trip through a C callback.
 */
#ifndef SECURER_BENCH_SESSION_H
#define SECURER_BENCH_SESSION_H

#include "securer.h"
#include "stats.h"

/* No-op executes ("None", "NULL", ":") on one warm session, back to back
 * (|idle_ms| 0) or each after an idle pause, as an agent's calls come. */
int bench_noop_execute(securer_backend backend, securer_runtime rt, int n,
                       int idle_ms, struct samples *out, char *err,
                       size_t err_size);
/* Tool round trips: one execute calls a C tool n times; each sample is the
 * time from one call reaching the callback to the next one reaching it. */
int bench_tool_round_trip(securer_backend backend, securer_runtime rt, int n,
                          struct samples *out, char *err, size_t err_size);
/* The same through the minimal C child of the internal "proto" runtime:
 * no interpreter, so what is measured is the library's own overhead. */
int bench_proto_round_trip(securer_backend backend, int n, struct samples *out,
                           char *err, size_t err_size);

#endif
