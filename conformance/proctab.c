/*
 * proctab.c - reading the process table from /proc.
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "proctab.h"
#include "textfile.h"

#define PF_KTHREAD 0x00200000 /* the kernel's, in stat's flags */

/* "pid (comm) state ppid ..." : comm may hold anything but the last ')'
 * ends it; flags is the 9th field, num_threads the 20th, starttime the
 * 22nd. */
static bool parse_stat(char *buf, struct proc *out)
{
	char *open = strchr(buf, '('), *p = strrchr(buf, ')');
	size_t n;

	if (!open || !p || p < open || strlen(p) < 5)
		return false;
	n = (size_t)(p - open - 1);
	if (n >= sizeof(out->comm))
		n = sizeof(out->comm) - 1;
	memcpy(out->comm, open + 1, n);
	out->comm[n] = '\0';
	out->state = p[2];
	out->ppid = atoi(p + 4);
	out->threads = 1;
	out->start = 0;
	out->kthread = false;
	for (int field = 2; *p; p++) {
		if (*p != ' ')
			continue;
		if (++field == 9)
			out->kthread =
			    (strtoul(p + 1, NULL, 10) & PF_KTHREAD) != 0;
		else if (field == 20)
			out->threads = atoi(p + 1);
		else if (field == 22) {
			out->start = strtoull(p + 1, NULL, 10);
			break;
		}
	}
	return true;
}

/* /proc/|pid|/stat, opened from /proc's own descriptor |proc_fd|. */
static bool read_one(int proc_fd, int pid, struct proc *out)
{
	char path[32], buf[1024];

	snprintf(path, sizeof(path), "%d/stat", pid);
	return text_read(proc_fd, path, buf, sizeof(buf)) > 0 &&
	       parse_stat(buf, out);
}

/* The kernel threads the calling thread has seen: pid -> inode of its
 * /proc directory, open addressing.  When full, the rest are read at
 * every call, as before any was known. */
#define KTHREAD_SLOTS 1024
static _Thread_local struct {
	int pid;
	unsigned long ino;
} kthreads[KTHREAD_SLOTS];

static unsigned kthread_slot(int pid)
{
	unsigned i = (unsigned)pid * 2654435761u % KTHREAD_SLOTS;

	for (unsigned k = 0; k < KTHREAD_SLOTS;
	     k++, i = (i + 1) % KTHREAD_SLOTS)
		if (!kthreads[i].pid || kthreads[i].pid == pid)
			return i;
	return KTHREAD_SLOTS;
}

static bool known_kthread(int pid, unsigned long ino)
{
	unsigned i = kthread_slot(pid);

	return i < KTHREAD_SLOTS && kthreads[i].pid == pid &&
	       kthreads[i].ino == ino;
}

static void learn(const struct proc *p)
{
	unsigned i = kthread_slot(p->pid);

	if (i == KTHREAD_SLOTS)
		return;
	if (p->kthread) {
		kthreads[i].pid = p->pid;
		kthreads[i].ino = p->ino;
	} else if (kthreads[i].pid == p->pid) {
		kthreads[i].ino = 0; /* the pid went to a process */
	}
}

/* Both readings: |foreign| (may be NULL) as proctab_read_skipping says;
 * |users_only|: kernel threads left out, and skipped once seen. */
static int scan(struct proc *procs, int max, const unsigned long *foreign,
                char *mark, int pid_max, bool users_only)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	int n = 0;

	if (!d)
		return 0;
	while ((e = readdir(d)) && n < max) {
		int pid = atoi(e->d_name);
		unsigned long ino = (unsigned long)e->d_ino;

		if (pid <= 0)
			continue;
		if (foreign && pid <= pid_max && ino > 1 &&
		    foreign[pid] == ino) {
			mark[pid] = PROCTAB_FOREIGN;
			continue;
		}
		if ((users_only && ino > 1 && known_kthread(pid, ino)) ||
		    !read_one(dirfd(d), pid, &procs[n]))
			continue;
		procs[n].pid = pid;
		procs[n].ino = ino;
		if (users_only)
			learn(&procs[n]);
		n += !(users_only && procs[n].kthread);
	}
	closedir(d);
	return n;
}

int proctab_read(struct proc *procs, int max)
{
	return scan(procs, max, NULL, NULL, 0, true);
}

int proctab_read_skipping(struct proc *procs, int max,
                          const unsigned long *foreign, char *mark, int pid_max)
{
	return scan(procs, max, foreign, mark, pid_max, false);
}

int proctab_pid_max(void)
{
	static int cached;
	char buf[32];
	int v;

	if (cached)
		return cached;
	text_read(AT_FDCWD, "/proc/sys/kernel/pid_max", buf, sizeof(buf));
	v = atoi(buf);
	return cached = v > 0 ? v : 4194304;
}

/* /proc lists most parents before their children: few passes. */
void proctab_descendants(const struct proc *p, int n, int root, char *mark,
                         int max, const pid_t *excl, int n_excl)
{
	bool grew = true;

	for (int i = 0; i < n_excl; i++)
		if (excl[i] > 0 && excl[i] <= max)
			mark[excl[i]] = 2;
	while (grew) {
		grew = false;
		for (int i = 0; i < n; i++) {
			int pid = p[i].pid, pp = p[i].ppid;

			if (pid > max || mark[pid] || pp <= 0 || pp > max ||
			    !(pp == root || mark[pp] == 1 || mark[pp] == 2))
				continue;
			mark[pid] = pp == root ? 1 : mark[pp];
			grew = true;
		}
	}
}

void proctab_cmdline(int pid, char *buf, size_t size)
{
	char path[64];
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/%d/cmdline", pid);
	n = text_read(AT_FDCWD, path, buf, size);
	for (ssize_t i = 0; i < n; i++)
		if (buf[i] == '\0')
			buf[i] = ' ';
}

long long proctab_rss_kb(int pid)
{
	static long page_kb;
	char path[64], buf[128];
	long long pages = 0;

	if (!page_kb)
		page_kb = sysconf(_SC_PAGESIZE) / 1024;
	snprintf(path, sizeof(path), "/proc/%d/statm", pid);
	if (text_read(AT_FDCWD, path, buf, sizeof(buf)) > 0)
		sscanf(buf, "%*s %lld", &pages);
	return pages * page_kb;
}

long long proctab_number(const char *path, const char *key)
{
	char buf[4096], *p = buf;

	if (text_read(AT_FDCWD, path, buf, sizeof(buf)) <= 0)
		return -1;
	if (*key && (p = strstr(buf, key)))
		p += strlen(key);
	return p ? atoll(p) : -1;
}

long long proctab_pss_kb(int pid)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/%d/smaps_rollup", pid);
	return proctab_number(path, "\nPss:");
}

/* The kernel reports a start as its boot-time nanoseconds divided down
 * to clock ticks, truncated: the same truncation of CLOCK_BOOTTIME now
 * is no later than any fork after it. */
unsigned long long proctab_now_ticks(void)
{
	struct timespec ts;
	unsigned long long hz = (unsigned long long)sysconf(_SC_CLK_TCK);

	clock_gettime(CLOCK_BOOTTIME, &ts);
	return (unsigned long long)ts.tv_sec * hz +
	       (unsigned long long)ts.tv_nsec / (1000000000ULL / hz);
}
