/*
 * cgroup.c - a run's cgroups: made, joined, kept for the next run,
 * removed, and killed whole.  The pids group is this file's; where groups
 * can be made is cgroup_find.c's, the memory limit cgroup_memory.c's.
 *
 * RLIMIT_NPROC does not bind uid 0: the kernel exempts the root user from
 * it, even inside a user namespace that maps root.  So when securer runs as
 * root, the processes limit is enforced by a pids cgroup instead, and when
 * none is writable the run is refused (sandbox.c) rather than silently left
 * without a process limit.  For other users the cgroup is used when one is
 * delegated to them, on top of the rlimit.
 *
 * Joining.  On v2 the sandbox is born in its group (clone3 with
 * CLONE_INTO_CGROUP, spawn.c).  Otherwise the forked child moves itself in
 * before it execs, by writing "0" to the group's join file: on v1 that is
 * `tasks`, not `cgroup.procs`.  Both move the calling task; cgroup.procs
 * moves its whole thread group and so takes the global threadgroup rwsem
 * for writing, which waits for an RCU grace period (6 to 16 ms measured on
 * this host, once per short-lived process), while a write of "0" to `tasks`
 * moves only the current thread and skips that lock (kernel/cgroup:
 * cgroup_procs_write_start).  The child of fork() has exactly one thread,
 * so moving that thread moves the whole process: the group's membership,
 * its pids.max and the kill of every descendant through cgroup.procs
 * (securer__cgroup_kill) are exactly what they were.  v2 has no `tasks`;
 * its fallback (a kernel without CLONE_INTO_CGROUP) writes cgroup.procs.
 *
 * Reuse.  A group whose run ended (every task reaped, cgroup.procs empty)
 * is kept, up to POOL_SLOTS of them, for the process's next run: making
 * and removing a group and the kernel's first link of a task to it cost
 * about 0.2 ms per run on this host (v1), a quarter of a fork+exec.  Only
 * the process that made a group reuses it (a forked child forgets its
 * parent's), only when it is empty again (and, with a memory limit, holds
 * little: cgroup_memory.c), with its limits set anew.  The
 * kept groups are removed when the library is unloaded or the process
 * exits normally; those of a process that died are swept, empty, by the
 * next one (sweep_stale).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/magic.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <time.h>
#include <unistd.h>

#include "cgroup_int.h"

int securer__cgroup_write(const char *dir, const char *name, const char *value)
{
	char path[640];
	int fd, rc = 0;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (write(fd, value, strlen(value)) < 0)
		rc = -errno;
	close(fd);
	return rc;
}

/* Groups whose creator died before removing them (killed, crashed, or
 * ended by _exit, which skips pool_drain): empty ones of a dead creator
 * are removed, once per process and parent directory (one per controller
 * on v1), before the first new group.  Per process: a forked child sweeps
 * again (a harness forks a worker per job, each ending with _exit; had
 * they inherited their parent's "swept", a run of 700 of them left 900
 * groups in each hierarchy).  A recycled pid only makes a stale group
 * wait longer. */
static pthread_mutex_t sweep_lock = PTHREAD_MUTEX_INITIALIZER;
static char swept[2][512];
static pid_t swept_by;

static void sweep_stale(const char *dir)
{
	DIR *d;
	struct dirent *e;
	int slot = -1;

	pthread_mutex_lock(&sweep_lock);
	if (swept_by != getpid()) {
		memset(swept, 0, sizeof(swept));
		swept_by = getpid();
	}
	for (int i = 0; i < 2 && slot < 0; i++)
		if (!swept[i][0] || strcmp(swept[i], dir) == 0)
			slot = i;
	if (slot < 0 || swept[slot][0]) {
		pthread_mutex_unlock(&sweep_lock);
		return;
	}
	snprintf(swept[slot], sizeof(swept[slot]), "%s", dir);
	pthread_mutex_unlock(&sweep_lock);
	if (!(d = opendir(dir)))
		return;
	while ((e = readdir(d))) {
		char path[800];
		int pid;

		if (sscanf(e->d_name, "securer-%d-", &pid) != 1 || pid <= 0 ||
		    pid == (int)getpid() || kill(pid, 0) == 0 || errno != ESRCH)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		rmdir(path); /* fails, harmlessly, while it holds tasks */
	}
	closedir(d);
}

int securer__cgroup_open_v2_dir(const char *path)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	struct statfs st;

	if (fd >= 0 &&
	    (fstatfs(fd, &st) < 0 || st.f_type != CGROUP2_SUPER_MAGIC)) {
		close(fd);
		fd = -1;
	}
	return fd;
}

/* ---- idle groups, kept for the next run ---------------------------------- */

#define POOL_SLOTS 4

