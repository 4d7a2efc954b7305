/*
 * sandbox.c - one confined command: starting it.  Waiting for it and
 * killing it are in sandbox_end.c.
 *
 * Lifecycle and invariants:
 *   start   pipes and (when limited) a pids cgroup are made, the backend
 *           builds the launch, spawn forks it, and start returns only when
 *           securer-init reports that the command is being executed.  If
 *           anything fails before that, the top process is killed and
 *           reaped and nothing of argv ran.
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
#include <fcntl.h>
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

#define INFO_WAIT_MS 2000

void securer_start_opts_init(securer_start_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->stdin_fd = o->stdout_fd = o->stderr_fd = -1;
}

securer_sandbox *securer_sandbox_new(const securer_policy *policy,
                                     securer_backend backend)
{
	securer_sandbox *sb = calloc(1, sizeof(*sb));

	if (!sb)
		return NULL;
	sb->run.policy = securer_policy_dup(policy);
	if (!sb->run.policy) {
		free(sb);
		return NULL;
	}
	sb->requested = backend;
	sb->run.backend = backend;
	sb->run.status_rd = sb->run.status_wr = -1;
	sb->run.diag_rd = sb->run.diag_wr = -1;
	sb->run.info_rd = sb->run.info_wr = -1;
	sb->run.confine_wr = -1;
	securer__cgroup_init(&sb->run.cgroup);
	sb->proc.pid = -1;
	sb->proc.pidfd = -1;
	sb->init_pidfd = -1;
	sb->null_fd = -1;
	sb->rss_kb = -1;
	securer__launch_init(&sb->run.launch);
	return sb;
}

/* The run's cgroups: the pids limit (limits.processes) and the memory limit
 * of the whole run (limits.memory_bytes).  Root must have both, since the
 * kernel does not apply RLIMIT_NPROC to uid 0 and root can always make a
 * memory group where the controller exists; another user gets them where
 * a cgroup is delegated to it, and otherwise the rlimits alone (the
 * process count per user, the address space per process: doctor and
 * securer_memory_cap_probe say which). */
static int setup_cgroup(securer_sandbox *sb)
{
	struct securer__run *r = &sb->run;
	int64_t max = r->policy->limits[SECURER_LIMIT_PROCESSES];
	int64_t bytes = r->policy->limits[SECURER_LIMIT_MEMORY];
	char why[SECURER__CGROUP_WHY];
	int rc;

	if (max == 0 && bytes == 0)
		return 0;
	/* + securer's own processes: bwrap and securer-init, or the reaper */
	rc = securer__cgroup_create(&r->cgroup, max ? max + 2 : 0, bytes, why,
	                            sizeof(why));
	sb->memory_capped = r->cgroup.memory;
	snprintf(sb->mem_why, sizeof(sb->mem_why), "%s", r->cgroup.mem_why);
	if (rc == 0 && bytes > 0 && !r->cgroup.memory && geteuid() == 0) {
		snprintf(why, sizeof(why), "%s", r->cgroup.mem_why);
		securer__cgroup_destroy(&r->cgroup);
		return securer__fail(
		    r->err, -EPERM,
		    "cannot enforce limits.memory_bytes as root: no memory "
		    "cgroup is usable (%s); set limits.memory_bytes to 0 to "
		    "cap memory per process only (limits.address_space_bytes)",
		    why);
	}
	if (rc == 0) {
		r->launch.cgroup_fd = r->cgroup.join_fd;
		r->launch.cgroup_dir_fd = r->cgroup.dir_fd;
		r->launch.cgroup_mem_fd = r->cgroup.mem_join_fd;
		return 0;
	}
	if (geteuid() != 0)
		return 0;
	return securer__fail(
	    r->err, -EPERM,
	    "cannot enforce limits.processes as root: the "
	    "kernel does not apply RLIMIT_NPROC to uid 0 and no "
	    "pids cgroup is usable (%s); run securer as an "
	    "unprivileged user, or set limits.processes to 0 to "
	    "run without a process limit",
	    why);
}

