/*
 * securer-init - the first process of every sandbox.
 *
 *   securer-init [-s FD] [-e FD] [-C DIR] [-r RES=N]... [-k FD]... -- CMD
 * [ARG]...
 *
 * Under bwrap it runs as pid 1 of the sandbox's pid namespace (--as-pid-1):
 * it forks CMD, reaps orphans, and when CMD ends kills everything left with
 * kill(-1) before it exits, so the kernel tears the namespace down.  Under
 * the none backend it runs on the host as a child subreaper: orphaned
 * descendants of CMD are reparented to it, and when CMD ends or it receives
 * SIGTERM it kills its whole descendant tree, by pid, until none is left.
 *
 *   -s FD    status pipe: binary records (init_abi.h) for the library
 *   -e FD    becomes CMD's stderr (bwrap's own stderr is the library's)
 *   -C DIR   working directory of CMD
 *   -r RES=N setrlimit(RES, N) for CMD only (soft = hard); RES is one of
 *            cpu as fsize nofile nproc core stack
 *   -k FD    keep FD open for CMD; every other fd above 2 is closed
 *   -L FD, -F FD   enforce a Landlock ruleset, load a seccomp filter on
 *            CMD (the landlock backend: init_confine.h)
 *   -q BYTES:INODES:DIR  kill the run when it holds more than that on the
 *            filesystem of DIR (the landlock backend: init_budget.h)
 *
 * CMD "@securer-sh" is not executed: the forked child becomes the sh
 * runtime (sh_runtime.c).  "securer-init --tool ..." is an sh tool command.
 *
 * Rlimits are set here, inside the sandbox's user namespace, rather than
 * before bwrap: RLIMIT_NPROC then counts the processes of this sandbox
 * instead of every process of the user on the host.
 *
 * This file is built without sanitizers and embedded into libsecurer; it
 * runs under the seccomp filter and must only use allowed syscalls.
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
#include "init_budget.h"
#include "init_confine.h"
#include "proto_child.h"
#include "sh_runtime.h"

#define MAX_RLIMITS 8
#define MAX_KEEP    40

static int status_fd = -1;
static int err_fd = -1;
static const char *work_dir;
static struct {
	int res;
	rlim_t val;
} limits[MAX_RLIMITS];
static int n_limits;
static int keep[MAX_KEEP];
static int n_keep;
static struct confine confine;
static struct budget budget;

static void report(int kind, int arg, int err)
{
	struct securer__status_rec r = {kind, arg, err, 0};

	if (status_fd >= 0)
		while (write(status_fd, &r, sizeof(r)) < 0 && errno == EINTR)
			;
}

static int parse_fd(const char *s)
{
	char *end;
	long v = strtol(s, &end, 10);

	return (*end || v < 0 || v > 65535) ? -1 : (int)v;
}

static int parse_rlimit(const char *s)
{
	static const struct {
		const char *name;
		int res;
	} names[] = {
	    {"cpu", RLIMIT_CPU},     {"as", RLIMIT_AS},
	    {"fsize", RLIMIT_FSIZE}, {"nofile", RLIMIT_NOFILE},
	    {"nproc", RLIMIT_NPROC}, {"core", RLIMIT_CORE},
	    {"stack", RLIMIT_STACK},
	};
	const char *eq = strchr(s, '=');
	char *end;

	if (!eq || n_limits == MAX_RLIMITS)
		return -1;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (strlen(names[i].name) != (size_t)(eq - s) ||
		    strncmp(s, names[i].name, (size_t)(eq - s)) != 0)
			continue;
		limits[n_limits].res = names[i].res;
		limits[n_limits].val = strtoull(eq + 1, &end, 10);
		if (*end)
			return -1;
		n_limits++;
		return 0;
	}
	return -1;
}

/* Returns the index of CMD in argv, or -1. */
static int parse_args(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (strcmp(a, "--") == 0)
			return i + 1 < argc ? i + 1 : -1;
		if (i + 1 >= argc || a[0] != '-' || a[1] == '\0' ||
		    a[2] != '\0')
			return -1;
		switch (a[1]) {
		case 's':
			status_fd = parse_fd(argv[++i]);
			break;
		case 'e':
			err_fd = parse_fd(argv[++i]);
			break;
		case 'C':
			work_dir = argv[++i];
			break;
		case 'r':
			if (parse_rlimit(argv[++i]) < 0)
				return -1;
			break;
		case 'k':
			if (n_keep == MAX_KEEP ||
			    (keep[n_keep++] = parse_fd(argv[++i])) < 0)
				return -1;
			break;
		case 'L':
			if ((confine.landlock_fd = parse_fd(argv[++i])) < 0)
				return -1;
			break;
		case 'F':
			if ((confine.bpf_fd = parse_fd(argv[++i])) < 0)
				return -1;
			break;
		case 'q':
			if (budget_parse(&budget, argv[++i]) < 0)
				return -1;
			break;
		default:
			return -1;
		}
	}
	return -1;
}

