/*
 * spawn.c - fork/exec plumbing every backend shares.
 *
 * The child is made by vfork(): it borrows the caller's memory until it
 * executes, so nothing of the caller is copied, and nothing torn down when
 * the exec drops it (at 8 MiB resident, fork and that teardown are 0.4 ms
 * of a 1.1 ms fork and exec, docs/bench.md).  It writes nothing but its
 * own stack, and only makes system calls: no malloc, no stdio, no locks.
 * Everything it needs (fd tables, argv, envp) is prepared before.  The
 * caller blocks every signal around the vfork, so that none of its
 * handlers can run in the child on the memory they share.  In order, the
 * child:
 *   - resets signal dispositions, then the mask (ignored signals survive
 *     exec), unless it executes securer-init, which does it first thing:
 *     it then keeps every signal blocked until that exec;
 *   - starts a new session, so it has no controlling terminal and its own
 *     process group;
 *   - asks for SIGKILL when its parent dies, and checks it did not already;
 *   - joins the pids cgroup, when there is one and it was not born in it
 *     (clone3 with CLONE_INTO_CGROUP, cgroup v2), by writing "0" to the
 *     group's join file: v1 `tasks`, which unlike cgroup.procs does not
 *     wait for an RCU grace period (6 to 16 ms; cgroup.c says why moving
 *     this single thread moves the whole process);
 *   - moves each mapped fd to its number and closes every other fd, even
 *     those the caller forgot to mark close-on-exec;
 *   - drops every capability when asked (landlock), for good: bounding
 *     set emptied and securebits locked so an exec as root gains none;
 *   - sets no_new_privs, so nothing it runs can gain privileges by exec;
 *   - execs with an environment that is exactly launch->envp.
 * With a cgroup v2 group, the child is made by clone3 instead, born in it
 * (CLONE_INTO_CGROUP): a fork, which copies the caller.
 * The library never sets rlimits on itself: securer-init sets them in the
 * confined command.
 */
#include <errno.h>
#include <linux/capability.h>
#include <linux/sched.h> /* struct clone_args, CLONE_INTO_CGROUP */
#include <linux/securebits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "internal.h"
#include "signals_reset.h"

void securer__launch_init(struct securer__launch *l)
{
	memset(l, 0, sizeof(*l));
	l->exec_fd = -1;
	l->cgroup_fd = -1;
	l->cgroup_dir_fd = -1;
	l->cgroup_mem_fd = -1;
	securer__strv_init(&l->argv);
	securer__strv_init(&l->envp);
}

void securer__launch_release(struct securer__launch *l)
{
	securer__strv_release(&l->argv);
	securer__strv_release(&l->envp);
	free(l->filter);
	l->filter = NULL;
	l->filter_len = 0;
	l->n_maps = 0;
}

int securer__launch_map(struct securer__launch *l, int from, int to)
{
	if (l->n_maps == SECURER__MAX_FDS || from < 0 || to < 0)
		return -EINVAL;
	for (size_t i = 0; i < l->n_maps; i++)
		if (l->maps[i].to == to)
			return -EEXIST;
	l->maps[l->n_maps].from = from;
	l->maps[l->n_maps].to = to;
	l->n_maps++;
	return 0;
}

static void sort_ints(int *v, size_t n)
{
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && v[j - 1] > v[j]; j--) {
			int t = v[j];

			v[j] = v[j - 1];
			v[j - 1] = t;
		}
}

static void close_range_compat(unsigned lo, unsigned hi)
{
	if (lo > hi)
		return;
	if (syscall(SYS_close_range, lo, hi, 0) == 0)
		return;
	/* Kernels before 5.9: close one by one, up to the fd limit. */
	{
		struct rlimit rl;
		unsigned max = 65536;

		if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < max)
			max = (unsigned)rl.rlim_cur;
		for (unsigned fd = lo; fd <= hi && fd < max; fd++)
			close((int)fd);
	}
}

/* Async-signal-safe; sorts |keep| in place. */
void securer__close_fds_except(int lowest, const int *keep_in, size_t n_keep)
{
	int keep[SECURER__MAX_FDS + 3];
	unsigned next = (unsigned)lowest;

	if (n_keep > SECURER__MAX_FDS + 3)
		n_keep = SECURER__MAX_FDS + 3;
	if (n_keep > 0) /* keep_in may be NULL then: no memcpy from NULL */
		memcpy(keep, keep_in, n_keep * sizeof(int));
	sort_ints(keep, n_keep);
	for (size_t i = 0; i < n_keep; i++) {
		if (keep[i] < lowest || (unsigned)keep[i] < next)
			continue;
		if ((unsigned)keep[i] > next)
			close_range_compat(next, (unsigned)keep[i] - 1);
		next = (unsigned)keep[i] + 1;
	}
	close_range_compat(next, ~0U);
}

