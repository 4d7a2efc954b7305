/*
 * cgroup.c - a per-sandbox pids cgroup.
 *
 * RLIMIT_NPROC does not bind uid 0: the kernel exempts the root user from
 * it, even inside a user namespace that maps root.  So when securer runs as
 * root, the processes limit is enforced by a pids cgroup instead, and when
 * none is writable the run is refused (sandbox.c) rather than silently left
 * without a process limit.  For other users the cgroup is used when one is
 * delegated to them, on top of the rlimit.
 *
 * cgroup v2: the new group is a sibling of ours (a v2 group that holds
 * processes cannot have controller-enabled children), which works whenever
 * our own group has the pids controller.  cgroup v1: a child of ours in the
 * pids hierarchy.
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
 * parent's), only when it is empty again, with pids.max set anew.  The
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

#include "internal.h"

struct mounts {
	char v2[256];     /* cgroup2 mount point, "" when absent */
	char v1[2][256];  /* v1 hierarchy of each controller, "" when absent */
	char own_v2[512]; /* our group in v2 ("0::/path") */
	char own_v1[2][512]; /* our group in each v1 hierarchy */
};

/* The controllers, in the order of mounts.v1 and mounts.own_v1. */
enum ctrl { CTRL_PIDS, CTRL_MEMORY };
static const char *const ctrl_name[] = {"pids", "memory"};

/* Which controller |tok| names, or -1. */
static int ctrl_of(const char *tok)
{
	for (int c = 0; c < 2; c++)
		if (strcmp(tok, ctrl_name[c]) == 0)
			return c;
	return -1;
}

/* Field 5 (mount point) and the filesystem type and super options after
 * " - " of a mountinfo line. */
static void scan_mountinfo(struct mounts *m)
{
	char *text = securer__read_file("/proc/self/mountinfo", 1 << 20);
	char *line, *save = NULL;

	if (!text)
		return;
	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		char mnt[256], type[64], opts[512];
		const char *dash = strstr(line, " - ");

		if (!dash || sscanf(line, "%*s %*s %*s %*s %255s", mnt) != 1 ||
		    sscanf(dash + 3, "%63s %*s %511s", type, opts) != 2)
			continue;
		if (strcmp(type, "cgroup2") == 0 && !m->v2[0])
			snprintf(m->v2, sizeof(m->v2), "%s", mnt);
		else if (strcmp(type, "cgroup") == 0) {
			char *tok, *s2 = NULL;
			int c;

			for (tok = strtok_r(opts, ",", &s2); tok;
			     tok = strtok_r(NULL, ",", &s2))
				if ((c = ctrl_of(tok)) >= 0 && !m->v1[c][0])
					snprintf(m->v1[c], sizeof(m->v1[c]),
					         "%s", mnt);
		}
	}
	free(text);
}

static void scan_self(struct mounts *m)
{
	char *text = securer__read_file("/proc/self/cgroup", 1 << 16);
	char *line, *save = NULL;

	if (!text)
		return;
	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		/* "hierarchy-id:controllers:path"; v2 is "0::path" */
		char *c1 = strchr(line, ':'),
		     *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
		char *tok, *s2 = NULL;
		int c;

		if (!c2)
			continue;
		*c1 = '\0';
		*c2 = '\0';
		if (strcmp(line, "0") == 0 && c1[1] == '\0') {
			snprintf(m->own_v2, sizeof(m->own_v2), "%s", c2 + 1);
			continue;
		}
		for (tok = strtok_r(c1 + 1, ",", &s2); tok;
		     tok = strtok_r(NULL, ",", &s2))
			if ((c = ctrl_of(tok)) >= 0)
				snprintf(m->own_v1[c], sizeof(m->own_v1[c]),
				         "%s", c2 + 1);
	}
	free(text);
}

static bool file_has_word(const char *path, const char *word)
{
	char *text = securer__read_file(path, 4096);
	bool found = false;
	char *tok, *save = NULL;

	if (!text)
		return false;
	for (tok = strtok_r(text, " \n", &save); tok && !found;
	     tok = strtok_r(NULL, " \n", &save))
		found = strcmp(tok, word) == 0;
	free(text);
	return found;
}