static int kept(int fd)
{
	if (fd <= 2 || fd == status_fd || fd == err_fd ||
	    fd == confine.landlock_fd || fd == confine.bpf_fd)
		return 1;
	for (int i = 0; i < n_keep; i++)
		if (keep[i] == fd)
			return 1;
	return 0;
}

/* Close every fd the caller did not list, whatever its close-on-exec flag. */
static void close_unlisted(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	int fds[1024], n = 0;

	if (!d) {
		for (int fd = 3; fd < 65536; fd++)
			if (!kept(fd))
				close(fd);
		return;
	}
	while ((e = readdir(d)) && n < 1024) {
		int fd = parse_fd(e->d_name);

		if (fd >= 0 && fd != dirfd(d) && !kept(fd))
			fds[n++] = fd;
	}
	closedir(d);
	for (int i = 0; i < n; i++)
		close(fds[i]);
}

static void exec_command(char **cmd, const sigset_t *old)
{
	struct sigaction dfl = {.sa_handler = SIG_DFL};

	for (int sig = 1; sig < NSIG; sig++)
		sigaction(sig, &dfl, NULL);
	sigprocmask(SIG_SETMASK, old, NULL);
	setpgid(0, 0);
	for (int i = 0; i < n_limits; i++) {
		struct rlimit rl = {limits[i].val, limits[i].val};

		if (setrlimit(limits[i].res, &rl) < 0) {
			report(SECURER__ST_SETUP, SECURER__SETUP_RLIMIT, errno);
			_exit(126);
		}
	}
	if (err_fd >= 0) {
		if (dup2(err_fd, 2) < 0) {
			report(SECURER__ST_SETUP, SECURER__SETUP_STDERR, errno);
			_exit(126);
		}
		close(err_fd);
	}
	if (work_dir && chdir(work_dir) < 0) {
		report(SECURER__ST_SETUP, SECURER__SETUP_CHDIR, errno);
		_exit(126);
	}
	{
		int step = 0, rc = confine_apply(&confine, &step);

		if (rc < 0) {
			report(SECURER__ST_SETUP, step, -rc);
			_exit(126);
		}
	}
	if (status_fd >= 0)
		fcntl(status_fd, F_SETFD, FD_CLOEXEC);
	report(SECURER__ST_STARTED, 0, 0);
	if (strcmp(cmd[0], SH_RUNTIME_COMMAND) == 0) {
		int n = 0;

		if (status_fd >= 0)
			close(status_fd);
		while (cmd[n])
			n++;
		_exit(sh_runtime_main(n, cmd));
	}
	if (strcmp(cmd[0], PROTO_CHILD_COMMAND) == 0) {
		if (status_fd >= 0)
			close(status_fd);
		_exit(proto_child_main());
	}
	execvp(cmd[0], cmd);
	report(SECURER__ST_EXEC, 0, errno);
	_exit(errno == ENOENT ? 127 : 126);
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
		char path[64], buf[512], *p;
		int fd, pid = parse_fd(e->d_name);
		ssize_t n;

		if (pid <= 0)
			continue;
		snprintf(path, sizeof(path), "/proc/%d/stat", pid);
		if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
			continue;
		n = read(fd, buf, sizeof(buf) - 1);
		close(fd);
		if (n <= 0)
			continue;
		buf[n] = '\0';
		/* "pid (comm) state ppid ...": comm may hold anything but
		 * the last ')' ends it. */
		if (!(p = strrchr(buf, ')')))
			continue;
		if (atoi(p + 4) == self) {
			kill(pid, SIGKILL);
			found++;
		}
	}
	closedir(d);
	return found;
}

/* Kill and reap everything that is left.  As pid 1, kill(-1) reaches every
 * other process of the namespace; as a subreaper, the descendants are
 * exactly our children once their parents are dead, so kill those until
 * wait reports none. */
