/*
 * corpus.h - the attack corpus: attacks/<category>/<id>/attack.json plus one
 * file per language it is written in (docs/attacks.md).
 */
#ifndef SECURER_CONFORM_CORPUS_H
#define SECURER_CONFORM_CORPUS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum lang { LANG_SH, LANG_C, LANG_PYTHON, LANG_R, LANG_COUNT };
enum mode { MODE_PROCESS, MODE_SESSION, MODE_COUNT };

/* What an oracle watches, from outside the sandbox (docs/attacks.md). */
enum oracle {
	ORACLE_TOKEN,
	ORACLE_TCP,
	ORACLE_UDP,
	ORACLE_UNIX,
	ORACLE_MARKER,
	ORACLE_MANIFEST,
	ORACLE_HOME,
	ORACLE_WORKSPACE,
	ORACLE_PROCS,
	ORACLE_THREADS,
	ORACLE_ZOMBIES,
	ORACLE_MEMORY,
	ORACLE_FDS,
	ORACLE_DISK,
	ORACLE_INODES,
	ORACLE_TIMEOUT,
	ORACLE_LEFTOVER,
	ORACLE_CAPS,
	ORACLE_TTY,
	ORACLE_EXE,
	ORACLE_SYSCTL,
	ORACLE_HOSTNAME,
	ORACLE_CALLBACK,
	ORACLE_BACKDOOR,
	ORACLE_CORE,
	ORACLE_REACH,
	ORACLE_SENTINEL,
	ORACLE_HOSTMEM,
	ORACLE_SHMEM,
	ORACLE_CARRYOVER,
	ORACLE_SETID,
	ORACLE_COUNT,
};
#define ORACLE_BIT(o) (UINT64_C(1) << (o))

/* What the runner sets up for an attack (docs/attacks.md). */
enum fixture {
	FIXTURE_SENTINEL,
	FIXTURE_KEYRING,
	FIXTURE_SHM,
	FIXTURE_ROOTFILE,
	FIXTURE_STATFILE,
	FIXTURE_DIRFD,
	FIXTURE_TTY,
	FIXTURE_VICTIM,
	FIXTURE_ENV_INJECT,
	FIXTURE_PROXY,
	FIXTURE_PEER,
	FIXTURE_SYSCTL,
	FIXTURE_HOSTNAME,
	FIXTURE_METADATA,
	FIXTURE_BREAK_BACKEND,
	FIXTURE_SECOND_RUN,
	FIXTURE_GIT_REPO,
	FIXTURE_GIT_WORKTREE,
	FIXTURE_GIT_GITDIR,
	FIXTURE_IFALIAS,
	FIXTURE_SAME_SESSION,
	FIXTURE_ETC_SECRETS,
	FIXTURE_COUNT,
};
#define FIXTURE_BIT(f) (1u << (f))

struct attack {
	char id[64];
	char title[160];
	char category[64];
	char attempts[512];
	char source[512];
	char layer[256];
	bool surface;      /* kind "surface": reachability probes */
	bool seed;         /* one of the mission's scenarios */
	bool exclusive;    /* runs alone */
	uint64_t oracles;  /* ORACLE_BIT()s the control must fire */
	unsigned fixtures; /* FIXTURE_BIT()s */
	unsigned modes;    /* 1 << MODE_PROCESS | 1 << MODE_SESSION */
	char needs[8][32];
	int n_needs;
	/* "policy": JSON keys applied over the default policy of the
	 * securer columns, ${T_WORK} ${T_PROD} ${T_HOME} ${T_CASE} expanded;
	 * "" when none */
	char policy[1024];
	int timeout_ms;
	char src_dir[1024];   /* absolute path of the attack's folder */
	char bin[1024];       /* the built C attack, "" when not built */
	bool has[LANG_COUNT]; /* a version in this language exists */
	/* A workload (conformance/workloads/, docs/workloads.md): what code
	 * legitimately does, judged by its result lines (and |output_file|)
	 * against its control's, never by the oracles.  |attempts| holds
	 * its "does". */
	bool workload;
	bool slow;             /* the scheduler starts it first */
	bool tools;            /* its sessions get the workload tools */
	char output_file[128]; /* a file it writes under T_WORK, compared */
	char compare[8];       /* "bytes" (default) or "png" */
};

const char *lang_name(enum lang l);
const char *lang_file(enum lang l);
/* The file of |a| in language |l|: "attack.py" or "workload.py". */
const char *corpus_file(const struct attack *a, enum lang l);
const char *mode_name(enum mode m);
const char *oracle_name(enum oracle o);
int oracle_from_name(const char *name); /* -1 when unknown */
const char *fixture_name(enum fixture f);
int fixture_from_name(const char *name); /* -1 when unknown */

/* Loads every attack under |attacks_dir| whose id matches one of the
 * comma-separated globs of |ids| (NULL: all) and whose category matches
 * one of those of |category| (NULL: all), sorted by category and id.  C attacks
 * are looked up under |build_dir|/attacks/<category>/<id>/attack.  Returns 0,
 * or -1 with the reason in |err| (the file and key are named). */
int corpus_load(const char *attacks_dir, const char *build_dir, const char *ids,
                const char *category, struct attack **out, size_t *n, char *err,
                size_t err_size);

/* The workload corpus: |dir|/<category>/<id>/workload.json plus one file
 * per language (workload.sh, .c, .py, .R), C ones built under
 * |build_dir|/workloads/<category>/<id>/workload; filtered and sorted as
 * corpus_load does.  A missing |dir| is no workload (0). */
int workload_load(const char *dir, const char *build_dir, const char *ids,
                  const char *category, struct attack **out, size_t *n,
                  char *err, size_t err_size);

#endif