/* The directory under which a new group limiting |c| can be made (*v2:
 * a cgroup v2 one), or "" with the reason in |why|. */
static void find_parent(enum ctrl c, char *dir, size_t size, bool *v2,
                        char *why, size_t why_size)
{
	struct mounts m;
	char path[1024];

	dir[0] = '\0';
	*v2 = false;
	memset(&m, 0, sizeof(m));
	scan_mountinfo(&m);
	scan_self(&m);
	if (m.v2[0] && m.own_v2[0]) {
		char parent[512];
		char *slash;

		snprintf(parent, sizeof(parent), "%s", m.own_v2);
		slash = strrchr(parent, '/');
		if (slash && slash != parent)
			*slash = '\0';
		else
			snprintf(parent, sizeof(parent), "/");
		snprintf(path, sizeof(path), "%s%s/cgroup.subtree_control",
		         m.v2, strcmp(parent, "/") ? parent : "");
		if (file_has_word(path, ctrl_name[c])) {
			if (snprintf(dir, size, "%s%s", m.v2,
			             strcmp(parent, "/") ? parent : "") >=
			    (int)size)
				dir[0] = '\0';
			else if (access(dir, W_OK) == 0) {
				*v2 = true;
				return;
			}
			snprintf(why, why_size, "%s is not writable", dir);
			dir[0] = '\0';
		} else if (!m.v1[c][0]) {
			snprintf(why, why_size,
			         "the %s controller is not enabled in %s",
			         ctrl_name[c], path);
		}
	}
	if (m.v1[c][0] && m.own_v1[c][0]) {
		if (snprintf(dir, size, "%s%s", m.v1[c],
		             strcmp(m.own_v1[c], "/") ? m.own_v1[c] : "") >=
		    (int)size)
			dir[0] = '\0';
		else if (access(dir, W_OK) == 0)
			return;
		snprintf(why, why_size, "%s is not writable", dir);
		dir[0] = '\0';
		return;
	}
	if (!m.v2[0] && !m.v1[c][0])
		snprintf(why, why_size, "no cgroup %s controller is mounted",
		         ctrl_name[c]);
}

static int write_file(const char *dir, const char *name, const char *value)
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

/* Groups whose creator died before removing them (killed, crashed): empty
 * ones of a dead creator are removed, once per process and parent
 * directory (one per controller on v1), before the first new group.  A
 * recycled pid only makes a stale group wait longer. */
static pthread_mutex_t sweep_lock = PTHREAD_MUTEX_INITIALIZER;
static char swept[2][512];

