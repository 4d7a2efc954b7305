/*
 * cgroup_memory.c - the memory limit of a whole run (limits.memory_bytes).
 *
 * RLIMIT_AS caps one address space: a run that forks holds up to the
 * processes limit times it, and memfds and SysV segments count against no
 * rlimit at all.  A memory cgroup caps what the run's tasks charge
 * together: their pages, the shared memory they fill and the page cache
 * of what they read (reclaimed first).  At the limit the kernel's OOM
 * killer ends the group's largest task; the kills are counted per run
 * (securer_status.memory_oom_kills).
 *
 * On cgroup v2 the limit is in the run's one group (memory.max, and
 * memory.swap.max 0); on v1 it is a group of the memory hierarchy beside
 * the pids one (memory.limit_in_bytes, and memory.memsw.limit_in_bytes to
 * the same figure where the kernel accounts swap), joined the same way,
 * or the pids group itself where a host mounts both controllers in one v1
 * hierarchy: a process is in one group of a hierarchy, so joining a second
 * group there would take the run out of the first, and out of its process
 * limit.
 * Without the swap cap a host with swap would let the run push the host's
 * memory out to it.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "cgroup_int.h"

/* The directory whose files limit the run's memory, or NULL. */
static const char *memory_dir(const struct securer__cgroup *cg)
{
	if (!cg->memory)
		return NULL;
	return cg->mem_path[0] ? cg->mem_path : cg->path;
}

/* The limit is in the run's v2 group (not a v1 memory group). */
static bool memory_v2(const struct securer__cgroup *cg)
{
	return cg->dir_fd >= 0 && !cg->mem_path[0];
}

/* Caps |dir| at |bytes|, swap included, from |old_bytes| (0: a new group,
 * unlimited).  v1 wants limit <= memsw at every step: lowering sets the
 * limit first, raising the memsw cap first. */
static int set_memory_max(const char *dir, bool v2, int64_t old_bytes,
                          int64_t bytes)
{
	static const char limit[] = "memory.limit_in_bytes",
	                  memsw[] = "memory.memsw.limit_in_bytes";
	char value[32], path[700];
	bool lower = old_bytes <= 0 || bytes < old_bytes;
	int rc;

	snprintf(value, sizeof(value), "%lld\n", (long long)bytes);
	if (v2) {
		if ((rc = securer__cgroup_write(dir, "memory.max", value)) < 0)
			return rc;
		rc = securer__cgroup_write(dir, "memory.swap.max", "0\n");
		return rc == -ENOENT ? 0 : rc; /* no swap accounting */
	}
	snprintf(path, sizeof(path), "%s/%s", dir, memsw);
	if (access(path, F_OK) != 0) /* no swap accounting */
		return securer__cgroup_write(dir, limit, value);
	if ((rc = securer__cgroup_write(dir, lower ? limit : memsw, value)) < 0)
		return rc;
	return securer__cgroup_write(dir, lower ? memsw : limit, value);
}

/* A number read anew from |fd|, a memory file kept open: the value after
 * |key| at the start of a line, or the file's first number when |key| is
 * ""; -1 when unknown. */
static int64_t number_in(int fd, const char *key)
{
	char text[512], *at = text;
	ssize_t n = fd >= 0 ? pread(fd, text, sizeof(text) - 1, 0) : -1;

	if (n <= 0)
		return -1;
	text[n] = '\0';
	if (*key) {
		size_t len = strlen(key);

		while ((at = strstr(at, key)) && at != text && at[-1] != '\n')
			at += len;
		if (!at)
			return -1;
		at += len;
	}
	return strtoll(at, NULL, 10);
}

/* How many tasks the kernel's OOM killer ended in the group so far: the
 * "oom_kill" line of v2 memory.events, v1 memory.oom_control. */
static int64_t oom_kill_count(const struct securer__cgroup *cg)
{
	int64_t n;

	if (!cg->memory)
		return 0;
	n = number_in(cg->oom_fd, "oom_kill ");
	return n > 0 ? n : 0;
}

int64_t securer__cgroup_oom_kills(const struct securer__cgroup *cg)
{
	int64_t n = oom_kill_count(cg) - cg->oom_base;

	return n > 0 ? n : 0;
}

/* A group is kept for the next run only when its runs left little charged
 * to it: shared memory that outlives its run (a SysV segment, a file in a
 * host tmpfs) stays charged to the group that made it, and would come out
 * of the next run's limit; the page cache of files read is reclaimable,
 * but a big one is no gift either.  A group that is not kept is removed,
 * and the kernel moves its charges to the parent. */
