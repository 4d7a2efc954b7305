/*
 * backend_landlock.c - a sandbox without namespaces, for where user
 * namespaces are denied (Docker's default seccomp profile, Ubuntu's
 * AppArmor restriction): Landlock, the seccomp filter, rlimits, a private
 * directory, and a reaper (init_reap.h).
 *
 * The launch is the none backend's, plus the confinement bwrap would give:
 *   the spawn child drops every capability for good (as root, an exec
 *   would otherwise give them back);
 *   it executes securer-init, the reaper, on the host as a child
 *   subreaper (outside the Landlock domain: the command can neither
 *   signal it, Landlock's scope, nor trace it);
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
#include <sys/socket.h>
#include <unistd.h>

#include "internal.h"
#include "landlock.h"

/* Child fd numbers beside the status pipe. */
enum { FD_CONFINE = SECURER__FD_BASE + 1 };

/* One inode per 16 KiB of limits.tmpfs_bytes: ext4's default bytes per
 * inode, so a run takes no larger share of the host's inodes than of its
 * blocks. */
#define BYTES_PER_INODE 16384
#define MIN_INODES      64

/* The confinement's socket: securer-init's end at FD_CONFINE (-l), ours
 * in r->confine_wr, where landlock_spawned sends it. */
static int add_channel(struct securer__run *r)
{
	int sv[2], rc;

	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0)
		return securer__fail_errno(r->err, -errno,
		                           "socketpair for the confinement");
	r->confine_wr = sv[0];
	if ((rc = securer__launch_map(&r->launch, sv[1], FD_CONFINE)) < 0) {
		close(sv[1]);
		return securer__fail_errno(r->err, rc, "fd map");
	}
	securer__strv_push(&r->launch.argv, "-l");
	securer__strv_pushf(&r->launch.argv, "%d", FD_CONFINE);
	return 0;
}

/* The private directory's disk budget; limits.tmpfs_bytes 0: none, as
 * asked. */
static void add_budget(struct securer__run *r)
{
	int64_t bytes = r->policy->limits[SECURER_LIMIT_TMPFS];
	int64_t inodes = bytes / BYTES_PER_INODE;

	if (bytes == 0)
		return;
	if (inodes < MIN_INODES)
		inodes = MIN_INODES;
	securer__strv_push(&r->launch.argv, "-q");
	securer__strv_pushf(&r->launch.argv, "%lld:%lld:%s", (long long)bytes,
	                    (long long)inodes, r->private_dir);
}

static int landlock_prepare(struct securer__run *r, const char *const argv[])
{
	int helper, abi, rc;
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
	/* securer-init is the reaper: it confines the command it forks */
	if ((helper = securer__helper_fd()) < 0)
		return securer__fail_errno(r->err, helper,
		                           "cannot load securer-init");
	securer__strv_push(&r->launch.argv, "securer-init");
	securer__strv_push(&r->launch.argv, "-C");
	securer__strv_push(&r->launch.argv, securer__private_cwd(r));
	/* The filter now (the same for every run of this policy, cached: a
	 * spare can be made to load it ahead, spare.c); the ruleset while
	 * securer-init starts: landlock_spawned */
	if ((rc = securer__seccomp_filter(r->policy, true, &r->launch.filter,
	                                  &r->launch.filter_len, r->err)) < 0 ||
	    (rc = add_channel(r)) < 0)
		return rc;
	r->launch.filter_ahead = r->policy->n_deny == 0;
	if ((rc = securer__launch_map(&r->launch, r->opts->stderr_fd, 2)) < 0)
		return securer__fail_errno(r->err, rc, "fd map");
	r->launch.drop_caps = true;
	add_budget(r);
	r->launch.exec_fd = helper;
	r->launch.init_resets_signals = true;
	if ((rc = securer__init_args(r, &r->launch.argv, -1)) < 0)
		return rc;
	for (size_t i = 0; argv[i]; i++)
		securer__strv_push(&r->launch.argv, argv[i]);
	return r->launch.argv.oom
	           ? securer__fail(r->err, -ENOMEM, "out of memory")
	           : 0;
}

/* securer-init is starting: the Landlock ruleset and the seccomp filter,
 * made now, go to it in one message (init_confine.h).  The check that the
 * kernel can enforce them was made before the spawn. */
static int landlock_spawned(struct securer__run *r)
{
	union {
		struct cmsghdr h;
		char buf[CMSG_SPACE(sizeof(int))];
	} ctl;
	struct msghdr msg;
	struct iovec iov;
	char why[256];
	void *bpf = r->launch.filter;
	size_t len = r->launch.filter_len;
	int abi = securer__landlock_abi(why, sizeof(why)), fd, rc;

	if (abi < 0)
		return securer__fail(r->err, -EPERM,
		                     "landlock backend unusable: %s", why);
	if ((fd = securer__landlock_ruleset(r->policy, abi, r->private_dir,
	                                    r->err)) < 0)
		return fd;
	memset(&msg, 0, sizeof(msg));
	memset(&ctl, 0, sizeof(ctl));
	iov.iov_base = bpf;
	iov.iov_len = len;
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = ctl.buf;
	msg.msg_controllen = sizeof(ctl.buf);
	ctl.h.cmsg_level = SOL_SOCKET;
	ctl.h.cmsg_type = SCM_RIGHTS;
	ctl.h.cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(&ctl.h), &fd, sizeof(int));
	while ((rc = (int)sendmsg(r->confine_wr, &msg, MSG_NOSIGNAL)) < 0 &&
	       errno == EINTR)
		;
	rc = rc == (int)len
	         ? 0
	         : securer__fail_errno(r->err, rc < 0 ? -errno : -EIO,
	                               "sending the confinement to "
	                               "securer-init");
	close(fd);
	securer__close_fd(&r->confine_wr);
	return rc;
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
    .spawned = landlock_spawned,
};