static int validate(securer_sandbox *sb, const char *const argv[],
                    const securer_start_opts *o)
{
	char *err = sb->run.err;

	if (sb->started)
		return securer__fail(err, -EALREADY, "sandbox already started");
	if (!argv || !argv[0] || !argv[0][0])
		return securer__fail(err, -EINVAL, "no command to run");
	if (o->n_fds > SECURER__MAX_EXTRA_FDS)
		return securer__fail(err, -EINVAL, "at most %d extra fds",
		                     SECURER__MAX_EXTRA_FDS);
	for (size_t i = 0; i < o->n_fds; i++)
		if (o->fds[i].child_fd < 3 ||
		    o->fds[i].child_fd >= SECURER__FD_BASE ||
		    o->fds[i].parent_fd < 0)
			return securer__fail(
			    err, -EINVAL,
			    "extra fd %d -> %d: child fds must be "
			    "3..%d",
			    o->fds[i].parent_fd, o->fds[i].child_fd,
			    SECURER__FD_BASE - 1);
	return 0;
}

static int make_pipes(securer_sandbox *sb)
{
	struct securer__run *r = &sb->run;
	int p[2];

	/* Read ends are non-blocking: records are read until EAGAIN. */
	if (pipe2(p, O_CLOEXEC) < 0)
		return securer__fail_errno(r->err, -errno, "pipe");
	r->status_rd = p[0];
	r->status_wr = p[1];
	fcntl(r->status_rd, F_SETFL, O_NONBLOCK);
	if (pipe2(p, O_CLOEXEC) < 0)
		return securer__fail_errno(r->err, -errno, "pipe");
	r->diag_rd = p[0];
	r->diag_wr = p[1];
	if (r->backend == SECURER_BACKEND_BWRAP) {
		if (pipe2(p, O_CLOEXEC) < 0)
			return securer__fail_errno(r->err, -errno, "pipe");
		r->info_rd = p[0];
		r->info_wr = p[1];
	}
	return 0;
}

static int map_common(securer_sandbox *sb, securer_start_opts *o)
{
	struct securer__run *r = &sb->run;
	int rc = 0;

	if (o->stdin_fd < 0 || o->stdout_fd < 0 || o->stderr_fd < 0) {
		sb->null_fd = open("/dev/null", O_RDWR | O_CLOEXEC);
		if (sb->null_fd < 0)
			return securer__fail_errno(r->err, -errno, "/dev/null");
		if (o->stdin_fd < 0)
			o->stdin_fd = sb->null_fd;
		if (o->stdout_fd < 0)
			o->stdout_fd = sb->null_fd;
		if (o->stderr_fd < 0)
			o->stderr_fd = sb->null_fd;
	}
	rc = securer__launch_map(&r->launch, o->stdin_fd, 0);
	if (rc == 0)
		rc = securer__launch_map(&r->launch, o->stdout_fd, 1);
	if (rc == 0)
		rc = securer__launch_map(&r->launch, r->status_wr,
		                         SECURER__FD_STATUS);
	for (size_t i = 0; rc == 0 && i < o->n_fds; i++)
		rc = securer__launch_map(&r->launch, o->fds[i].parent_fd,
		                         o->fds[i].child_fd);
	r->status_child_fd = SECURER__FD_STATUS;
	return rc < 0 ? securer__fail_errno(r->err, rc, "fd map") : 0;
}

/* What the launch needed only until the fork: the child's ends of the
 * pipes, the memfds, the confinement's channel. */
void securer__sandbox_release(securer_sandbox *sb)
{
	struct securer__run *r = &sb->run;

	for (size_t i = 0; i < sb->n_close_later; i++)
		close(sb->close_later[i]);
	sb->n_close_later = 0;
	securer__close_fd(&r->status_wr);
	securer__close_fd(&r->diag_wr);
	securer__close_fd(&r->info_wr);
	securer__close_fd(&r->confine_wr);
	securer__close_fd(&sb->null_fd);
	securer__launch_release(&r->launch);
}

/* bwrap: the host pid of the sandbox's pid 1, from --info-fd.  Verified to
 * be bwrap's child through a pidfd, so a recycled pid is never signalled. */
