/*
 * securer_harness.h - the few internal symbols the project's own harnesses
 * (conformance/ and bench/) need and the public API does not offer.
 *
 * This folder holds this header alone: the Makefile gives conformance/ and
 * bench/ -Ilib/include and -Ilib/src/harness, so the rest of lib/src
 * (internal.h, runtime.h, session.h...) does not compile there (make
 * check-layers proves it).  The library's internal.h includes this header,
 * so each declaration below is the one its definition is checked against.
 *
 * Not API: these symbols are hidden from libsecurer.so's dynamic symbol
 * table (a harness links libsecurer.a) and change with the library.  Add
 * one only when no public call can do the job, and say here which harness
 * needs it and why.
 */
#ifndef SECURER_HARNESS_H
#define SECURER_HARNESS_H

#include <stddef.h>

#include "securer.h"

#define SECURER__HIDDEN __attribute__((visibility("hidden")))

/* conformance/case.c: the raw control (an attack run with no sandbox, to
 * prove it works) resets its child's signals before exec, as the library's
 * spawn child does: a shell starts a background job with SIGINT and
 * SIGQUIT ignored, and a control that kills itself with SIGQUIT would then
 * live on.  One list of what to reset, the library's.
 *
 * Every signal unblocked and at its default disposition: an ignored or
 * blocked signal survives exec.  Async-signal-safe, for a child between
 * fork and exec. */
SECURER__HIDDEN void securer__signals_default(void);

/* bench/floors.c: the runtime-start floor starts each interpreter bare (no
 * sandbox, no library in the way) exactly as a session starts it, to
 * measure what the library adds; the public API starts runtimes only
 * inside a session.
 *
 * How runtime |rt| is started: *argv is its command in the sandbox (an
 * argv[0] starting with '@' names a program built into securer-init, which
 * securer__helper_fd() holds; otherwise the interpreter's name),
 * *source the runtime's own code, read by the interpreter from fd 5 (NULL
 * when none), and *source_size its length.  -EINVAL for an unknown
 * runtime.  The pointers are the library's, valid for the process. */
SECURER__HIDDEN int securer__runtime_command(securer_runtime rt,
                                             const char *const **argv,
                                             const unsigned char **source,
                                             size_t *source_size);

/* bench/floors.c: the sh runtime is securer-init itself, so the same floor
 * executes it with fexecve.
 *
 * A process-wide memfd holding the securer-init executable (created once,
 * sealed, close-on-exec).  Negative errno on failure. */
SECURER__HIDDEN int securer__helper_fd(void);

/* bench/session_bench.c: the protocol round trip measures the library's
 * own cost of a tool call, without an interpreter's.
 *
 * securer_session_new for the minimal C child built into securer-init
 * (lib/runtimes/proto_child.c) in place of an interpreter: for each
 * execute of code "N" it calls the tool "noop" N times. */
SECURER__HIDDEN securer_session *
securer__session_new_proto(const securer_policy *policy,
                           const securer_tools *tools,
                           const securer_session_opts *opts);

/* conformance/worker.c and fixture_peer.c: a worker (a fork of the
 * runner) and the peer fixture's helper (a fork of a worker) end with
 * _exit (their parent's atexit handlers are not theirs), which skips the
 * destructor that removes the cgroups a process kept for its next run
 * (cgroup.c).  The next process to make a group in the same place would
 * sweep them; they remove their own before they end instead.
 *
 * Removes this process's kept, idle cgroups. */
SECURER__HIDDEN void securer__cgroup_drain(void);

/* conformance/worker.c: no spare reaper (lib/src/spare.c) in this process
 * from now on: every start spawns its securer-init directly.  A spare
 * outlives the run whose start made it, waiting for the next, and the
 * harness judges every process left after a run (its leftover oracle) and
 * counts every process born during one (its sampler).  A run a spare
 * serves is confined as one spawned directly: lib/tests/test_spare.c. */
SECURER__HIDDEN void securer__spares_off(void);

/* The host paths under /etc a sandbox reads with files.system, each with
 * its reason (system_set.c); the bwrap and landlock backends share it.
 * bench/floors.c: the bare bwrap the bwrap backend's start is compared
 * with (floor.bwrap.same) is given the same files. */
struct securer__system_path {
	const char *path;
	const char *why;
};
extern SECURER__HIDDEN const struct securer__system_path securer__system_set[];
extern SECURER__HIDDEN const size_t securer__system_set_n;

#endif
