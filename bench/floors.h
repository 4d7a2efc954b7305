/*
 * floors.h - the physical floors benchmarks are measured against, each in
 * the same run as the figure it bounds.
 */
#ifndef SECURER_BENCH_FLOORS_H
#define SECURER_BENCH_FLOORS_H

#include "securer.h"
#include "stats.h"

/* Round trips of one short line over a pair of pipes to a forked child
 * that echoes it: the least any host <-> child message exchange costs. */
int floor_pipe_round_trip(int n, struct samples *out);

/* fork + exec + wait of |argv| (looked up on PATH), unconfined, its
 * output to /dev/null: n samples.  -errno when it cannot run or fails. */
int floor_exec(const char *const argv[], int n, struct samples *out);

/* bwrap with the least a sandbox needs (all namespaces, /usr read-only
 * with the merged-/usr links, /proc, /dev) running `true`. */
int floor_bare_bwrap(int n, struct samples *out);

/* bwrap given what the bwrap backend gives it for the default policy
 * (lib/src/backend_bwrap.c, bwrap_root.c; the same set as
 * bench/hyperfine.sh's bare bwrap): a nested user namespace closed to
 * more, no capabilities, its own session and host name, the policy's
 * environment, /usr and the links, the system set of /etc as copies,
 * synthesized passwd, group and hosts, sized tmpfs /tmp and /dev/shm,
 * read-only remounts, the default seccomp program; running `true`
 * directly, without securer-init. */
int floor_bare_bwrap_same(int n, struct samples *out);

/* The runtime itself started unconfined: the same interpreter on the same
 * runtime source (for sh, securer-init's own driver), given the protocol
 * pipes, timed from fork to its "ready" after "init" - what a session's
 * start costs without any sandbox. */
int floor_runtime_start(securer_runtime rt, int n, int warm,
                        struct samples *out);

#endif