static void find_init(securer_sandbox *sb)
{
	char buf[1024] = "", path[64], *stat, *p;
	struct pollfd pfd = {sb->run.info_rd, POLLIN, 0};
	size_t len = 0;
	int pid, fd;

	while (len + 1 < sizeof(buf) && !memchr(buf, '}', len)) {
		ssize_t n;

		if (poll(&pfd, 1, INFO_WAIT_MS) <= 0)
			break;
		n = read(sb->run.info_rd, buf + len, sizeof(buf) - 1 - len);
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	buf[len] = '\0';
	p = strstr(buf, "\"child-pid\"");
	if (!p || sscanf(p, "\"child-pid\" : %d", &pid) != 1 || pid <= 1)
		if (!p || sscanf(p, "\"child-pid\":%d", &pid) != 1 || pid <= 1)
			return;
	fd = securer__pidfd_open(pid);
	if (fd < 0)
		return;
	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	stat = securer__read_file(path, 1024);
	p = stat ? strrchr(stat, ')') : NULL;
	if (p && atoi(p + 4) == sb->proc.pid)
		sb->init_pidfd = fd;
	else
		close(fd);
	free(stat);
}

/* Waits for STARTED, or for the top process to die first. */
static int await_start(securer_sandbox *sb)
{
	struct securer__run *r = &sb->run;
	int64_t timeout = r->opts->start_timeout_ms > 0
	                      ? r->opts->start_timeout_ms
	                      : r->policy->limits[SECURER_LIMIT_TIMEOUT_MS];
	int64_t deadline =
	    securer_monotonic_ms() + (timeout > 0 ? timeout : 60000);
	bool started = false, dead = false;

	while (!started && !dead) {
		struct pollfd pfd[2] = {{r->status_rd, POLLIN, 0},
		                        {sb->proc.pidfd, POLLIN, 0}};
		int64_t left = deadline - securer_monotonic_ms();
		int n;

		if (left <= 0)
			return securer__fail(
			    r->err, -ETIMEDOUT,
			    "the %s sandbox did not start within "
			    "%lld ms",
			    r->ops->name,
			    (long long)(timeout > 0 ? timeout : 60000));
		n = poll(pfd, 2, (int)left);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return securer__fail_errno(r->err, -errno, "poll");
		if (pfd[0].revents)
			if (securer__sandbox_records(sb, &started) < 0)
				dead = true; /* every writer gone */
		if (sb->end_rc < 0)
			return sb->end_rc;
		if (!started && pfd[1].revents)
			dead = true;
	}
	if (started)
		return 0;
	{
		char said[SECURER__ERR_SIZE];

		fcntl(r->diag_rd, F_SETFL, O_NONBLOCK);
		securer__drain_text(r->diag_rd, said, sizeof(said));
		r->ops->diagnose(r, said);
	}
	return -EPERM;
}

static void abort_start(securer_sandbox *sb)
{
	int ws;
	struct rusage ru;

	if (sb->proc.pid > 0) {
		kill(sb->proc.pid, SIGKILL);
		securer__sandbox_reap(sb, &ws, &ru);
	}
	securer__close_fd(&sb->proc.pidfd);
	sb->proc.pid = -1;
	securer__sandbox_release(sb);
	securer__sandbox_finish(sb);
}

/* One attempt with r->backend.  On failure everything is released and
 * the sandbox is marked ended. */
static int start_backend(securer_sandbox *sb, const char *const argv[],
                         securer_start_opts o)
{
	struct securer__run *r = &sb->run;
	int rc;

	r->opts = &o;
	r->ops = securer__backend_ops(r->backend);
	if (!r->ops) {
		sb->ended = true;
		return securer__fail(r->err, -EINVAL, "unknown backend %d",
		                     (int)r->backend);
	}
	if ((rc = make_pipes(sb)) < 0 || (rc = map_common(sb, &o)) < 0 ||
	    (rc = setup_cgroup(sb)) < 0)
		goto fail;
	rc = r->ops->prepare(r, argv);
	/* Memfds the backend mapped are ours to close after the fork, or
	 * now if it failed half-way. */
	for (size_t i = 0; i < r->launch.n_maps; i++) {
		int from = r->launch.maps[i].from;
		bool user = from == o.stdin_fd || from == o.stdout_fd ||
		            from == o.stderr_fd || from == r->status_wr ||
		            from == r->diag_wr || from == r->info_wr;

		for (size_t j = 0; j < o.n_fds; j++)
			user |= from == o.fds[j].parent_fd;
		if (!user)
			sb->close_later[sb->n_close_later++] = from;
	}
	if (rc < 0)
		goto fail;
	r->launch.spare = !sb->session;
	if ((rc = securer__spawn(&r->launch, r->status_child_fd, &sb->proc,
	                         r->err)) < 0 ||
	    (r->ops->spawned && (rc = r->ops->spawned(r)) < 0))
		goto fail;
	securer__sandbox_release(sb);
	if ((rc = await_start(sb)) < 0)
		goto fail;
	if (r->info_rd >= 0)
		find_init(sb);
	/* The command runs: the next start's reaper can start meanwhile. */
	securer__spare_refill(&r->launch);
	r->opts = NULL;
	r->err[0] = '\0'; /* from now on it says why the run ended, if odd */
	return 0;
fail:
	r->opts = NULL;
	abort_start(sb);
	return rc;
}

void securer__sandbox_for_session(securer_sandbox *sb)
{
	sb->session = true;
}

/* What a failed attempt left, back to new, for AUTO's next backend (the
 * attempt already released and closed everything). */
static void reset_for_retry(securer_sandbox *sb)
{
	struct securer__run *r = &sb->run;

	sb->ended = false;
	sb->end_rc = 0;
	sb->exec_errno = 0;
	sb->have_last = false;
	sb->rss_kb = -1;
	sb->n_close_later = 0;
	securer__launch_release(&r->launch);
	securer__launch_init(&r->launch);
	securer__cgroup_init(&r->cgroup);
	r->tool[0] = '\0';
	r->err[0] = '\0';
}

/* AUTO: bwrap, then landlock when bwrap cannot confine here (missing, or
 * refused: user namespaces denied...).  Never none.  Nothing of argv ran
 * when bwrap failed to start, so starting again is safe. */
static int start_auto(securer_sandbox *sb, const char *const argv[],
                      const securer_start_opts *o)
{
	struct securer__run *r = &sb->run;
	char bwrap_said[SECURER__ERR_SIZE];
	int rc;

	r->backend = SECURER_BACKEND_BWRAP;
	rc = start_backend(sb, argv, *o);
	if (rc == 0 || (rc != -EPERM && rc != -ENOENT))
		return rc;
	memcpy(bwrap_said, r->err, sizeof(bwrap_said));
	reset_for_retry(sb);
	r->backend = SECURER_BACKEND_LANDLOCK;
	if ((rc = start_backend(sb, argv, *o)) == 0) {
		snprintf(sb->auto_reason, sizeof(sb->auto_reason), "%s",
		         bwrap_said);
		return 0;
	}
	{
		char landlock_said[SECURER__ERR_SIZE];

		memcpy(landlock_said, r->err, sizeof(landlock_said));
		securer__fail(r->err, rc,
		              "no sandbox backend works here (auto tries "
		              "bwrap, then landlock, never none): %.480s; "
		              "%.480s",
		              bwrap_said, landlock_said);
	}
	return rc;
}

int securer_sandbox_start(securer_sandbox *sb, const char *const argv[],
                          const securer_start_opts *opts)
{
	securer_start_opts o;
	int rc;

	if (opts)
		o = *opts;
	else
		securer_start_opts_init(&o);
	if ((rc = validate(sb, argv, &o)) < 0)
		return rc;
	sb->started = true;
	sb->t_start = securer_monotonic_ms();
	if (sb->requested == SECURER_BACKEND_AUTO)
		return start_auto(sb, argv, &o);
	sb->run.backend = sb->requested;
	return start_backend(sb, argv, o);
}

const char *securer_sandbox_auto_reason(const securer_sandbox *sb)
{
	return sb->auto_reason;
}

int securer_sandbox_memory_capped(const securer_sandbox *sb, char *why,
                                  size_t why_size)
{
	if (sb->memory_capped)
		return 1;
	if (why && why_size)
		snprintf(why, why_size, "%s",
		         sb->run.policy->limits[SECURER_LIMIT_MEMORY] == 0
		             ? "limits.memory_bytes is 0"
		         : sb->mem_why[0] ? sb->mem_why
		                          : "no memory cgroup was made");
	return 0;
}

bool securer__sandbox_over_limit(const securer_sandbox *sb)
{
	return sb->over_limit;
}

securer_backend securer_sandbox_backend(const securer_sandbox *sb)
{
	return sb->run.backend;
}

int securer_sandbox_pidfd(const securer_sandbox *sb)
{
	return sb->ended ? -1 : sb->proc.pidfd;
}

pid_t securer_sandbox_pid(const securer_sandbox *sb)
{
	return sb->proc.pid;
}

const char *securer_sandbox_error(const securer_sandbox *sb)
{
	return sb ? sb->run.err : "no sandbox";
}
