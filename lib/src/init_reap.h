/*
 * init_reap.h - the reaper: the process that starts a sandbox's command,
 * sets its limits, confines it, waits for it and kills whatever it leaves.
 *
 * One implementation (lib/runtimes/init_reap.c), run two ways:
 *   - by securer-init, the executable (bwrap's pid 1, and every session):
 *     it parses its arguments into a struct reap_cfg;
 *   - inside the library's spawn child for a one-shot run of the none and
 *     landlock backends (spawn.c): the child of fork() fills the struct and
 *     runs the reaper without an exec, which saves one program start (about
 *     0.5 ms of this VM's 0.8 ms floor for fork+exec of `true`).  Its
 *     limits, confinement, status records and end are the same code.
 *
 * As pid 1 (bwrap's --as-pid-1) it reaps orphans and, when the command
 * ends, kills every other process with kill(-1).  Otherwise it is a child
 * subreaper: orphaned descendants are reparented to it, and when the
 * command ends, or it gets SIGTERM, SIGINT or SIGHUP (its parent-death
 * signal is SIGTERM), it kills its whole descendant tree, by pid, until
 * none is left.
 *
 * Plain C with no dependency beyond libc: securer-init is built without
 * sanitizers and runs under the seccomp filter.  In the library's fork
 * child it runs in a single-threaded copy of the caller made by glibc's
 * fork(), so malloc and opendir are usable there.
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
	/* The command's environment (its PATH finds the command); NULL: the
	 * process's own, as securer-init was executed with it. */
	char *const *envp;
	/* >= 0: the command is born in this cgroup v2 group (clone3 with
	 * CLONE_INTO_CGROUP); |cgroup_fd|, when >= 0, is its join file,
	 * written by the command where clone3 cannot. */
	int cgroup_dir_fd, cgroup_fd;
	/* Runs a built-in command in the command's process and does not
	 * return; returns only when |cmd| is not one. */
	void (*builtin)(char **cmd);
};

void reap_cfg_init(struct reap_cfg *c);
/* fork() into the cgroup v2 group |dir_fd| (clone3 with CLONE_INTO_CGROUP,
 * Linux 5.7): the raw syscall, so without glibc's fork handlers.  The pid,
 * 0 in the child, or -1 with errno, ENOSYS when the kernel cannot. */
pid_t reap_clone_into_cgroup(int dir_fd);
/* Runs |cmd| (a NULL-terminated argv) to its end.  Returns the exit status
 * the reaper should exit with (125-126 when setup failed); when the command
 * was killed by a signal and the reaper is not pid 1, it dies of the same
 * signal instead. */
int reap_run(struct reap_cfg *c, char **cmd);

#endif
