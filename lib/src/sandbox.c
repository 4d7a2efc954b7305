/*
 * sandbox.c - one confined command: start, wait with a deadline, kill.
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
#include <ftw.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "internal.h"

#define FD_STATUS     SECURER__FD_BASE
#define KILL_GRACE_MS 5000
#define INFO_WAIT_MS  2000

struct securer_sandbox {
	struct securer__run run;
	securer_backend requested;
	struct securer__proc proc;
	int init_pidfd; /* bwrap: pidfd of the sandbox's pid 1 */
	int null_fd;
	int close_later[SECURER__MAX_FDS];
	size_t n_close_later;
	bool started, ended;
	int64_t t_start;
	struct securer__status_rec last; /* last EXITED/SIGNALED record */
	bool have_last;
	int exec_errno; /* ST_EXEC: argv[0] could not be executed */
	securer_status status;
	int end_rc;
};

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
	case SECURER__SETUP_SESSION:
		return "starting a new session";
	case SECURER__SETUP_CGROUP:
		return "joining the pids cgroup";
	case SECURER__SETUP_FDS:
		return "arranging file descriptors";
	case SECURER__SETUP_NNP:
		return "setting no_new_privs";
	case SECURER__SETUP_EXEC_TOOL:
		return "executing the backend's tool";
	default:
		return "setting up";
	}
}

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
	sb->run.cgroup.procs_fd = -1;
	sb->proc.pid = -1;
	sb->proc.pidfd = -1;
	sb->init_pidfd = -1;
	sb->null_fd = -1;
	securer__launch_init(&sb->run.launch);
	return sb;
}

static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

int securer__init_args(struct securer__run *r, struct securer__strv *sv,
                       int stderr_fd_in_child)
{
	static const struct {
		securer_limit limit;
		const char *res;
	} rlimits[] = {
	    {SECURER_LIMIT_CPU_SECONDS, "cpu"},
	    {SECURER_LIMIT_ADDRESS_SPACE, "as"},
	    {SECURER_LIMIT_FILE_SIZE, "fsize"},
	    {SECURER_LIMIT_OPEN_FILES, "nofile"},
	    {SECURER_LIMIT_PROCESSES, "nproc"},
	    {SECURER_LIMIT_CORE, "core"},
	};
	const securer_policy *p = r->policy;

	securer__strv_push(sv, "-s");
	securer__strv_pushf(sv, "%d", FD_STATUS);
	if (stderr_fd_in_child >= 0) {
		securer__strv_push(sv, "-e");
		securer__strv_pushf(sv, "%d", stderr_fd_in_child);
	}
	for (size_t i = 0; i < sizeof(rlimits) / sizeof(rlimits[0]); i++) {
		int64_t v = p->limits[rlimits[i].limit];

		/* 0 means "no limit", except for core files where 0 is the
		 * limit. */
		if (v == 0 && rlimits[i].limit != SECURER_LIMIT_CORE)
			continue;
		securer__strv_push(sv, "-r");
		securer__strv_pushf(sv, "%s=%lld", rlimits[i].res,
		                    (long long)v);
	}
	for (size_t i = 0; i < r->opts->n_fds; i++) {
		securer__strv_push(sv, "-k");
		securer__strv_pushf(sv, "%d", r->opts->fds[i].child_fd);
	}
	securer__strv_push(sv, "--");
	return sv->oom ? securer__fail(r->err, -ENOMEM, "out of memory") : 0;
}

/* The pids cgroup: required as root (RLIMIT_NPROC does not bind uid 0),
 * used when available otherwise. */
static int setup_cgroup(securer_sandbox *sb)
{
	struct securer__run *r = &sb->run;
	int64_t max = r->policy->limits[SECURER_LIMIT_PROCESSES];
	char why[600];
	int rc;

	if (max == 0)
		return 0;
	/* + securer's own processes: bwrap and securer-init, or the reaper */
	rc = securer__cgroup_create(&r->cgroup, max + 2, why, sizeof(why));
	if (rc == 0) {
		r->launch.cgroup_fd = r->cgroup.procs_fd;
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
	if (o->n_fds > 16)
		return securer__fail(err, -EINVAL, "at most 16 extra fds");
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
		rc = securer__launch_map(&r->launch, r->status_wr, FD_STATUS);
	for (size_t i = 0; rc == 0 && i < o->n_fds; i++)
		rc = securer__launch_map(&r->launch, o->fds[i].parent_fd,
		                         o->fds[i].child_fd);
	r->status_child_fd = FD_STATUS;
	return rc < 0 ? securer__fail_errno(r->err, rc, "fd map") : 0;
}

/* Reads whole records; returns how many were read, negative on EOF. */
static int read_records(securer_sandbox *sb, bool *started)
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
		case SECURER__ST_EXITED:
		case SECURER__ST_SIGNALED:
			sb->last = rec;
			sb->have_last = true;
			break;
		}
	}
}

static void reap_top(securer_sandbox *sb, int *wstatus, struct rusage *ru)
{
	memset(ru, 0, sizeof(*ru));
	*wstatus = 0;
	while (wait4(sb->proc.pid, wstatus, 0, ru) < 0 && errno == EINTR)
		;
}

