/*
 * init_reap.c - the reaper (init_reap.h): securer-init's main loop.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "init_abi.h"
#include "init_reap.h"

void reap_cfg_init(struct reap_cfg *c)
{
	memset(c, 0, sizeof(*c));
	c->status_fd = c->err_fd = -1;
	confine_init(&c->confine);
}

static void report(const struct reap_cfg *c, int kind, int arg, int err)
{
	struct securer__status_rec r = {kind, arg, err, 0};

	if (c->status_fd >= 0)
		while (write(c->status_fd, &r, sizeof(r)) < 0 && errno == EINTR)
			;
}

/* What a vforked command tells the reaper through the memory they share
 * until its exec: that it is confined and about to execute, and why the
 * exec failed.  The reaper reports both once it runs again, so that the
 * command's last steps before its exec make no write that wakes the
 * library. */
struct news {
	volatile int started;
	volatile int exec_errno;
};

/* In the command's process: limits, stderr, directory, confinement, then
 * exec.  Never returns.  |news|: NULL after a fork. */
static __attribute__((noreturn)) void exec_command(const struct reap_cfg *c,
                                                   char **cmd,
                                                   const sigset_t *old,
                                                   struct news *news)
{
	int step = 0, rc;

	/* Every disposition is already the default: the reaper changes none
	 * (securer-init and spawn.c reset them before it runs). */
	sigprocmask(SIG_SETMASK, old, NULL);
	setpgid(0, 0);
	for (int i = 0; i < c->n_limits; i++) {
		struct rlimit rl = {c->limits[i].val, c->limits[i].val};

		if (setrlimit(c->limits[i].res, &rl) < 0) {
			report(c, SECURER__ST_SETUP, SECURER__SETUP_RLIMIT,
			       errno);
			_exit(126);
		}
	}
	if (c->err_fd >= 0) {
		if (dup2(c->err_fd, 2) < 0) {
			report(c, SECURER__ST_SETUP, SECURER__SETUP_STDERR,
			       errno);
			_exit(126);
		}
		close(c->err_fd);
	}
	if (c->work_dir && chdir(c->work_dir) < 0) {
		report(c, SECURER__ST_SETUP, SECURER__SETUP_CHDIR, errno);
		_exit(126);
	}
	if ((rc = confine_apply(&c->confine, &step)) < 0) {
		report(c, SECURER__ST_SETUP, step, -rc);
		_exit(126);
	}
	if (c->status_fd >= 0)
		fcntl(c->status_fd, F_SETFD, FD_CLOEXEC);
	if (news)
		news->started = 1;
	else
		report(c, SECURER__ST_STARTED, 0, 0);
	if (cmd[0][0] == REAP_BUILTIN_PREFIX && c->builtin)
		c->builtin(cmd);
	/* execvp searches the PATH of environ and passes environ on:
	 * securer-init was executed with the command's environment. */
	execvp(cmd[0], cmd);
	rc = errno;
	if (news)
		news->exec_errno = rc;
	else
		report(c, SECURER__ST_EXEC, 0, rc);
	_exit(rc == ENOENT ? 127 : 126);
}

/* A pid's parent, from /proc/PID/stat, or -1. */
static pid_t parent_of(const char *pid)
{
	char path[64], buf[512], *p;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%s/stat", pid);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	/* "pid (comm) state ppid ...": comm may hold anything but the last
	 * ')' ends it. */
	if (!(p = strrchr(buf, ')')) || p - buf + 4 >= n)
		return -1;
	return (pid_t)atoi(p + 4);
}

/* Subreaper mode: SIGKILL every child of ours, by pid, read from /proc. */
static int kill_children(void)
{
	pid_t self = getpid();
	DIR *d = opendir("/proc");
	struct dirent *e;
	int found = 0;

	if (!d)
		return 0;
	while ((e = readdir(d))) {
		if (e->d_name[0] < '1' || e->d_name[0] > '9')
			continue;
		if (parent_of(e->d_name) == self) {
			kill(atoi(e->d_name), SIGKILL);
			found++;
		}
	}
	closedir(d);
	return found;
}

/* Everything of the run is reaped: the largest resident set among its
 * processes (the reaper's own would be the caller's, when it is a copy of
 * it). */
static void report_rusage(const struct reap_cfg *c)
{
	struct rusage ru;

	if (getrusage(RUSAGE_CHILDREN, &ru) == 0)
		report(c, SECURER__ST_RUSAGE,
		       ru.ru_maxrss > INT32_MAX ? INT32_MAX : (int)ru.ru_maxrss,
		       0);
}

/* Kill and reap everything that is left.  As pid 1, kill(-1) reaches every
 * other process of the namespace; as a subreaper, the descendants are
 * exactly our children once their parents are dead, so kill those until
 * wait reports none. */
static void kill_all(const struct reap_cfg *c, pid_t cmd_pgid)
{
	if (getpid() == 1) {
		kill(-1, SIGKILL);
		while (wait(NULL) > 0 || errno == EINTR)
			;
		report_rusage(c);
		return;
	}
	if (cmd_pgid > 0)
		kill(-cmd_pgid, SIGKILL);
	for (int round = 0; round < 100000; round++) {
		pid_t w;

		while ((w = waitpid(-1, NULL, WNOHANG)) > 0)
			;
		if (w < 0 && errno == ECHILD) {
			report_rusage(c);
			return;
		}
		/* Block for one death when we killed someone; otherwise a
		 * child is between its parent's death and its reparenting. */
		if (kill_children() > 0)
			waitpid(-1, NULL, 0);
		else
			usleep(1000);
	}
}

