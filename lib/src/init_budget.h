/*
 * init_budget.h - the disk budget of a private directory on the host's
 * filesystem (landlock backend: -q BYTES:INODES:DIR).
 *
 * Under bwrap the private /tmp is a tmpfs of limits.tmpfs_bytes: a write
 * past it fails with ENOSPC.  Without mounts the private directory lives on
 * the host's filesystem, so securer-init, the reaper, watches instead and
 * kills the run once it holds more than its budget there.  Every tick it
 * reads the filesystem's free blocks and inodes (one statvfs); when the
 * filesystem lost more than the budget since the run began, it finds out
 * whose it was: the private directory's blocks and inodes (a walk that
 * never follows a symlink) plus the deleted files the run's processes
 * still hold open (their /proc/PID/fd).  Over the budget, or unable to
 * count everything (a directory it cannot read, a tree deeper than it
 * walks, a process it cannot inspect): the run is killed.  Otherwise the
 * loss was someone else's and the baseline moves.  Once a second the
 * directory is walked anyway, so that space someone else frees meanwhile
 * cannot hide what the run holds.
 *
 * A run may pass the budget by what it writes in one tick before it is
 * killed (docs/backends.md gives the figure); what it wrote goes with the
 * private directory.
 */
#ifndef SECURER_INIT_BUDGET_H
#define SECURER_INIT_BUDGET_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#define BUDGET_TICK_MS    50
#define BUDGET_WALK_TICKS 20 /* the directory walked once a second anyway */

struct budget {
	bool on;
	const char *dir;
	uint64_t max_bytes, max_inodes;
	uint64_t base_bfree, base_ffree; /* the filesystem when it began */
	uint64_t frsize;
	bool inodes_counted; /* the filesystem reports inodes */
	int64_t next_ms;     /* CLOCK_MONOTONIC of the next check */
	unsigned ticks;
	uint64_t used_bytes, used_inodes; /* the last attribution */
};

/* "BYTES:INODES:DIR".  0, or -1 when malformed. */
int budget_parse(struct budget *b, char *spec);
/* Takes the baseline.  0 or a negative errno. */
int budget_start(struct budget *b);
/* Milliseconds until the next check is due (0: now). */
long budget_wait_ms(const struct budget *b);
/* When due: 1 when the run (descendants of |self|) passed its budget,
 * b->used_* saying what it held; 0 otherwise. */
int budget_check(struct budget *b, pid_t self);

#endif
