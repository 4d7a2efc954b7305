/*
 * proctab.h - the host's process table, read from /proc: who descends
 * from whom, what each process holds, and when it began.
 */
#ifndef SECURER_CONFORM_PROCTAB_H
#define SECURER_CONFORM_PROCTAB_H

#include <stdbool.h>
#include <sys/types.h>

#define PROCTAB_MAX 65536

struct proc {
	int pid, ppid, threads;
	char state;               /* 'R', 'S', 'Z', ... */
	unsigned long long start; /* clock ticks since boot */
	char comm[16];
	unsigned long ino; /* of its /proc directory: one process's alone */
	bool kthread;      /* a kernel thread (PF_KTHREAD) */
};

/* Reads up to |max| processes, kernel threads left out; returns how
 * many.  A kernel thread seen once is known by its pid and the inode of its
 * /proc directory (a new process with the pid has a new one) and not read
 * again by the calling thread. */
int proctab_read(struct proc *procs, int max);

/* The same, but not the processes known to be foreign: |foreign| (size
 * pid_max + 1) holds, per pid, the inode number of the /proc directory of
 * a process known not to descend from the root the caller looks at (0:
 * none).  Such a pid still showing that directory (the same process: a
 * new process with the pid has a new one) is not read, and its
 * mark[pid] (size pid_max + 1) is set to PROCTAB_FOREIGN instead. */
#define PROCTAB_FOREIGN 3
int proctab_read_skipping(struct proc *procs, int max,
                          const unsigned long *foreign, char *mark,
                          int pid_max);

/* The highest pid this kernel hands out. */
int proctab_pid_max(void);

/* mark[pid] (size pid_max + 1, zeroed, or PROCTAB_FOREIGN for the pids
 * proctab_read_skipping skipped): 1 for a descendant of |root|, 2 for one
 * in an excluded tree (the excluded pids and theirs). */
void proctab_descendants(const struct proc *p, int n, int root, char *mark,
                         int max, const pid_t *excl, int n_excl);

/* The command line of |pid|, NULs turned to spaces ("" when gone). */
void proctab_cmdline(int pid, char *buf, size_t size);

/* Resident set of |pid| in KiB (0 when gone): cheap, but a page shared
 * by several processes counts in each (a fork before its exec doubles). */
long long proctab_rss_kb(int pid);

/* Proportional set of |pid| in KiB: each shared page split among its
 * sharers, so a sum over processes is the memory they hold together.
 * Walks the page tables (about 12 ms per GiB); -1 when unreadable. */
long long proctab_pss_kb(int pid);

/* The number after |key| in the small text file |path| ("" : the number
 * it starts with); -1 when the file or the key is missing. */
long long proctab_number(const char *path, const char *key);

/* Now, in the clock ticks of struct proc's start: a process forked after
 * this call has a start no smaller than what it returns. */
unsigned long long proctab_now_ticks(void);

#endif