static pthread_mutex_t pool_lock = PTHREAD_MUTEX_INITIALIZER;
static struct securer__cgroup pool[POOL_SLOTS];
static int pool_n;
static pid_t pool_owner; /* the process whose groups they are */

static void close_fds(struct securer__cgroup *cg)
{
	securer__close_fd(&cg->join_fd);
	securer__close_fd(&cg->dir_fd);
	securer__close_fd(&cg->procs_fd);
	securer__close_fd(&cg->mem_join_fd);
	securer__close_fd(&cg->oom_fd);
	securer__close_fd(&cg->usage_fd);
}

/* No task in the run's groups: its first group's cgroup.procs is empty.
 * The memory group holds the same tasks as the pids one (the child joins
 * the pids group first, and each task's children inherit both), so one
 * of them tells. */
static bool group_empty(const struct securer__cgroup *cg)
{
	char c;

	return cg->procs_fd >= 0 && pread(cg->procs_fd, &c, 1, 0) == 0;
}

/* Under pool_lock: a forked child does not own its parent's groups. */
static void pool_check_owner(void)
{
	if (pool_owner == getpid())
		return;
	for (int i = 0; i < pool_n; i++)
		close_fds(&pool[i]);
	pool_n = 0;
	pool_owner = getpid();
}

/* A kept group asked for the same controllers (pids, memory), with its
 * limits set anew. */
static bool pool_take(struct securer__cgroup *cg, int64_t max_pids,
                      int64_t max_bytes)
{
	bool got = false;
	char value[32];

	pthread_mutex_lock(&pool_lock);
	pool_check_owner();
	for (int i = pool_n - 1; i >= 0 && !got; i--)
		if ((pool[i].max_pids > 0) == (max_pids > 0) &&
		    pool[i].want_memory == (max_bytes > 0)) {
			*cg = pool[i];
			pool[i] = pool[--pool_n];
			got = true;
		}
	pthread_mutex_unlock(&pool_lock);
	if (!got)
		return false;
	snprintf(value, sizeof(value), "%lld\n", (long long)max_pids);
	if ((cg->max_pids != max_pids &&
	     securer__cgroup_write(cg->path, "pids.max", value) < 0) ||
	    securer__cgroup_reset_memory(cg, max_bytes) < 0) {
		securer__cgroup_remove(cg);
		return false;
	}
	cg->max_pids = max_pids;
	return true;
}

static bool pool_put(struct securer__cgroup *cg)
{
	bool kept = false;

	/* nor one that was asked for a memory limit and did not get it: the
	 * next run tries again in a new group, and a limit half set (v1
	 * limit_in_bytes without memsw) goes with this one */
	if (!group_empty(cg) || !securer__cgroup_memory_clean(cg) ||
	    (cg->want_memory && !cg->memory))
		return false;
	pthread_mutex_lock(&pool_lock);
	pool_check_owner();
	if (pool_n < POOL_SLOTS) {
		pool[pool_n++] = *cg;
		kept = true;
	}
	pthread_mutex_unlock(&pool_lock);
	return kept;
}

void securer__cgroup_drain(void)
{
	pthread_mutex_lock(&pool_lock);
	if (pool_owner == getpid())
		for (int i = 0; i < pool_n; i++)
			securer__cgroup_remove(&pool[i]);
	pool_n = 0;
	pthread_mutex_unlock(&pool_lock);
}

/* The kept groups go when the library is unloaded or the process exits. */
__attribute__((destructor)) static void pool_drain(void)
{
	securer__cgroup_drain();
}

/* ---- making one ---------------------------------------------------------- */

int securer__cgroup_make(const char *parent, char *path, size_t size, char *why,
                         size_t why_size)
{
	static atomic_uint counter;
	unsigned nonce = 0;

	sweep_stale(parent);
	/* The nonce keeps a recycled pid from meeting its predecessor's
	 * leftover group. */
	if (getrandom(&nonce, sizeof(nonce), GRND_NONBLOCK) != sizeof(nonce))
		nonce = (unsigned)securer_monotonic_ms();
	if (snprintf(path, size, "%s/securer-%d-%u-%08x", parent, (int)getpid(),
	             atomic_fetch_add(&counter, 1), nonce) >= (int)size) {
		snprintf(why, why_size, "cgroup path too long");
		path[0] = '\0';
		return -ENAMETOOLONG;
	}
	if (mkdir(path, 0755) < 0) {
		int rc = -errno;

		snprintf(why, why_size, "cannot create %s: %s", path,
		         strerror(-rc));
		path[0] = '\0';
		return rc;
	}
	return 0;
}

int securer__cgroup_open_join(const char *dir, bool v2)
{
	char path[700];

	snprintf(path, sizeof(path), "%s/%s", dir,
	         v2 ? "cgroup.procs" : "tasks");
	return open(path, O_WRONLY | O_CLOEXEC);
}