static void kill_all(pid_t cmd_pgid)
{
	if (getpid() == 1) {
		kill(-1, SIGKILL);
		while (wait(NULL) > 0 || errno == EINTR)
			;
		return;
	}
	if (cmd_pgid > 0)
		kill(-cmd_pgid, SIGKILL);
	for (int round = 0; round < 100000; round++) {
		pid_t w;

		while ((w = waitpid(-1, NULL, WNOHANG)) > 0)
			;
		if (w < 0 && errno == ECHILD)
			return;
		/* Block for one death when we killed someone; otherwise a
		 * child is between its parent's death and its reparenting. */
		if (kill_children() > 0)
			waitpid(-1, NULL, 0);
		else
			usleep(1000);
	}
}

static int finish(int status)
{
	if (WIFEXITED(status)) {
		report(SECURER__ST_EXITED, WEXITSTATUS(status), 0);
		return WEXITSTATUS(status);
	}
	report(SECURER__ST_SIGNALED, WTERMSIG(status), 0);
	return 128 + WTERMSIG(status);
}

/* Waits for one of |set|; with a disk budget, checks it on time too.
 * Returns 0 with |si| filled, or 1 when the run passed its budget. */
static int wait_signal(const sigset_t *set, siginfo_t *si)
{
	for (;;) {
		struct timespec ts;
		long ms;

		if (!budget.on) {
			if (sigwaitinfo(set, si) >= 0)
				return 0;
			continue;
		}
		/* Checked when due even while signals keep coming. */
		if ((ms = budget_wait_ms(&budget)) == 0) {
			if (budget_check(&budget, getpid()))
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
static int over_budget(pid_t cmd)
{
	kill_all(cmd);
	if (budget.used_bytes > budget.max_bytes)
		report(SECURER__ST_LIMIT, SECURER__LIMIT_DISK_KIB,
		       (int)(budget.used_bytes / 1024 > INT32_MAX
		                 ? INT32_MAX
		                 : budget.used_bytes / 1024));
	else
		report(SECURER__ST_LIMIT, SECURER__LIMIT_INODES,
		       (int)(budget.used_inodes > INT32_MAX
		                 ? INT32_MAX
		                 : budget.used_inodes));
	report(SECURER__ST_SIGNALED, SIGKILL, 0);
	return 128 + SIGKILL;
}

/* Before the fork: the filter read, the budget's baseline taken. */
static int prepare_confinement(void)
{
	int rc = confine_prepare(&confine);

	if (rc < 0) {
		report(SECURER__ST_SETUP, SECURER__SETUP_SECCOMP, -rc);
		return -1;
	}
	if (budget.on && (rc = budget_start(&budget)) < 0) {
		report(SECURER__ST_SETUP, SECURER__SETUP_BUDGET, -rc);
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	sigset_t set, old;
	int first;
	pid_t cmd;

	if (argc >= 2 && strcmp(argv[1], "--tool") == 0)
		return sh_tool_main(argc - 1, argv + 1);
	confine_init(&confine);
	first = parse_args(argc, argv);

	if (first < 0) {
		report(SECURER__ST_SETUP, SECURER__SETUP_ARGS, EINVAL);
		fprintf(stderr, "securer-init: bad arguments\n");
		return 125;
	}
	close_unlisted();
	if (prepare_confinement() < 0)
		return 126;
	if (getpid() != 1) {
		prctl(PR_SET_CHILD_SUBREAPER, 1);
		prctl(PR_SET_PDEATHSIG, SIGTERM);
	}
	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	sigprocmask(SIG_BLOCK, &set, &old);

	cmd = fork();
	if (cmd < 0) {
		report(SECURER__ST_SETUP, SECURER__SETUP_FORK, errno);
		return 126;
	}
	if (cmd == 0)
		exec_command(argv + first, &old);
	/* The kept fds are the command's: holding them would hide its death
	 * from the host (no EOF) and keep pipes alive after it. */
	if (err_fd >= 0)
		close(err_fd);
	for (int i = 0; i < n_keep; i++)
		close(keep[i]);
	confine_release(&confine);

	for (;;) {
		siginfo_t si;
		int status;
		pid_t w;

		if (wait_signal(&set, &si) > 0)
			return over_budget(cmd);
		if (si.si_signo != SIGCHLD) {
			/* Asked to stop: the whole tree dies with SIGKILL. */
			kill_all(cmd);
			report(SECURER__ST_SIGNALED, SIGKILL, 0);
			return 128 + SIGKILL;
		}
		while ((w = waitpid(-1, &status, WNOHANG)) > 0) {
			if (w == cmd) {
				int code = finish(status);

				kill_all(cmd);
				if (WIFSIGNALED(status) && getpid() != 1) {
					/* Mirror the signal exactly for the
					 * host. */
					struct rlimit no_core = {0, 0};
					struct sigaction dfl = {.sa_handler =
					                            SIG_DFL};
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
		}
	}
}
