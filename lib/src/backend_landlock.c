/*
 * backend_landlock.c - a sandbox without namespaces, for where user
 * namespaces are denied (Docker's default seccomp profile, Ubuntu's
 * AppArmor restriction): Landlock, the seccomp filter, rlimits, a private
 * directory, and a reaper (init_reap.h).
 *
 * The launch is the none backend's, plus the confinement bwrap would give:
 *   the spawn child drops every capability for good (as root, an exec
 *   would otherwise give them back);
 *   it is the reaper, on the host as a child subreaper (outside the
 *   Landlock domain: the command can neither signal it, Landlock's scope,
 *   nor trace it), without an exec; for securer-init's built-in commands
 *   (a session's sh runtime) it executes securer-init, which reaps the
 *   same way;
 *   the reaper forks the command and, in the child before exec, enforces
 *   the Landlock ruleset of landlock.c and loads the seccomp filter with
 *   the rows that stand in for the namespaces;
 *   the private directory (0700 under the caller's $TMPDIR) is HOME,
 *   TMPDIR and the working directory where the policy says /tmp, on a disk
 *   budget of limits.tmpfs_bytes that the reaper watches (init_budget.h),
 *   and is removed after the run;
 *   the pids cgroup of sandbox.c where one is usable (as root, required).
 * Ending a run is the none backend's: the reaper kills its whole
 * descendant tree, by pid, until none is left, whether the command ended,
 * the host asked (SIGTERM) or the host died (its parent-death signal).
 * No process of the run can leave that tree: orphans are reparented to the
 * nearest subreaper, and the command can reach no other process to start
 * one for it (no signals out, no host sockets, no /proc).
 *
 * Kept from bwrap in docs/backends.md: what it cannot hide (host processes
 * exist, uname() names the host, file metadata is visible).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"
#include "landlock.h"

/* Child fd numbers beside the status pipe. */
enum { FD_LANDLOCK = SECURER__FD_BASE + 1, FD_SECCOMP };

/* One inode per 16 KiB of limits.tmpfs_bytes: ext4's default bytes per
 * inode, so a run takes no larger share of the host's inodes than of its
 * blocks. */
#define BYTES_PER_INODE 16384
#define MIN_INODES      64

static int map_fd(struct securer__run *r, int fd, int to, const char *what)
{
	int rc = securer__launch_map(&r->launch, fd, to);

	if (rc < 0) {
		close(fd);
		return securer__fail_errno(r->err, rc, "fd map for %s", what);
	}
	return 0;
}

/* The filter: in memory for the spawn child's reaper, else in a memfd for
 * securer-init (-F). */
static int add_seccomp(struct securer__run *r, bool inline_reaper)
{
	void *bpf = NULL;
	size_t len = 0;
	int rc = securer__seccomp_filter(r->policy, true, &bpf, &len, r->err);
	int fd;

	if (rc < 0)
		return rc;
	if (inline_reaper) {
		r->bpf = bpf; /* freed once spawned (sandbox.c) */
		r->reap.confine.bpf = bpf;
		r->reap.confine.bpf_len = len;
		return 0;
	}
	fd = securer__memfd_with("securer-seccomp", bpf, len);
	free(bpf);
	if (fd < 0)
		return securer__fail_errno(r->err, fd, "memfd for the filter");
	securer__strv_push(&r->launch.argv, "-F");
	securer__strv_pushf(&r->launch.argv, "%d", FD_SECCOMP);
	return map_fd(r, fd, FD_SECCOMP, "the filter");
}

/* The private directory's disk budget; limits.tmpfs_bytes 0: none, as
 * asked. */
static void add_budget(struct securer__run *r, bool inline_reaper)
{
	int64_t bytes = r->policy->limits[SECURER_LIMIT_TMPFS];
	int64_t inodes = bytes / BYTES_PER_INODE;

	if (bytes == 0)
		return;
	if (inodes < MIN_INODES)
		inodes = MIN_INODES;
	if (inline_reaper) {
		r->reap.budget.on = true;
		r->reap.budget.max_bytes = (uint64_t)bytes;
		r->reap.budget.max_inodes = (uint64_t)inodes;
		r->reap.budget.dir = r->private_dir;
		return;
	}
	securer__strv_push(&r->launch.argv, "-q");
	securer__strv_pushf(&r->launch.argv, "%lld:%lld:%s", (long long)bytes,
	                    (long long)inodes, r->private_dir);
}