static void child_report(int fd, int kind, int arg, int err)
{
	struct securer__status_rec r = {kind, arg, err, 0};

	if (fd >= 0)
		(void)!write(fd, &r, sizeof(r));
}

/* Before the fds are in place, the status pipe is still at its parent
 * number: report through that. */
static void early_report(const struct securer__launch *l, int status_fd,
                         int arg, int err)
{
	for (size_t i = 0; i < l->n_maps; i++)
		if (l->maps[i].to == status_fd)
			child_report(l->maps[i].from, SECURER__ST_SETUP, arg,
			             err);
}

void securer__signals_default(void)
{
	securer__signals_reset();
}

static bool any_cap(const struct __user_cap_data_struct d[2])
{
	for (int i = 0; i < 2; i++)
		if (d[i].effective || d[i].permitted || d[i].inheritable)
			return true;
	return false;
}

/* Async-signal-safe: syscalls only.  0 or an errno. */
static int drop_caps(void)
{
	struct __user_cap_header_struct h = {_LINUX_CAPABILITY_VERSION_3, 0};
	struct __user_cap_data_struct d[2];

	memset(d, 0, sizeof(d));
	if (syscall(SYS_capget, &h, d) < 0)
		return errno;
	if (any_cap(d)) {
		/* The bounding set caps what an exec can give; securebits
		 * keep root's exec from filling the sets again.  Both need
		 * CAP_SETPCAP, so before the sets are cleared.  Dropped
		 * up to the first number the kernel does not know (EINVAL),
		 * one call per capability: a read before each would double
		 * the 41 calls. */
		for (int cap = 0;; cap++)
			if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) < 0) {
				if (errno == EINVAL && cap > 0)
					break;
				return errno;
			}
		if (prctl(PR_SET_SECUREBITS,
		          SECBIT_NOROOT | SECBIT_NOROOT_LOCKED |
		              SECBIT_NO_SETUID_FIXUP |
		              SECBIT_NO_SETUID_FIXUP_LOCKED |
		              SECBIT_KEEP_CAPS_LOCKED |
		              SECBIT_NO_CAP_AMBIENT_RAISE |
		              SECBIT_NO_CAP_AMBIENT_RAISE_LOCKED,
		          0, 0, 0) < 0)
			return errno;
	}
	(void)prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);
	memset(d, 0, sizeof(d));
	if (syscall(SYS_capset, &h, d) < 0 || syscall(SYS_capget, &h, d) < 0)
		return errno;
	return any_cap(d) ? EPERM : 0;
}

static __attribute__((noreturn)) void child(const struct securer__launch *l,
                                            int status_fd, pid_t parent,
                                            bool in_cgroup)
{
	int tmp[SECURER__MAX_FDS], keep[SECURER__MAX_FDS + 1];
	int high = 3, exec_fd = -1, err, n_keep;
	char *no_env[] = {NULL}; /* an envp that is empty (never NULL) */

	if (!l->init_resets_signals)
		securer__signals_default();

	for (size_t i = 0; i < l->n_maps; i++) {
		if (l->maps[i].to >= high)
			high = l->maps[i].to + 1;
		if (l->maps[i].from >= high)
			high = l->maps[i].from + 1;
	}
	if (l->exec_fd >= high)
		high = l->exec_fd + 1;

	if (setsid() < 0) {
		early_report(l, status_fd, SECURER__SETUP_SESSION, errno);
		_exit(127);
	}
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 || getppid() != parent)
		_exit(127);
	if ((!in_cgroup && l->cgroup_fd >= 0 &&
	     write(l->cgroup_fd, "0\n", 2) != 2) ||
	    (l->cgroup_mem_fd >= 0 && write(l->cgroup_mem_fd, "0\n", 2) != 2)) {
		early_report(l, status_fd, SECURER__SETUP_CGROUP, errno);
		_exit(127);
	}

	/* Two phases, so a source fd is never overwritten before it moved. */
	for (size_t i = 0; i < l->n_maps; i++)
		if ((tmp[i] = fcntl(l->maps[i].from, F_DUPFD_CLOEXEC, high)) <
		    0) {
			early_report(l, status_fd, SECURER__SETUP_FDS, errno);
			_exit(127);
		}
	if (l->exec_fd >= 0 &&
	    (exec_fd = fcntl(l->exec_fd, F_DUPFD_CLOEXEC, high)) < 0)
		_exit(127);
	for (size_t i = 0; i < l->n_maps; i++) {
		if (dup2(tmp[i], l->maps[i].to) < 0)
			_exit(127);
		keep[i] = l->maps[i].to;
	}
	n_keep = (int)l->n_maps;
	if (exec_fd >= 0)
		keep[n_keep++] = exec_fd;
	securer__close_fds_except(0, keep, (size_t)n_keep);
	/* stdio the caller did not map stays closed: make that impossible by
	 * construction (sandbox.c always maps 0, 1 and 2). */
	if (l->status_cloexec && status_fd >= 0)
		fcntl(status_fd, F_SETFD, FD_CLOEXEC);
	if (l->cwd && chdir(l->cwd) < 0) {
		child_report(status_fd, SECURER__ST_SETUP, SECURER__SETUP_CHDIR,
		             errno);
		_exit(127);
	}

	if (l->drop_caps && (err = drop_caps()) != 0) {
		child_report(status_fd, SECURER__ST_SETUP, SECURER__SETUP_CAPS,
		             err);
		_exit(127);
	}
	if (!l->keep_privileges && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) {
		child_report(status_fd, SECURER__ST_SETUP, SECURER__SETUP_NNP,
		             errno);
		_exit(127);
	}
	if (exec_fd >= 0)
		syscall(SYS_execveat, exec_fd, "", l->argv.v,
		        l->envp.v ? l->envp.v : no_env, AT_EMPTY_PATH);
	else
		execve(l->exec_path, l->argv.v, l->envp.v ? l->envp.v : no_env);
	child_report(status_fd, SECURER__ST_SETUP, SECURER__SETUP_EXEC_TOOL,
	             errno);
	_exit(127);
}