static void release_run(securer_sandbox *sb)
{
	struct securer__run *r = &sb->run;

	for (size_t i = 0; i < sb->n_close_later; i++)
		close(sb->close_later[i]);
	sb->n_close_later = 0;
	close_fd(&r->status_wr);
	close_fd(&r->diag_wr);
	close_fd(&r->info_wr);
	close_fd(&sb->null_fd);
	securer__launch_release(&r->launch);
}

static int rm_entry(const char *path, const struct stat *st, int flag,
                    struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (flag == FTW_DP)
		rmdir(path);
	else
		unlink(path);
	return 0;
}

/* Everything of the run is dead: release what outlived it. */
static void finish_run(securer_sandbox *sb)
{
	struct securer__run *r = &sb->run;

	securer__cgroup_destroy(&r->cgroup);
	if (r->private_dir[0]) {
		/* FTW_PHYS: never follow a symlink the code planted. */
		nftw(r->private_dir, rm_entry, 16,
		     FTW_DEPTH | FTW_PHYS | FTW_MOUNT);
		r->private_dir[0] = '\0';
	}
	close_fd(&sb->init_pidfd);
	close_fd(&r->info_rd);
	close_fd(&r->diag_rd);
	close_fd(&r->status_rd);
	sb->ended = true;
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
	int64_t timeout = r->policy->limits[SECURER_LIMIT_TIMEOUT_MS];
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
			if (read_records(sb, &started) < 0)
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
		reap_top(sb, &ws, &ru);
	}
	close_fd(&sb->proc.pidfd);
	sb->proc.pid = -1;
	release_run(sb);
	finish_run(sb);
}

int securer_sandbox_start(securer_sandbox *sb, const char *const argv[],
                          const securer_start_opts *opts)
{
	struct securer__run *r = &sb->run;
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
	r->opts = &o;
	/* AUTO: the strongest backend there is; none is never chosen. */
	if (sb->requested == SECURER_BACKEND_AUTO)
		r->backend = SECURER_BACKEND_BWRAP;
	r->ops = securer__backend_ops(r->backend);
	if (!r->ops) {
		sb->ended = true;
		return securer__fail(r->err, -EINVAL, "unknown backend %d",
		                     (int)r->backend);
	}
	if ((rc = make_pipes(sb)) < 0 || (rc = map_common(sb, &o)) < 0 ||
	    (rc = setup_cgroup(sb)) < 0 || (rc = r->ops->prepare(r, argv)) < 0)
		goto fail;
	/* Memfds the backend mapped are ours to close after the fork. */
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
	if ((rc = securer__spawn(&r->launch, r->status_child_fd, &sb->proc,
	                         r->err)) < 0)
		goto fail;
	release_run(sb);
	if ((rc = await_start(sb)) < 0)
		goto fail;
	if (r->info_rd >= 0)
		find_init(sb);
	r->opts = NULL;
	return 0;
fail:
	r->opts = NULL;
	abort_start(sb);
	return rc;
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

/* The run ended: reap, read the last records, fill the status. */
static int conclude(securer_sandbox *sb)
{
	struct rusage ru;
	bool started = false;
	int ws;

	reap_top(sb, &ws, &ru);
	if (sb->init_pidfd >= 0) {
		struct pollfd pfd = {sb->init_pidfd, POLLIN, 0};

		/* pid 1 exits after every process of its namespace */
		while (poll(&pfd, 1, KILL_GRACE_MS) < 0 && errno == EINTR)
			;
	}
	read_records(sb, &started);
	memset(&sb->status, 0, sizeof(sb->status));
	sb->status.max_rss_kb = ru.ru_maxrss;
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
	close_fd(&sb->proc.pidfd);
	finish_run(sb);
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

int securer_sandbox_kill(securer_sandbox *sb)
{
	struct pollfd pfd;

	if (!sb->started || sb->ended)
		return 0;
	if (sb->run.backend == SECURER_BACKEND_BWRAP) {
		if (sb->init_pidfd >= 0)
			securer__pidfd_send_signal(sb->init_pidfd, SIGKILL);
		securer__pidfd_send_signal(sb->proc.pidfd, SIGKILL);
	} else {
		/* The reaper kills the whole tree, by pid, then exits. */
		securer__pidfd_send_signal(sb->proc.pidfd, SIGTERM);
		pfd = (struct pollfd){sb->proc.pidfd, POLLIN, 0};
		if (poll(&pfd, 1, KILL_GRACE_MS) == 0) {
			securer__pidfd_send_signal(sb->proc.pidfd, SIGKILL);
			securer__fail(sb->run.err, -ETIMEDOUT,
			              "the reaper did not finish within %d ms; "
			              "descendants may remain",
			              KILL_GRACE_MS);
		}
	}
	conclude(sb);
	sb->status.exited = 0;
	if (!sb->status.term_signal)
		sb->status.term_signal = SIGKILL;
	return 0;
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
	securer_sandbox_kill(sb);
	sb->status.timed_out = 1;
	if (status)
		*status = sb->status;
	return 0;
}

void securer_sandbox_free(securer_sandbox *sb)
{
	if (!sb)
		return;
	if (sb->started && !sb->ended)
		securer_sandbox_kill(sb);
	release_run(sb);
	close_fd(&sb->proc.pidfd);
	securer_policy_free(sb->run.policy);
	free(sb);
}