static int landlock_prepare(struct securer__run *r, const char *const argv[])
{
	int helper = -1, abi, fd, rc;
	bool inline_reaper;
	char why[256];

	if ((abi = securer__landlock_abi(why, sizeof(why))) < 0)
		return securer__fail(r->err, -EPERM,
		                     "landlock backend unusable: %s", why);
	/* Refuse before anything is made: what the policy asks must be
	 * expressible on this kernel. */
	if ((rc = securer__landlock_check(r->policy, abi, r->err)) < 0 ||
	    (rc = securer__private_dir_create(
	         r, "landlock", r->policy->limits[SECURER_LIMIT_TMPFS] != 0)) <
	        0 ||
	    (rc = securer__private_env(r)) < 0)
		return rc;
	/* The spawn child is the reaper, unless the command is one of
	 * securer-init's built-ins (a session's sh runtime). */
	inline_reaper = securer__reap_inline(r, argv);
	if (!inline_reaper) {
		if ((helper = securer__helper_fd()) < 0)
			return securer__fail_errno(r->err, helper,
			                           "cannot load securer-init");
		securer__strv_push(&r->launch.argv, "securer-init");
		securer__strv_push(&r->launch.argv, "-C");
		securer__strv_push(&r->launch.argv, securer__private_cwd(r));
		securer__strv_push(&r->launch.argv, "-L");
		securer__strv_pushf(&r->launch.argv, "%d", FD_LANDLOCK);
	}
	if ((fd = securer__landlock_ruleset(r->policy, abi, r->private_dir,
	                                    r->err)) < 0)
		return fd;
	if (inline_reaper)
		r->reap.confine.landlock_fd = FD_LANDLOCK;
	if ((rc = map_fd(r, fd, FD_LANDLOCK, "the ruleset")) < 0 ||
	    (rc = add_seccomp(r, inline_reaper)) < 0)
		return rc;
	if ((rc = securer__launch_map(&r->launch, r->opts->stderr_fd, 2)) < 0)
		return securer__fail_errno(r->err, rc, "fd map");
	r->launch.drop_caps = true;
	add_budget(r, inline_reaper);
	if (!inline_reaper) {
		r->launch.exec_fd = helper;
		if ((rc = securer__init_args(r, &r->launch.argv, -1)) < 0)
			return rc;
	}
	for (size_t i = 0; argv[i]; i++)
		securer__strv_push(&r->launch.argv, argv[i]);
	return r->launch.argv.oom
	           ? securer__fail(r->err, -ENOMEM, "out of memory")
	           : 0;
}

static void landlock_diagnose(struct securer__run *r, const char *said)
{
	char msg[SECURER__ERR_SIZE];

	snprintf(msg, sizeof(msg), "the landlock backend could not start: %s",
	         said[0] ? said : "securer-init exited before the command");
	memcpy(r->err, msg, sizeof(msg));
}

void securer__limit_message(struct securer__run *r,
                            const struct securer__status_rec *rec)
{
	long long bytes = (long long)r->policy->limits[SECURER_LIMIT_TMPFS];

	if (rec->arg == SECURER__LIMIT_DISK_KIB)
		securer__fail(r->err, -EFBIG,
		              "the run was killed: it held %d KiB on the "
		              "filesystem of its private directory (its files "
		              "and the deleted files it kept open), past "
		              "limits.tmpfs_bytes (%lld KiB)",
		              rec->err, bytes / 1024);
	else
		securer__fail(r->err, -EFBIG,
		              "the run was killed: it held %d inodes on the "
		              "filesystem of its private directory, past the "
		              "%lld that limits.tmpfs_bytes allows (one per "
		              "%d bytes)",
		              rec->err,
		              bytes / BYTES_PER_INODE < MIN_INODES
		                  ? (long long)MIN_INODES
		                  : bytes / BYTES_PER_INODE,
		              BYTES_PER_INODE);
}

const struct securer__backend_ops securer__backend_landlock = {
    .id = SECURER_BACKEND_LANDLOCK,
    .name = "landlock",
    .sandbox = true,
    .prepare = landlock_prepare,
    .diagnose = landlock_diagnose,
};