static void sweep_stale(const char *dir)
{
	DIR *d;
	struct dirent *e;
	int slot = -1;

	pthread_mutex_lock(&sweep_lock);
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

/* The group's directory when it is a cgroup v2 one, for clone3's
 * CLONE_INTO_CGROUP (v1 groups cannot be born into); -1 otherwise. */
static int open_v2_dir(const char *path)
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

/* ---- the memory limit ------------------------------------------------------
 */

/* The directory whose files limit the run's memory, or NULL. */
static const char *memory_dir(const struct securer__cgroup *cg)
{
	if (!cg->memory)
		return NULL;
	return cg->mem_path[0] ? cg->mem_path : cg->path;
}

/* Caps the group at |bytes|, swap included: v2 memory.max and
 * memory.swap.max 0; v1 memory.limit_in_bytes and, where the kernel
 * accounts swap, memory.memsw.limit_in_bytes to the same figure (the
 * kernel wants limit <= memsw at every step: the order follows).  Without
 * the swap cap, a host with swap would let the sandbox push the host's
 * memory out to it. */
static int set_memory_max(const char *dir, bool v2, int64_t old_bytes,
                          int64_t bytes)
{
	char value[32], path[700];
	int rc;

	snprintf(value, sizeof(value), "%lld\n", (long long)bytes);
	if (v2) {
		if ((rc = write_file(dir, "memory.max", value)) < 0)
			return rc;
		rc = write_file(dir, "memory.swap.max", "0\n");
		return rc == -ENOENT ? 0 : rc;
	}
	snprintf(path, sizeof(path), "%s/memory.memsw.limit_in_bytes", dir);
	if (access(path, F_OK) != 0)
		return write_file(dir, "memory.limit_in_bytes", value);
	if (old_bytes <= 0 || bytes < old_bytes) /* 0: a new group, unlimited */
		return (rc = write_file(dir, "memory.limit_in_bytes", value)) <
		               0
		           ? rc
		           : write_file(dir, "memory.memsw.limit_in_bytes",
		                        value);
	return (rc = write_file(dir, "memory.memsw.limit_in_bytes", value)) < 0
	           ? rc
	           : write_file(dir, "memory.limit_in_bytes", value);
}

/* How many tasks the kernel's OOM killer ended in the group so far: the
 * "oom_kill" line of v2 memory.events, v1 memory.oom_control. */
static int64_t oom_kill_count(const struct securer__cgroup *cg)
{
	const char *dir = memory_dir(cg);
	char path[700], *text, *line;
	int64_t n = 0;

	if (!dir)
		return 0;
	snprintf(path, sizeof(path), "%s/%s", dir,
	         cg->dir_fd >= 0 && !cg->mem_path[0] ? "memory.events"
	                                             : "memory.oom_control");
	if (!(text = securer__read_file(path, 4096)))
		return 0;
	if ((line = strstr(text, "oom_kill ")) &&
	    (line == text || line[-1] == '\n'))
		n = strtoll(line + 9, NULL, 10);
	free(text);
	return n;
}

int64_t securer__cgroup_oom_kills(const struct securer__cgroup *cg)
{
	int64_t n = oom_kill_count(cg) - cg->oom_base;

	return n > 0 ? n : 0;
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
	securer__close_fd(&cg->mem_join_fd);
}

/* No task in it: what cgroup.procs lists is empty ("" counts as empty). */
static bool group_empty(const char *dir)
{
	char path[700], c;
	ssize_t n;
	int fd;

	if (!dir[0])
		return true;
	snprintf(path, sizeof(path), "%s/cgroup.procs", dir);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return false;
	n = read(fd, &c, 1);
	close(fd);
	return n == 0;
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

static void remove_groups(struct securer__cgroup *cg);

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
	     write_file(cg->path, "pids.max", value) < 0) ||
	    (cg->memory && cg->max_bytes != max_bytes &&
	     set_memory_max(memory_dir(cg), cg->dir_fd >= 0 && !cg->mem_path[0],
	                    cg->max_bytes, max_bytes) < 0)) {
		remove_groups(cg);
		return false;
	}
	cg->max_pids = max_pids;
	cg->max_bytes = max_bytes;
	cg->oom_base = oom_kill_count(cg);
	return true;
}

/* The memory a group's former tasks left charged to it: v2 memory.current,
 * v1 memory.usage_in_bytes; -1 when unknown. */
static int64_t memory_left(const struct securer__cgroup *cg)
{
	const char *dir = memory_dir(cg);
	char path[700], *text;
	int64_t n = -1;

	if (!dir)
		return 0;
	snprintf(path, sizeof(path), "%s/%s", dir,
	         cg->dir_fd >= 0 && !cg->mem_path[0] ? "memory.current"
	                                             : "memory.usage_in_bytes");
	if ((text = securer__read_file(path, 64))) {
		n = strtoll(text, NULL, 10);
		free(text);
	}
	return n;
}

/* A group is kept for the next run only when its runs left little charged
 * to it: shared memory that outlives its run (a SysV segment, a file in a
 * host tmpfs) stays charged to the group that made it, and would come out
 * of the next run's limit; the page cache of files read is reclaimable,
 * but a big one is no gift either.  A group that is not kept is removed,
 * and the kernel moves its charges to the parent. */
#define KEEP_CHARGED_MAX (INT64_C(16) << 20)