static int finish(const struct reap_cfg *c, int status)
{
	if (WIFEXITED(status)) {
		report(c, SECURER__ST_EXITED, WEXITSTATUS(status), 0);
		return WEXITSTATUS(status);
	}
	report(c, SECURER__ST_SIGNALED, WTERMSIG(status), 0);
	return 128 + WTERMSIG(status);
}

/* Waits for one of |set|; with a disk budget, checks it on time too.
 * Returns 0 with |si| filled, or 1 when the run passed its budget. */
static int wait_signal(struct reap_cfg *c, const sigset_t *set, siginfo_t *si)
{
	for (;;) {
		struct timespec ts;
		long ms;

		if (!c->budget.on) {
			if (sigwaitinfo(set, si) >= 0)
				return 0;
			continue;
		}
		/* Checked when due even while signals keep coming. */
		if ((ms = budget_wait_ms(&c->budget)) == 0) {
			if (budget_check(&c->budget, getpid()))
				return 1;
			continue;
		}
		ts.tv_sec = ms / 1000;
		ts.tv_nsec = (ms % 1000) * 1000000L;
		if (sigtimedwait(set, si, &ts) >= 0)
			return 0;
	}
}

/* The run holds more than its budget: it dies, and the host learns why. */
static int over_budget(const struct reap_cfg *c, pid_t cmd)
{
	const struct budget *b = &c->budget;

	kill_all(c, cmd);
	if (b->used_bytes > b->max_bytes)
		report(c, SECURER__ST_LIMIT, SECURER__LIMIT_DISK_KIB,
		       (int)(b->used_bytes / 1024 > INT32_MAX
		                 ? INT32_MAX
		                 : b->used_bytes / 1024));
	else
		report(c, SECURER__ST_LIMIT, SECURER__LIMIT_INODES,
		       (int)(b->used_inodes > INT32_MAX ? INT32_MAX
		                                        : b->used_inodes));
	report(c, SECURER__ST_SIGNALED, SIGKILL, 0);
	return 128 + SIGKILL;
}

/* Before the fork: the filter read, the budget's baseline taken. */
static int prepare_confinement(struct reap_cfg *c)
{
	int rc = confine_prepare(&c->confine);

	if (rc < 0) {
		report(c, SECURER__ST_SETUP, SECURER__SETUP_LANDLOCK, -rc);
		return -1;
	}
	if (c->budget.on && (rc = budget_start(&c->budget)) < 0) {
		report(c, SECURER__ST_SETUP, SECURER__SETUP_BUDGET, -rc);
		return -1;
	}
	return 0;
}

/* The command ended with |status|: it is reported, and everything left
 * is killed. */
static int command_ended(const struct reap_cfg *c, pid_t cmd, int status)
{
	int code = finish(c, status);

	kill_all(c, cmd);
	if (WIFSIGNALED(status) && getpid() != 1) {
		/* Mirror the signal exactly for the host. */
		struct rlimit no_core = {0, 0};
		struct sigaction dfl = {.sa_handler = SIG_DFL};
		sigset_t one;

		setrlimit(RLIMIT_CORE, &no_core);
		sigaction(WTERMSIG(status), &dfl, NULL);
		sigemptyset(&one);
		sigaddset(&one, WTERMSIG(status));
		sigprocmask(SIG_UNBLOCK, &one, NULL);
		raise(WTERMSIG(status));
	}
	return code;
}

int reap_run(struct reap_cfg *c, char **cmd)
{
	sigset_t set, old;
	pid_t parent = getppid(), pid;
	struct news news = {0, 0};
	bool builtin = cmd[0][0] == REAP_BUILTIN_PREFIX;

	if (prepare_confinement(c) < 0)
		return 126;
	if (getpid() != 1) {
		prctl(PR_SET_CHILD_SUBREAPER, 1);
		/* SIGTERM, which it catches to kill the tree; the parent may
		 * have died before this line: then it ends now. */
		prctl(PR_SET_PDEATHSIG, SIGTERM);
		if (getppid() != parent)
			return 125;
	}
	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	sigprocmask(SIG_BLOCK, &set, &old);

	/* vfork when it can: nothing of the reaper is copied for the exec to
	 * drop.  The child only makes system calls on its own task (limits,
	 * directory, confinement) until it executes; a built-in command never
	 * does, so it gets a fork. */
	if (builtin && (pid = fork()) == 0)
		exec_command(c, cmd, &old, NULL);
	if (!builtin && (pid = vfork()) == 0)
		exec_command(c, cmd, &old, &news);
	if (pid < 0) {
		report(c, SECURER__ST_SETUP, SECURER__SETUP_FORK, errno);
		return 126;
	}
	if (news.started)
		report(c, SECURER__ST_STARTED, 0, 0);
	if (news.exec_errno)
		report(c, SECURER__ST_EXEC, 0, news.exec_errno);
	/* The kept fds are the command's: holding them would hide its death
	 * from the host (no EOF) and keep pipes alive after it. */
	if (c->err_fd >= 0)
		close(c->err_fd);
	for (int i = 0; i < c->n_keep; i++)
		close(c->keep[i]);
	confine_release(&c->confine);

	for (;;) {
		siginfo_t si;
		int status;
		pid_t w;

		if (wait_signal(c, &set, &si) > 0)
			return over_budget(c, pid);
		if (si.si_signo != SIGCHLD) {
			/* Asked to stop: the whole tree dies with SIGKILL. */
			kill_all(c, pid);
			report(c, SECURER__ST_SIGNALED, SIGKILL, 0);
			return 128 + SIGKILL;
		}
		while ((w = waitpid(-1, &status, WNOHANG)) > 0)
			if (w == pid)
				return command_ended(c, pid, status);
	}
}
