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
	char v2[256];      /* cgroup2 mount point, "" when absent */
	char v1_pids[256]; /* v1 pids hierarchy mount point, "" when absent */
	char own_v2[512];  /* our group in v2 ("0::/path") */
	char own_v1[512];  /* our group in the v1 pids hierarchy */
};

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
		else if (strcmp(type, "cgroup") == 0 && !m->v1_pids[0]) {
			char *tok, *s2 = NULL;

			for (tok = strtok_r(opts, ",", &s2); tok;
			     tok = strtok_r(NULL, ",", &s2))
				if (strcmp(tok, "pids") == 0)
					snprintf(m->v1_pids, sizeof(m->v1_pids),
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
			if (strcmp(tok, "pids") == 0)
				snprintf(m->own_v1, sizeof(m->own_v1), "%s",
				         c2 + 1);
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

/* The directory under which a new pids group can be made, or "" with the
 * reason in |why|. */
static void find_parent(char *dir, size_t size, char *why, size_t why_size)
{
	struct mounts m;
	char path[1024];

	dir[0] = '\0';
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
		if (file_has_word(path, "pids")) {
			if (snprintf(dir, size, "%s%s", m.v2,
			             strcmp(parent, "/") ? parent : "") >=
			    (int)size)
				dir[0] = '\0';
			else if (access(dir, W_OK) == 0)
				return;
			snprintf(why, why_size, "%s is not writable", dir);
			dir[0] = '\0';
		} else if (!m.v1_pids[0]) {
			snprintf(why, why_size,
			         "the pids controller is not enabled in %s",
			         path);
		}
	}
	if (m.v1_pids[0] && m.own_v1[0]) {
		if (snprintf(dir, size, "%s%s", m.v1_pids,
		             strcmp(m.own_v1, "/") ? m.own_v1 : "") >=
		    (int)size)
			dir[0] = '\0';
		else if (access(dir, W_OK) == 0)
			return;
		snprintf(why, why_size, "%s is not writable", dir);
		dir[0] = '\0';
		return;
	}
	if (!m.v2[0] && !m.v1_pids[0])
		snprintf(why, why_size, "no cgroup pids controller is mounted");
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
 * ones of a dead creator are removed, once per process, before the first
 * new group.  A recycled pid only makes a stale group wait longer. */
static char sweep_dir[512];

static void sweep_stale(void)
{
	DIR *d = opendir(sweep_dir);
	struct dirent *e;

	if (!d)
		return;
	while ((e = readdir(d))) {
		char path[800];
		int pid;

		if (sscanf(e->d_name, "securer-%d-", &pid) != 1 || pid <= 0 ||
		    pid == (int)getpid() || kill(pid, 0) == 0 || errno != ESRCH)
			continue;
		snprintf(path, sizeof(path), "%s/%s", sweep_dir, e->d_name);
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
}

/* No task in it: what cgroup.procs lists is empty. */
static bool group_empty(const char *dir)
{
	char path[700], c;
	ssize_t n;
	int fd;

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

static bool pool_take(struct securer__cgroup *cg, int64_t max_pids)
{
	bool got = false;

	pthread_mutex_lock(&pool_lock);
	pool_check_owner();
	if (pool_n > 0) {
		*cg = pool[--pool_n];
		got = true;
	}
	pthread_mutex_unlock(&pool_lock);
	if (got && cg->max_pids != max_pids) {
		char value[32];

		snprintf(value, sizeof(value), "%lld\n", (long long)max_pids);
		if (write_file(cg->path, "pids.max", value) < 0) {
			close_fds(cg);
			rmdir(cg->path);
			cg->path[0] = '\0';
			return false;
		}
		cg->max_pids = max_pids;
	}
	return got;
}

static bool pool_put(struct securer__cgroup *cg)
{
	bool kept = false;

	if (!group_empty(cg->path))
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
		for (int i = 0; i < pool_n; i++) {
			close_fds(&pool[i]);
			rmdir(pool[i].path);
		}
	pool_n = 0;
	pthread_mutex_unlock(&pool_lock);
}

int securer__cgroup_create(struct securer__cgroup *cg, int64_t max_pids,
                           char *why, size_t why_size)
{
	static pthread_once_t swept = PTHREAD_ONCE_INIT;
	static atomic_uint counter;
	char parent[512], value[32], path[700];
	unsigned nonce = 0;
	int rc;

	cg->path[0] = '\0';
	cg->join_fd = -1;
	cg->dir_fd = -1;
	why[0] = '\0';
	if (pool_take(cg, max_pids))
		return 0;
	find_parent(parent, sizeof(parent), why, why_size);
	if (!parent[0])
		return -ENOTSUP;
	if (!sweep_dir[0])
		snprintf(sweep_dir, sizeof(sweep_dir), "%s", parent);
	pthread_once(&swept, sweep_stale);
	/* The nonce keeps a recycled pid from meeting its predecessor's
	 * leftover group. */
	if (getrandom(&nonce, sizeof(nonce), GRND_NONBLOCK) != sizeof(nonce))
		nonce = (unsigned)securer_monotonic_ms();
	if (snprintf(cg->path, sizeof(cg->path), "%s/securer-%d-%u-%08x",
	             parent, (int)getpid(), atomic_fetch_add(&counter, 1),
	             nonce) >= (int)sizeof(cg->path)) {
		snprintf(why, why_size, "cgroup path too long");
		cg->path[0] = '\0';
		return -ENAMETOOLONG;
	}
	if (mkdir(cg->path, 0755) < 0) {
		rc = -errno;
		snprintf(why, why_size, "cannot create %s: %s", cg->path,
		         strerror(-rc));
		cg->path[0] = '\0';
		return rc;
	}
	snprintf(value, sizeof(value), "%lld\n", (long long)max_pids);
	rc = write_file(cg->path, "pids.max", value);
	cg->max_pids = max_pids;
	if (rc == 0)
		cg->dir_fd = open_v2_dir(cg->path);
	if (rc == 0) {
		/* v1: `tasks` (see the top of this file) */
		snprintf(path, sizeof(path), "%s/%s", cg->path,
		         cg->dir_fd >= 0 ? "cgroup.procs" : "tasks");
		cg->join_fd = open(path, O_WRONLY | O_CLOEXEC);
		if (cg->join_fd < 0)
			rc = -errno;
	}
	if (rc < 0) {
		snprintf(why, why_size, "cannot set up %s: %s", cg->path,
		         strerror(-rc));
		securer__cgroup_destroy(cg);
		return rc;
	}
	return 0;
}

void securer__cgroup_destroy(struct securer__cgroup *cg)
{
	if (cg->path[0] && cg->join_fd >= 0 && pool_put(cg)) {
		cg->path[0] = '\0';
		cg->join_fd = cg->dir_fd = -1;
		return;
	}
	close_fds(cg);
	if (!cg->path[0])
		return;
	/* Tasks that were just reaped may still be leaving the group. */
	for (int i = 0; i < 200; i++) {
		struct timespec ms = {0, 1000000};

		if (rmdir(cg->path) == 0 || errno != EBUSY)
			break;
		nanosleep(&ms, NULL);
	}
	cg->path[0] = '\0';
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
	int rc;

	if (!cg->path[0])
		return -ENOENT;
	write_file(cg->path, "cgroup.kill", "1"); /* v2, Linux 5.14+ */
	while ((rc = kill_listed(cg->path)) > 0 &&
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

	memset(info, 0, sizeof(*info));
	memset(&m, 0, sizeof(m));
	scan_mountinfo(&m);
	scan_self(&m);
	snprintf(info->v2_mount, sizeof(info->v2_mount), "%s", m.v2);
	snprintf(info->v1_pids_mount, sizeof(info->v1_pids_mount), "%s",
	         m.v1_pids);
	snprintf(info->own_v2, sizeof(info->own_v2), "%s", m.own_v2);
	if (m.v2[0] && m.own_v2[0]) {
		snprintf(own, sizeof(own), "%s%s", m.v2, m.own_v2);
		info->v2_writable = access(own, W_OK) == 0;
	}
	find_parent(info->parent, sizeof(info->parent), info->why,
	            sizeof(info->why));
	info->usable = info->parent[0] != '\0';
}