static bool pool_put(struct securer__cgroup *cg)
{
	bool kept = false;
	int64_t left;

	if (!group_empty(cg->path) || !group_empty(cg->mem_path))
		return false;
	if (cg->memory &&
	    ((left = memory_left(cg)) < 0 || left > KEEP_CHARGED_MAX))
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

/* The kept groups go when the library is unloaded or the process exits. */
__attribute__((destructor)) static void pool_drain(void)
{
	pthread_mutex_lock(&pool_lock);
	if (pool_owner == getpid())
		for (int i = 0; i < pool_n; i++)
			remove_groups(&pool[i]);
	pool_n = 0;
	pthread_mutex_unlock(&pool_lock);
}

/* ---- making one ------------------------------------------------------------
 */

/* A new group under |parent| in |path|; 0 or a negative errno (|why|). */
static int make_group(const char *parent, char *path, size_t size, char *why,
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

/* The file a single-threaded child writes "0" to, to join: v1 `tasks`
 * (see the top of this file), v2 cgroup.procs. */
static int open_join(const char *dir, bool v2)
{
	char path[700];

	snprintf(path, sizeof(path), "%s/%s", dir,
	         v2 ? "cgroup.procs" : "tasks");
	return open(path, O_WRONLY | O_CLOEXEC);
}

/* The memory part of a new |cg|: in the v2 group |cg| already is, or a
 * group of the v1 memory hierarchy.  On failure the run's memory stays
 * capped per process only, and cg->mem_why says why. */
static void add_memory(struct securer__cgroup *cg, int64_t max_bytes)
{
	char parent[512], why[512] = "";
	bool v2;
	int rc;

	find_parent(CTRL_MEMORY, parent, sizeof(parent), &v2, why, sizeof(why));
	if (!parent[0]) {
		snprintf(cg->mem_why, sizeof(cg->mem_why), "%s", why);
		return;
	}
	if (v2 != (cg->dir_fd >= 0) && cg->path[0]) {
		snprintf(cg->mem_why, sizeof(cg->mem_why),
		         "the memory controller is on cgroup %s and the pids "
		         "controller on %s: both must be on one",
		         v2 ? "v2" : "v1", v2 ? "v1" : "v2");
		return;
	}
	if (v2 && !cg->path[0]) {
		/* memory alone, on v2: the run is born in this group */
		if ((rc = make_group(parent, cg->path, sizeof(cg->path), why,
		                     sizeof(why))) < 0 ||
		    (cg->dir_fd = open_v2_dir(cg->path)) < 0 ||
		    (cg->join_fd = open_join(cg->path, true)) < 0) {
			snprintf(cg->mem_why, sizeof(cg->mem_why), "%s",
			         why[0] ? why : "cannot open the new group");
			remove_groups(cg);
			return;
		}
	} else if (!v2) {
		if ((rc = make_group(parent, cg->mem_path, sizeof(cg->mem_path),
		                     why, sizeof(why))) < 0) {
			snprintf(cg->mem_why, sizeof(cg->mem_why), "%s", why);
			return;
		}
		if ((cg->mem_join_fd = open_join(cg->mem_path, false)) < 0) {
			snprintf(cg->mem_why, sizeof(cg->mem_why),
			         "cannot open %s/tasks: %s", cg->mem_path,
			         strerror(errno));
			rmdir(cg->mem_path);
			cg->mem_path[0] = '\0';
			return;
		}
	}
	rc = set_memory_max(cg->mem_path[0] ? cg->mem_path : cg->path, v2, 0,
	                    max_bytes);
	if (rc < 0) {
		snprintf(cg->mem_why, sizeof(cg->mem_why),
		         "cannot set the memory limit of %s: %s",
		         cg->mem_path[0] ? cg->mem_path : cg->path,
		         strerror(-rc));
		if (cg->mem_path[0]) {
			securer__close_fd(&cg->mem_join_fd);
			rmdir(cg->mem_path);
			cg->mem_path[0] = '\0';
		}
		return;
	}
	cg->memory = true;
	cg->max_bytes = max_bytes;
	cg->oom_base = oom_kill_count(cg);
}

int securer__cgroup_create(struct securer__cgroup *cg, int64_t max_pids,
                           int64_t max_bytes, char *why, size_t why_size)
{
	char parent[512], value[32];
	bool v2;
	int rc;

	memset(cg, 0, sizeof(*cg));
	cg->join_fd = cg->dir_fd = cg->mem_join_fd = -1;
	cg->want_memory = max_bytes > 0;
	why[0] = '\0';
	if (pool_take(cg, max_pids, max_bytes))
		return 0;
	memset(cg, 0, sizeof(*cg));
	cg->join_fd = cg->dir_fd = cg->mem_join_fd = -1;
	cg->want_memory = max_bytes > 0;
	if (max_pids > 0) {
		find_parent(CTRL_PIDS, parent, sizeof(parent), &v2, why,
		            why_size);
		if (!parent[0]) {
			snprintf(cg->mem_why, sizeof(cg->mem_why), "%s", why);
			return -ENOTSUP;
		}
		if ((rc = make_group(parent, cg->path, sizeof(cg->path), why,
		                     why_size)) < 0)
			return rc;
		snprintf(value, sizeof(value), "%lld\n", (long long)max_pids);
		rc = write_file(cg->path, "pids.max", value);
		cg->max_pids = max_pids;
		if (rc == 0 && v2 && (cg->dir_fd = open_v2_dir(cg->path)) < 0)
			rc = -errno;
		if (rc == 0 && (cg->join_fd = open_join(cg->path, v2)) < 0)
			rc = -errno;
		if (rc < 0) {
			snprintf(why, why_size, "cannot set up %s: %s",
			         cg->path, strerror(-rc));
			remove_groups(cg);
			return rc;
		}
	}
	if (max_bytes > 0)
		add_memory(cg, max_bytes);
	return 0;
}

/* Closes and removes every group of |cg|. */
static void remove_groups(struct securer__cgroup *cg)
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
	if ((cg->join_fd >= 0 || cg->mem_join_fd >= 0) && pool_put(cg)) {
		cg->path[0] = cg->mem_path[0] = '\0';
		cg->join_fd = cg->dir_fd = cg->mem_join_fd = -1;
		cg->memory = false;
		return;
	}
	remove_groups(cg);
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
	write_file(dir, "cgroup.kill", "1"); /* v2, Linux 5.14+ */
	while ((rc = kill_listed(dir)) > 0 &&
	       securer_monotonic_ms() < deadline_ms) {
		struct timespec ms = {0, 1000000};

		nanosleep(&ms, NULL);
	}
	return rc == 0 ? 0 : rc < 0 ? rc : -ETIMEDOUT;
}

void securer__cgroup_info(struct securer__cgroup_info *info)
{
	struct mounts m;
	char own[800];
	bool v2;

	memset(info, 0, sizeof(*info));
	memset(&m, 0, sizeof(m));
	scan_mountinfo(&m);
	scan_self(&m);
	snprintf(info->v2_mount, sizeof(info->v2_mount), "%s", m.v2);
	snprintf(info->v1_pids_mount, sizeof(info->v1_pids_mount), "%s",
	         m.v1[CTRL_PIDS]);
	snprintf(info->own_v2, sizeof(info->own_v2), "%s", m.own_v2);
	if (m.v2[0] && m.own_v2[0]) {
		snprintf(own, sizeof(own), "%s%s", m.v2, m.own_v2);
		info->v2_writable = access(own, W_OK) == 0;
	}
	find_parent(CTRL_PIDS, info->parent, sizeof(info->parent), &v2,
	            info->why, sizeof(info->why));
	info->usable = info->parent[0] != '\0';
	find_parent(CTRL_MEMORY, info->mem_parent, sizeof(info->mem_parent),
	            &v2, info->mem_why, sizeof(info->mem_why));
	info->mem_usable = info->mem_parent[0] != '\0';
}
