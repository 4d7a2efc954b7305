/*
 * cgroup_int.h - what the cgroup files share, inside the library:
 * cgroup.c makes, keeps and removes a run's groups; cgroup_find.c says
 * where they can be made; cgroup_memory.c sets and reads the memory limit.
 */
#ifndef SECURER_CGROUP_INT_H
#define SECURER_CGROUP_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "internal.h"

enum securer__cgroup_ctrl {
	SECURER__CG_PIDS,
	SECURER__CG_MEMORY,
	SECURER__CG_N
};

/* Where a new group limiting one controller can be made. */
struct securer__cgroup_place {
	char dir[512]; /* "" when nowhere, and |why| says why */
	bool v2;       /* a cgroup v2 directory */
	char why[SECURER__CGROUP_WHY];
};

/* ---- cgroup_find.c ---------------------------------------------------- */

/* Every controller's place, from one reading of this process's mounts and
 * cgroups. */
SECURER__HIDDEN void
securer__cgroup_places(struct securer__cgroup_place places[SECURER__CG_N]);

/* ---- cgroup.c --------------------------------------------------------- */

/* Writes |value| to |dir|/|name|: 0 or a negative errno. */
SECURER__HIDDEN int securer__cgroup_write(const char *dir, const char *name,
                                          const char *value);
/* A new group under |parent|, its path in |path|: 0, or a negative errno
 * with the reason in |why|. */
SECURER__HIDDEN int securer__cgroup_make(const char *parent, char *path,
                                         size_t size, char *why,
                                         size_t why_size);
/* The file a single-threaded child writes "0" to, to join the group in
 * |dir|: v1 `tasks`, v2 cgroup.procs (cgroup.c says why); -1 on error. */
SECURER__HIDDEN int securer__cgroup_open_join(const char *dir, bool v2);
/* |dir|/|name| open for reading (pread at 0 reads it anew); -1 on error. */
SECURER__HIDDEN int securer__cgroup_open_file(const char *dir,
                                              const char *name);
/* The group's directory when it is a cgroup v2 one, for clone3's
 * CLONE_INTO_CGROUP; -1 otherwise. */
SECURER__HIDDEN int securer__cgroup_open_v2_dir(const char *path);
/* Closes and removes every group of |cg|. */
SECURER__HIDDEN void securer__cgroup_remove(struct securer__cgroup *cg);

/* ---- cgroup_memory.c -------------------------------------------------- */

/* Adds the memory limit |max_bytes| to a new |cg|, in its v2 group or in
 * a group of the v1 memory hierarchy at |place|.  On failure cg->memory
 * stays false and cg->mem_why says why. */
SECURER__HIDDEN void
securer__cgroup_add_memory(struct securer__cgroup *cg,
                           const struct securer__cgroup_place *place,
                           int64_t max_bytes);
/* A kept |cg| taken for a new run: its limit set to |max_bytes| (when it
 * differs) and its OOM kills counted from now.  0 or a negative errno. */
SECURER__HIDDEN int securer__cgroup_reset_memory(struct securer__cgroup *cg,
                                                 int64_t max_bytes);
/* Whether the directories |a| and |b| are in one cgroup hierarchy (on v1:
 * one mount, whatever controllers it holds). */
SECURER__HIDDEN bool securer__cgroup_same_hierarchy(const char *a,
                                                    const char *b);
/* Whether |cg| may be kept for another run as far as its memory goes:
 * little is left charged to it (cgroup_memory.c says why). */
SECURER__HIDDEN bool
securer__cgroup_memory_clean(const struct securer__cgroup *cg);

#endif