/* The kernel refused CLONE_INTO_CGROUP (its raw clone3 skips glibc's fork
 * handlers, as a child that only makes async-signal-safe calls before exec
 * can). */
static atomic_bool no_clone3;

/* A fork born in the cgroup v2 group |dir_fd|: the child's pid, 0 in the
 * child, or -1 with errno (ENOSYS: the kernel cannot). */
static pid_t clone_into_cgroup(int dir_fd)
{
	struct clone_args args;
	pid_t pid;

	memset(&args, 0, sizeof(args));
	args.flags = CLONE_INTO_CGROUP;
	args.exit_signal = SIGCHLD;
	args.cgroup = (uint64_t)dir_fd;
	pid = (pid_t)syscall(SYS_clone3, &args, sizeof(args));
	if (pid < 0 && (errno == E2BIG || errno == EINVAL))
		errno = ENOSYS;
	return pid;
}

int securer__spawn(const struct securer__launch *l, int status_child_fd,
                   struct securer__proc *out, char *err)
{
	pid_t parent = getpid();
	bool in_cgroup = false;
	sigset_t all, old;
	pid_t pid = -1;
	int pidfd, saved;

	if (l->argv.oom || l->envp.oom || !l->argv.v)
		return securer__fail(err, -ENOMEM, "out of memory");
	if (securer__spare_take(l, status_child_fd, out) == 0)
		return 0;
	/* The child starts with every signal blocked (spawn.c's header). */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	if (l->cgroup_dir_fd >= 0 && !atomic_load(&no_clone3)) {
		pid = clone_into_cgroup(l->cgroup_dir_fd);
		/* A kernel without clone3 or CLONE_INTO_CGROUP (before 5.7):
		 * vfork, and the child joins by cgroup.procs as on v1; asked
		 * once per process. */
		in_cgroup = pid >= 0;
		if (pid < 0 && errno == ENOSYS)
			atomic_store(&no_clone3, true);
	}
	if (pid < 0 && !atomic_load(&no_clone3) && l->cgroup_dir_fd >= 0) {
		saved = errno;
		pthread_sigmask(SIG_SETMASK, &old, NULL);
		return securer__fail_errno(err, -saved,
		                           "cannot fork into the pids cgroup");
	}
	if (in_cgroup && pid == 0)
		child(l, status_child_fd, parent, true);
	if (!in_cgroup && (pid = vfork()) == 0)
		child(l, status_child_fd, parent, false);
	saved = errno;
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (pid < 0)
		return securer__fail_errno(err, -saved, "cannot fork");
	/* The child is unreaped, so its pid cannot be reused: no race. */
	pidfd = securer__pidfd_open(pid);
	if (pidfd < 0) {
		int rc = pidfd;

		kill(pid, SIGKILL);
		while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
			;
		return securer__fail_errno(err, rc,
		                           "pidfd_open (Linux >= 5.3 needed)");
	}
	out->pid = pid;
	out->pidfd = pidfd;
	return 0;
}
