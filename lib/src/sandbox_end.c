/*
 * sandbox_end.c - how a run ends: waiting for it with a deadline, killing
 * it, and reading its status records.
 *
 *   wait    polls the top process's pidfd; when it ends, the whole run has
 *           ended (bwrap's pid namespace is torn down before bwrap exits;
 *           the none backend's reaper kills every descendant before it
 *           exits).  The command's own status comes from securer-init's
 *           EXITED/SIGNALED record.
 *   kill    bwrap: SIGKILL to the sandbox's pid 1 (the kernel then kills
 *           the namespace) and to bwrap; none: SIGTERM to the reaper, which
 *           kills the tree, SIGKILL after a grace period.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "internal.h"
#include "sandbox.h"

static const char *setup_step(int arg)
{
	switch (arg) {
	case SECURER__SETUP_ARGS:
		return "parsing securer-init arguments";
	case SECURER__SETUP_RLIMIT:
		return "setting the rlimits";
	case SECURER__SETUP_CHDIR:
		return "changing to the working directory";
	case SECURER__SETUP_FORK:
		return "forking the command";
	case SECURER__SETUP_STDERR:
		return "setting up stderr";
	case SECURER__SETUP_LANDLOCK:
		return "enforcing the Landlock ruleset";
	case SECURER__SETUP_SECCOMP:
		return "loading the seccomp filter";
	case SECURER__SETUP_BUDGET:
		return "measuring the private directory's filesystem";
	case SECURER__SETUP_SESSION:
		return "starting a new session";
	case SECURER__SETUP_CGROUP:
		return "joining the sandbox's cgroups";
	case SECURER__SETUP_FDS:
		return "arranging file descriptors";
	case SECURER__SETUP_NNP:
		return "setting no_new_privs";
	case SECURER__SETUP_EXEC_TOOL:
		return "executing the backend's tool";
	case SECURER__SETUP_CAPS:
		return "dropping the capabilities";
	default:
		return "setting up";
	}
}

int securer__sandbox_records(securer_sandbox *sb, bool *started)
{
	struct securer__status_rec rec;
	int n = 0;

	for (;;) {
		ssize_t got = read(sb->run.status_rd, &rec, sizeof(rec));

		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			return n; /* EAGAIN: nothing more for now */
		if (got == 0)
			return n ? n : -1;
		if (got != (ssize_t)sizeof(rec))
			return n;
		n++;
		switch (rec.kind) {
		case SECURER__ST_STARTED:
			*started = true;
			break;
		case SECURER__ST_EXEC:
			sb->exec_errno = rec.err ? rec.err : ENOEXEC;
			break;
		case SECURER__ST_SETUP:
			/* A missing or unexecutable tool keeps its errno; any
			 * other setup failure means it cannot confine here. */
			sb->end_rc =
			    rec.arg == SECURER__SETUP_EXEC_TOOL && rec.err
			        ? -rec.err
			        : -EPERM;
			securer__fail(sb->run.err, sb->end_rc,
			              "%s sandbox setup "
			              "failed while %s: %s",
			              sb->run.ops->name, setup_step(rec.arg),
			              strerror(rec.err));
			break;
		case SECURER__ST_LIMIT:
			sb->over_limit = true;
			securer__limit_message(&sb->run, &rec);
			break;
		case SECURER__ST_EXITED:
		case SECURER__ST_SIGNALED:
			sb->last = rec;
			sb->have_last = true;
			break;
		case SECURER__ST_RUSAGE:
			sb->rss_kb = rec.arg;
			break;
		}
	}
}

void securer__sandbox_reap(securer_sandbox *sb, int *wstatus, struct rusage *ru)
{
	memset(ru, 0, sizeof(*ru));
	*wstatus = 0;
	while (wait4(sb->proc.pid, wstatus, 0, ru) < 0 && errno == EINTR)
		;
}

/* Everything of the run is dead: release what outlived it. */
void securer__sandbox_finish(securer_sandbox *sb)
{
	struct securer__run *r = &sb->run;

	securer__cgroup_destroy(&r->cgroup);
	securer__private_dir_remove(r->private_dir);
	securer__close_fd(&sb->init_pidfd);
	securer__close_fd(&r->info_rd);
	securer__close_fd(&r->diag_rd);
	securer__close_fd(&r->status_rd);
	sb->ended = true;
}