#define KEEP_CHARGED_MAX (INT64_C(16) << 20)

bool securer__cgroup_memory_clean(const struct securer__cgroup *cg)
{
	int64_t left;

	if (!cg->memory)
		return true;
	left = number_in(cg->usage_fd, "");
	return left >= 0 && left <= KEEP_CHARGED_MAX;
}

int securer__cgroup_reset_memory(struct securer__cgroup *cg, int64_t max_bytes)
{
	int rc;

	if (!cg->memory)
		return 0;
	if (cg->max_bytes != max_bytes &&
	    (rc = set_memory_max(memory_dir(cg), memory_v2(cg), cg->max_bytes,
	                         max_bytes)) < 0)
		return rc;
	cg->max_bytes = max_bytes;
	cg->oom_base = oom_kill_count(cg);
	return 0;
}

bool securer__cgroup_same_hierarchy(const char *a, const char *b)
{
	struct stat sa, sb;

	/* each v1 hierarchy is a file system of its own (a bind mount of one
	 * is the same) */
	return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev;
}

/* Drops the v1 memory group of a |cg| whose limit could not be set. */
static void drop_v1_group(struct securer__cgroup *cg)
{
	securer__close_fd(&cg->mem_join_fd);
	if (cg->mem_path[0])
		rmdir(cg->mem_path);
	cg->mem_path[0] = '\0';
}

void securer__cgroup_add_memory(struct securer__cgroup *cg,
                                const struct securer__cgroup_place *place,
                                int64_t max_bytes)
{
	char why[512] = "";
	const char *dir;
	bool alone = place->v2 && !cg->path[0]; /* a group made for memory */
	int rc;

	if (!place->dir[0]) {
		snprintf(cg->mem_why, sizeof(cg->mem_why), "%s", place->why);
		return;
	}
	if (cg->path[0] && place->v2 != (cg->dir_fd >= 0)) {
		snprintf(cg->mem_why, sizeof(cg->mem_why),
		         "the memory controller is on cgroup %s and the pids "
		         "controller on %s: both must be on one",
		         place->v2 ? "v2" : "v1", place->v2 ? "v1" : "v2");
		return;
	}
	if (alone) {
		/* memory alone, on v2: the run is born in this group */
		if (securer__cgroup_make(place->dir, cg->path, sizeof(cg->path),
		                         why, sizeof(why)) < 0 ||
		    (cg->dir_fd = securer__cgroup_open_v2_dir(cg->path)) < 0 ||
		    (cg->join_fd = securer__cgroup_open_join(cg->path, true)) <
		        0) {
			snprintf(cg->mem_why, sizeof(cg->mem_why), "%s",
			         why[0] ? why : "cannot open the new group");
			securer__cgroup_remove(cg);
			return;
		}
	} else if (!place->v2 && cg->path[0] &&
	           securer__cgroup_same_hierarchy(cg->path, place->dir)) {
		/* pids and memory co-mounted: the pids group takes the limit */
	} else if (!place->v2) {
		if (securer__cgroup_make(place->dir, cg->mem_path,
		                         sizeof(cg->mem_path), why,
		                         sizeof(why)) < 0) {
			snprintf(cg->mem_why, sizeof(cg->mem_why), "%s", why);
			return;
		}
		if ((cg->mem_join_fd =
		         securer__cgroup_open_join(cg->mem_path, false)) < 0) {
			snprintf(cg->mem_why, sizeof(cg->mem_why),
			         "cannot open %s/tasks: %s", cg->mem_path,
			         strerror(errno));
			drop_v1_group(cg);
			return;
		}
	}
	dir = cg->mem_path[0] ? cg->mem_path : cg->path;
	if ((rc = set_memory_max(dir, place->v2, 0, max_bytes)) < 0 ||
	    (cg->oom_fd = securer__cgroup_open_file(
	         dir, place->v2 ? "memory.events" : "memory.oom_control")) <
	        0 ||
	    (cg->usage_fd = securer__cgroup_open_file(
	         dir, place->v2 ? "memory.current" : "memory.usage_in_bytes")) <
	        0) {
		snprintf(cg->mem_why, sizeof(cg->mem_why),
		         "cannot set up the memory limit of %s: %s", dir,
		         strerror(rc < 0 ? -rc : errno));
		securer__close_fd(&cg->oom_fd);
		if (alone) /* a group without the limit it was made for */
			securer__cgroup_remove(cg);
		else
			drop_v1_group(cg);
		return;
	}
	cg->memory = true;
	cg->max_bytes = max_bytes;
	cg->oom_base = 0; /* a new group has killed nothing */
}
