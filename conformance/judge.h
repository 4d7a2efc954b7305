/*
 * judge.h - from a finished run to the oracles that fired, with evidence
 * (docs/attacks.md, "Oracles").  Every always-on oracle is checked after
 * every run, whatever the attack declares: an effect nobody expected is
 * still an effect.  The host-wide gauges (fds, disk, inodes) and the
 * capability scan are only meaningful for the attacks that declare them.
 */
#ifndef SECURER_CONFORM_JUDGE_H
#define SECURER_CONFORM_JUDGE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "canary.h"
#include "case.h"
#include "corpus.h"
#include "listener.h"

/* Thresholds, each looser than what the sandbox allows and tighter than
 * what the bounded attack reaches unconfined. */
#define PROCS_THRESHOLD      512             /* limit 256, bomb 1000 */
#define THREADS_THRESHOLD    1024            /* bomb 2000 */
#define ZOMBIES_THRESHOLD    256             /* leak 400 */
#define MEMORY_THRESHOLD_KB  (1536LL * 1024) /* limit 1 GiB, guard 3 GiB */
#define FDS_THRESHOLD        2000            /* limit 256, exhaust 4000 */
#define DISK_THRESHOLD       (256LL << 20)   /* tmpfs 64 MiB, fill 400 MiB */
#define INODES_THRESHOLD     10000           /* exhaust 15000 */
#define HOSTMEM_THRESHOLD_KB (256LL * 1024)  /* caps 1 MiB, flood 512 MiB */
#define SHMEM_THRESHOLD_KB   (1536LL * 1024) /* tmpfs 64 MiB, bomb 2 GiB */
#define GRACE_MS             1000            /* past the attack's timeout */

/* Oracles checked after every run. */
#define ORACLES_ALWAYS                                                         \
	(ORACLE_BIT(ORACLE_TOKEN) | ORACLE_BIT(ORACLE_TCP) |                   \
	 ORACLE_BIT(ORACLE_UDP) | ORACLE_BIT(ORACLE_UNIX) |                    \
	 ORACLE_BIT(ORACLE_MARKER) | ORACLE_BIT(ORACLE_MANIFEST) |             \
	 ORACLE_BIT(ORACLE_HOME) | ORACLE_BIT(ORACLE_WORKSPACE) |              \
	 ORACLE_BIT(ORACLE_PROCS) | ORACLE_BIT(ORACLE_THREADS) |               \
	 ORACLE_BIT(ORACLE_ZOMBIES) | ORACLE_BIT(ORACLE_MEMORY) |              \
	 ORACLE_BIT(ORACLE_TIMEOUT) | ORACLE_BIT(ORACLE_LEFTOVER) |            \
	 ORACLE_BIT(ORACLE_BACKDOOR) | ORACLE_BIT(ORACLE_CORE) |               \
	 ORACLE_BIT(ORACLE_SETID))
/* Only for attacks that declare them: host-wide (exclusive cases only),
 * costly, or the surface probes' own report. */
#define ORACLES_DECLARED                                                       \
	(ORACLE_BIT(ORACLE_FDS) | ORACLE_BIT(ORACLE_DISK) |                    \
	 ORACLE_BIT(ORACLE_INODES) | ORACLE_BIT(ORACLE_CAPS) |                 \
	 ORACLE_BIT(ORACLE_REACH) | ORACLE_BIT(ORACLE_HOSTMEM) |               \
	 ORACLE_BIT(ORACLE_SHMEM))
/* Fired by fixtures (fixtures_after), for the attacks that use them. */
#define ORACLES_FIXTURE                                                        \
	(ORACLE_BIT(ORACLE_TTY) | ORACLE_BIT(ORACLE_EXE) |                     \
	 ORACLE_BIT(ORACLE_SYSCTL) | ORACLE_BIT(ORACLE_HOSTNAME) |             \
	 ORACLE_BIT(ORACLE_CALLBACK) | ORACLE_BIT(ORACLE_SENTINEL) |           \
	 ORACLE_BIT(ORACLE_CARRYOVER))

struct judge_in {
	const struct attack *a;
	const struct tokens *tk;
	const struct canaries *c;
	struct listener *l;
	const struct case_out *o;
	const char *probe;     /* T_PROBE */
	int64_t limit_ms;      /* the attack's timeout + GRACE_MS */
	const pid_t *excluded; /* fixtures' processes */
	int n_excluded;
};

/* The oracle bits that fired; evidence is appended to |ev| (|*used| bytes
 * in use).  Kills what the run left behind (the leftover oracle). */
uint64_t judge(const struct judge_in *in, char *ev, size_t size, size_t *used);

/* Appends "name: detail" to |ev|. */
void judge_add(char *ev, size_t size, size_t *used, const char *name,
               const char *detail);

#endif
