/*
 * init_abi.h - what the library and the programs it runs in the sandbox
 * (securer-init, with the sh runtime and the protocol child built in)
 * agree on: the descriptor numbers of a runtime, and the binary records of
 * the status pipe.  The one definition, included by both sides
 * (lib/src/internal.h, lib/runtimes/securer-init.c, sh_io.h); the Python
 * and R runtimes follow docs/protocol.md, which names the same numbers.
 *
 * Plain C with no dependency: securer-init is built apart from the
 * library, without sanitizers.
 */
#ifndef SECURER_INIT_ABI_H
#define SECURER_INIT_ABI_H

#include <stdint.h>

/* A session runtime's descriptors (docs/protocol.md, "Transport"). */
#define SECURER__FD_FROM_HOST      3 /* host -> runtime messages */
#define SECURER__FD_TO_HOST        4 /* runtime -> host messages */
#define SECURER__FD_RUNTIME_SOURCE 5 /* the runtime's code (Python, R) */

/* Child fd numbers used by every backend for internal pipes; user fds must
 * be below SECURER__FD_BASE. */
#define SECURER__FD_BASE 100
/* The status pipe's number in every child. */
#define SECURER__FD_STATUS SECURER__FD_BASE

/* Records securer-init and the spawn child write to the status pipe. */
enum securer__status_kind {
	SECURER__ST_STARTED = 1,  /* command about to be executed */
	SECURER__ST_SETUP = 2,    /* setup step |arg| failed with |err| */
	SECURER__ST_EXEC = 3,     /* execve of the command failed with |err| */
	SECURER__ST_EXITED = 4,   /* command exited: arg = code */
	SECURER__ST_SIGNALED = 5, /* command killed: arg = signal */
	SECURER__ST_LIMIT = 6,    /* run killed past a limit securer-init
	                             watches: arg = SECURER__LIMIT_*, err =
	                             how much */
	SECURER__ST_RUSAGE = 7,   /* every process of the run reaped: arg =
	                             the largest resident set among them, KiB */
};

/* |arg| of LIMIT records. */
enum securer__limit_kind {
	SECURER__LIMIT_DISK_KIB = 1, /* the private directory's bytes, KiB */
	SECURER__LIMIT_INODES = 2,   /* its inodes */
};

/* |arg| of SETUP records: 1..8 written by securer-init, 10.. by the
 * library's spawn child. */
enum securer__setup_step {
	SECURER__SETUP_ARGS = 1,     /* securer-init's arguments */
	SECURER__SETUP_RLIMIT = 2,   /* setrlimit */
	SECURER__SETUP_CHDIR = 3,    /* the working directory */
	SECURER__SETUP_FORK = 4,     /* forking the command */
	SECURER__SETUP_STDERR = 5,   /* the command's stderr (-e FD) */
	SECURER__SETUP_LANDLOCK = 6, /* landlock_restrict_self (-L FD) */
	SECURER__SETUP_SECCOMP = 7,  /* reading or loading the filter (-F FD) */
	SECURER__SETUP_BUDGET = 8,   /* the private directory's statfs (-q) */
	SECURER__SETUP_SESSION = 10,
	SECURER__SETUP_CGROUP = 12,
	SECURER__SETUP_FDS = 13,
	SECURER__SETUP_NNP = 14,
	SECURER__SETUP_EXEC_TOOL = 15,
	SECURER__SETUP_CAPS = 16, /* dropping the capabilities (landlock) */
};

struct securer__status_rec {
	int32_t kind; /* enum securer__status_kind */
	int32_t arg;
	int32_t err; /* an errno value, or 0 */
	int32_t pad;
};
/* Written and read with one write(2)/read(2) each: never a torn record. */
_Static_assert(sizeof(struct securer__status_rec) == 16,
               "status records are 16 bytes on every architecture");

/* A spare reaper's run (lib/src/spare.c sends it, lib/runtimes/init_spare.c
 * takes it): one SOCK_SEQPACKET message, this header, then |blob_len|
 * bytes of NUL-ended strings: |n_argv| for securer-init's arguments, then
 * |n_envp| for its environment.  Its SCM_RIGHTS descriptors: the |n_maps|
 * sources, in order, for the numbers in |to|, then the pids group's join file
 * when |flags| has JOIN_PIDS, then the memory group's when it has JOIN_MEMORY.
 */
#define SECURER__SPARE_MAGIC    0x53504152u /* "SPAR" */
#define SECURER__SPARE_MAX_MAPS 32
#define SECURER__SPARE_MAX_BLOB (128 * 1024)
enum {
	SECURER__SPARE_JOIN_PIDS = 1,
	SECURER__SPARE_JOIN_MEMORY = 2,
};
/* Before its run, a landlock spare is sent the seccomp filter the runs of
 * its kind put on their command: this header, then |filter_len| bytes of
 * classic BPF.  It loads the filter on itself at once, off the next
 * start's path, and its command inherits it; the run it then takes must
 * bring the same filter (lib/runtimes/init_confine.c checks). */
#define SECURER__SPARE_PREP_MAGIC 0x50524550u /* "PREP" */
struct securer__spare_prep {
	uint32_t magic;
	uint32_t filter_len;
};
struct securer__spare_job {
	uint32_t magic;
	uint32_t flags;
	int32_t status_to; /* the status pipe's number in the run, or -1 */
	uint32_t n_maps;
	int32_t to[SECURER__SPARE_MAX_MAPS];
	uint32_t n_argv;
	uint32_t n_envp;
	uint32_t blob_len;
};

#endif