/* The run ended: reap, read the last records, fill the status. */
static int conclude(securer_sandbox *sb)
{
	struct rusage ru;
	bool started = false;
	int ws;

	securer__sandbox_reap(sb, &ws, &ru);
	if (sb->init_pidfd >= 0) {
		struct pollfd pfd = {sb->init_pidfd, POLLIN, 0};

		/* pid 1 exits after every process of its namespace */
		while (poll(&pfd, 1, SECURER__KILL_GRACE_MS) < 0 &&
		       errno == EINTR)
			;
	}
	securer__sandbox_records(sb, &started);
	memset(&sb->status, 0, sizeof(sb->status));
	/* The reaper's own figure is its children's: when it is a copy of
	 * the caller (spawn.c), its own resident set is the caller's. */
	sb->status.max_rss_kb = sb->rss_kb >= 0 ? sb->rss_kb : ru.ru_maxrss;
	sb->status.duration_ms = securer_monotonic_ms() - sb->t_start;
	if (sb->have_last && sb->last.kind == SECURER__ST_EXITED) {
		sb->status.exited = 1;
		sb->status.exit_code = sb->last.arg;
	} else if (sb->have_last) {
		sb->status.term_signal = sb->last.arg;
	} else if (WIFSIGNALED(ws)) {
		sb->status.term_signal = WTERMSIG(ws);
	} else {
		/* The top process ended without a record from securer-init:
		 * it was killed from outside. */
		sb->status.term_signal = SIGKILL;
	}
	sb->status.memory_oom_kills =
	    securer__cgroup_oom_kills(&sb->run.cgroup);
	if (sb->status.memory_oom_kills > 0 && !sb->status.exited &&
	    !sb->run.err[0])
		securer__fail(
		    sb->run.err, 0,
		    "the run reached its memory limit "
		    "(limits.memory_bytes, %lld MiB): the kernel "
		    "killed %lld of its processes",
		    (long long)(sb->run.policy->limits[SECURER_LIMIT_MEMORY] >>
		                20),
		    (long long)sb->status.memory_oom_kills);
	securer__close_fd(&sb->proc.pidfd);
	securer__sandbox_finish(sb);
	if (sb->exec_errno)
		sb->end_rc = securer__fail(sb->run.err, -sb->exec_errno,
		                           "cannot execute the command in the "
		                           "sandbox: %s",
		                           strerror(sb->exec_errno));
	return sb->end_rc;
}

int securer_sandbox_wait(securer_sandbox *sb, int64_t deadline_ms,
                         securer_status *status)
{
	int rc;

	if (!sb->started)
		return securer__fail(sb->run.err, -ECHILD,
		                     "sandbox not started");
	while (!sb->ended) {
		struct pollfd pfd = {sb->proc.pidfd, POLLIN, 0};
		int timeout = -1, n;
		bool last = false;

		if (deadline_ms >= 0) {
			int64_t left = deadline_ms - securer_monotonic_ms();

			/* Past the deadline, still look once: a run that
			 * already ended has not timed out. */
			last = left <= 0;
			timeout = last                ? 0
			          : left > 0x7fffffff ? 0x7fffffff
			                              : (int)left;
		}
		n = poll(&pfd, 1, timeout);
		if (n < 0 && errno == EINTR)
			return securer__fail(sb->run.err, -EINTR,
			                     "interrupted");
		if (n < 0)
			return securer__fail_errno(sb->run.err, -errno, "poll");
		if (n > 0) {
			conclude(sb);
			break;
		}
		if (last)
			return securer__fail(sb->run.err, -ETIMEDOUT,
			                     "deadline passed");
	}
	rc = sb->end_rc;
	if (status)
		*status = sb->status;
	return rc;
}

/* The reaper did not kill the tree in time (stopped, stuck): it is
 * killed, and its orphans are found through the run's cgroup (pids, or
 * memory) when it has one.  0 when nothing of the run is left. */
static int kill_without_reaper(securer_sandbox *sb)
{
	int rc;

	securer__pidfd_send_signal(sb->proc.pidfd, SIGKILL);
	rc = securer__cgroup_kill(&sb->run.cgroup, securer_monotonic_ms() +
	                                               SECURER__KILL_GRACE_MS);
	if (rc == 0)
		return 0;
	return securer__fail(sb->run.err, -ETIMEDOUT,
	                     "the reaper did not finish within %d ms and %s: "
	                     "descendants of the run may remain",
	                     SECURER__KILL_GRACE_MS,
	                     rc == -ENOENT ? "the run has no cgroup"
	                                   : "its cgroup is not empty");
}

int securer_sandbox_kill(securer_sandbox *sb)
{
	struct pollfd pfd;
	int rc = 0;

	if (!sb->started || sb->ended)
		return 0;
	if (sb->run.backend == SECURER_BACKEND_BWRAP) {
		/* The kernel kills a pid namespace whole with its pid 1. */
		if (sb->init_pidfd >= 0)
			securer__pidfd_send_signal(sb->init_pidfd, SIGKILL);
		securer__pidfd_send_signal(sb->proc.pidfd, SIGKILL);
	} else {
		/* The reaper kills the whole tree, by pid, then exits. */
		securer__pidfd_send_signal(sb->proc.pidfd, SIGTERM);
		pfd = (struct pollfd){sb->proc.pidfd, POLLIN, 0};
		if (poll(&pfd, 1, SECURER__KILL_GRACE_MS) == 0)
			rc = kill_without_reaper(sb);
	}
	conclude(sb);
	sb->status.exited = 0;
	if (!sb->status.term_signal)
		sb->status.term_signal = SIGKILL;
	return rc;
}

int securer_sandbox_run_to_end(securer_sandbox *sb, int64_t deadline_ms,
                               securer_status *status)
{
	int64_t timeout = sb->run.policy->limits[SECURER_LIMIT_TIMEOUT_MS];
	int rc;

	if (deadline_ms < 0 && timeout > 0)
		deadline_ms = sb->t_start + timeout;
	rc = securer_sandbox_wait(sb, deadline_ms, status);
	if (rc != -ETIMEDOUT)
		return rc;
	rc = securer_sandbox_kill(sb);
	sb->status.timed_out = 1;
	if (status)
		*status = sb->status;
	return rc;
}

void securer_sandbox_free(securer_sandbox *sb)
{
	if (!sb)
		return;
	if (sb->started && !sb->ended)
		securer_sandbox_kill(sb);
	securer__sandbox_release(sb);
	securer__close_fd(&sb->proc.pidfd);
	securer_policy_free(sb->run.policy);
	free(sb);
}
