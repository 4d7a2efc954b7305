/*
 * init_reap.h - the reaper: the process that starts a sandbox's command,
 * sets its limits, confines it, waits for it and kills whatever it leaves.
 *
 * securer-init's (lib/runtimes/init_reap.c), the first program of every
 * run: bwrap's pid 1, and the none and landlock backends' child of the
 * caller, executed from its vfork (spawn.c).  securer-init parses its
 * arguments into a struct reap_cfg.
 *
 * As pid 1 (bwrap's --as-pid-1) it reaps orphans and, when the command
 * ends, kills every other process with kill(-1).  Otherwise it is a child
 * subreaper: orphaned descendants are reparented to it, and when the
 * command ends, or it gets SIGTERM, SIGINT or SIGHUP (its parent-death
 * signal is SIGTERM), it kills its whole descendant tree, by pid, until
 * none is left.
 *
 * Plain C with no dependency beyond libc (musl, statically, where the
 * build has it): securer-init is built without sanitizers and runs under
 * the seccomp filter.
 */
#ifndef SECURER_INIT_REAP_H
#define SECURER_INIT_REAP_H

#include <stdbool.h>
#include <sys/resource.h>
#include <sys/types.h>

#include "init_budget.h"
#include "init_confine.h"

#define REAP_MAX_RLIMITS 8
#define REAP_MAX_KEEP    40

/* Commands securer-init runs without exec (the sh runtime, the protocol
 * child) start with this character; only securer-init can run them. */
#define REAP_BUILTIN_PREFIX '@'

struct reap_cfg {
	int status_fd;        /* status records (init_abi.h), or -1 */
	int err_fd;           /* becomes the command's stderr, or -1 */
	const char *work_dir; /* the command's working directory, or NULL */
	struct {
		int res;
		rlim_t val;
	} limits[REAP_MAX_RLIMITS]; /* set in the command (soft = hard) */
	int n_limits;
	int keep[REAP_MAX_KEEP]; /* the command's fds: closed in the reaper */
	int n_keep;
	struct confine confine; /* landlock ruleset and seccomp filter */
	struct budget budget;   /* the private directory's disk budget */
	/* Runs a built-in command in the command's process and does not
	 * return; returns only when |cmd| is not one. */
	void (*builtin)(char **cmd);
};

void reap_cfg_init(struct reap_cfg *c);
/* Runs |cmd| (a NULL-terminated argv) to its end.  Returns the exit status
 * the reaper should exit with (125-126 when setup failed); when the command
 * was killed by a signal and the reaper is not pid 1, it dies of the same
 * signal instead. */
int reap_run(struct reap_cfg *c, char **cmd);

#endif