int securer__cgroup_open_file(const char *dir, const char *name)
{
	char path[700];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return open(path, O_RDONLY | O_CLOEXEC);
}

void securer__cgroup_init(struct securer__cgroup *cg)
{
	memset(cg, 0, sizeof(*cg));
	cg->join_fd = cg->dir_fd = cg->procs_fd = -1;
	cg->mem_join_fd = cg->oom_fd = cg->usage_fd = -1;
}

int securer__cgroup_create(struct securer__cgroup *cg, int64_t max_pids,
                           int64_t max_bytes, char *why, size_t why_size)
{
	struct securer__cgroup_place places[SECURER__CG_N];
	const struct securer__cgroup_place *pids = &places[SECURER__CG_PIDS];
	char value[32];
	int rc;

	why[0] = '\0';
	if (pool_take(cg, max_pids, max_bytes))
		return 0;
	securer__cgroup_init(cg);
	cg->want_memory = max_bytes > 0;
	securer__cgroup_places(places);
	if (max_pids > 0) {
		if (!pids->dir[0])
			snprintf(why, why_size, "%s", pids->why);
		rc = pids->dir[0]
		         ? securer__cgroup_make(pids->dir, cg->path,
		                                sizeof(cg->path), why, why_size)
		         : -ENOTSUP;
		if (rc < 0) {
			/* no group at all: the memory is not capped either */
			snprintf(cg->mem_why, sizeof(cg->mem_why),
			         "no cgroup for the run: %s", why);
			return rc;
		}
		snprintf(value, sizeof(value), "%lld\n", (long long)max_pids);
		rc = securer__cgroup_write(cg->path, "pids.max", value);
		cg->max_pids = max_pids;
		if (rc == 0 && pids->v2 &&
		    (cg->dir_fd = securer__cgroup_open_v2_dir(cg->path)) < 0)
			rc = -errno;
		if (rc == 0 && (cg->join_fd = securer__cgroup_open_join(
		                    cg->path, pids->v2)) < 0)
			rc = -errno;
		if (rc < 0) {
			snprintf(why, why_size, "cannot set up %s: %s",
			         cg->path, strerror(-rc));
			securer__cgroup_remove(cg);
			return rc;
		}
	}
	if (max_bytes > 0)
		securer__cgroup_add_memory(cg, &places[SECURER__CG_MEMORY],
		                           max_bytes);
	if (cg->path[0] || cg->mem_path[0])
		cg->procs_fd = securer__cgroup_open_file(
		    cg->path[0] ? cg->path : cg->mem_path, "cgroup.procs");
	return 0;
}

void securer__cgroup_remove(struct securer__cgroup *cg)
{
	char *paths[2] = {cg->path, cg->mem_path};

	close_fds(cg);
	for (int k = 0; k < 2; k++) {
		if (!paths[k][0])
			continue;
		/* Tasks that were just reaped may still be leaving it. */
		for (int i = 0; i < 200; i++) {
			struct timespec ms = {0, 1000000};

			if (rmdir(paths[k]) == 0 || errno != EBUSY)
				break;
			nanosleep(&ms, NULL);
		}
		paths[k][0] = '\0';
	}
	cg->memory = false;
}

void securer__cgroup_destroy(struct securer__cgroup *cg)
{
	if (cg->procs_fd >= 0 && pool_put(cg)) {
		securer__cgroup_init(cg); /* the pool holds what it had */
		return;
	}
	securer__cgroup_remove(cg);
}

/* SIGKILLs the tasks listed in cgroup.procs; how many were listed, or a
 * negative errno. */
static int kill_listed(const char *dir)
{
	char path[700], buf[4096], *p, *end;
	int fd, found = 0;
	ssize_t n;

	snprintf(path, sizeof(path), "%s/cgroup.procs", dir);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return -errno;
	/* pids.max bounds the list; a longer one is read in the next round */
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n < 0)
		return -errno;
	buf[n] = '\0';
	for (p = buf; *p; p = end) {
		long pid = strtol(p, &end, 10);

		if (end == p)
			break;
		if (pid > 0 && kill((pid_t)pid, SIGKILL) == 0)
			found++;
	}
	return found;
}

int securer__cgroup_kill(struct securer__cgroup *cg, int64_t deadline_ms)
{
	/* the pids group, or the memory group when the run has only that */
	const char *dir = cg->path[0] ? cg->path : cg->mem_path;
	int rc;

	if (!dir[0])
		return -ENOENT;
	securer__cgroup_write(dir, "cgroup.kill", "1"); /* v2, Linux 5.14+ */
	while ((rc = kill_listed(dir)) > 0 &&
	       securer_monotonic_ms() < deadline_ms) {
		struct timespec ms = {0, 1000000};

		nanosleep(&ms, NULL);
	}
	return rc == 0 ? 0 : rc < 0 ? rc : -ETIMEDOUT;
}
