/*
 * init_budget.c - the private directory's disk budget (init_budget.h).
 * Runs in securer-init, the reaper, outside the sandbox; built without
 * sanitizers.  Nothing here follows a symlink the code planted.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>

#include "init_budget.h"

/* Deeper than this the walk stops and counts as incomplete (fail closed):
 * the reaper's stack stays small whatever the code nests. */
#define MAX_DEPTH 64
#define MAX_SEEN  4096

struct tally {
	uint64_t bytes, inodes;
	bool complete;
	dev_t dev;
	ino_t seen[MAX_SEEN]; /* deleted files already counted */
	size_t n_seen;
};

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int budget_parse(struct budget *b, char *spec)
{
	char *end;

	memset(b, 0, sizeof(*b));
	b->max_bytes = strtoull(spec, &end, 10);
	if (end == spec || *end != ':')
		return -1;
	spec = end + 1;
	b->max_inodes = strtoull(spec, &end, 10);
	if (end == spec || *end != ':' || end[1] != '/')
		return -1;
	b->dir = end + 1;
	b->on = true;
	return 0;
}

int budget_start(struct budget *b)
{
	struct statvfs s;

	if (statvfs(b->dir, &s) < 0)
		return -errno;
	b->frsize = s.f_frsize ? s.f_frsize : s.f_bsize;
	b->base_bfree = s.f_bfree;
	b->base_ffree = s.f_ffree;
	b->inodes_counted = s.f_files > 0;
	b->next_ms = now_ms() + BUDGET_TICK_MS;
	return 0;
}

long budget_wait_ms(const struct budget *b)
{
	int64_t left = b->next_ms - now_ms();

	return left > 0 ? (long)left : 0;
}

static void add(struct tally *t, const struct stat *st)
{
	t->bytes += (uint64_t)st->st_blocks * 512;
	t->inodes++;
}

/* The tree under |dfd| (closed here). */
static void walk(int dfd, int depth, struct tally *t)
{
	DIR *d = fdopendir(dfd);
	struct dirent *e;

	if (!d) {
		close(dfd);
		t->complete = false;
		return;
	}
	while ((e = readdir(d))) {
		struct stat st;
		int child;

		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		if (fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) <
		    0) {
			if (errno != ENOENT)
				t->complete = false;
			continue;
		}
		add(t, &st);
		if (!S_ISDIR(st.st_mode))
			continue;
		child = depth < MAX_DEPTH ? openat(dirfd(d), e->d_name,
		                                   O_RDONLY | O_DIRECTORY |
		                                       O_NOFOLLOW | O_CLOEXEC)
		                          : -1;
		if (child < 0)
			t->complete = false;
		else
			walk(child, depth + 1, t);
	}
	closedir(d);
}

/* The (pid, ppid) of every process, for the descendants of the reaper. */
struct ptab {
	pid_t *pid, *ppid;
	size_t n, cap;
};

static bool ptab_read(struct ptab *p)
{
	DIR *d = opendir("/proc");
	struct dirent *e;

	if (!d)
		return false;
	while ((e = readdir(d))) {
		char path[64], buf[512], *close_paren;
		int pid = atoi(e->d_name), fd;
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
		if (!(close_paren = strrchr(buf, ')')))
			continue;
		if (p->n == p->cap) {
			size_t cap = p->cap ? 2 * p->cap : 512;
			pid_t *a = realloc(p->pid, cap * sizeof(*a));
			pid_t *b =
			    a ? realloc(p->ppid, cap * sizeof(*b)) : NULL;

			if (a)
				p->pid = a;
			if (!b) {
				closedir(d);
				return false;
			}
			p->ppid = b;
			p->cap = cap;
		}
		p->pid[p->n] = pid;
		p->ppid[p->n] = atoi(close_paren + 4);
		p->n++;
	}
	closedir(d);
	return true;
}

/* Deleted files of |dev| that process |pid| holds open. */
static void held_files(pid_t pid, struct tally *t)
{
	char path[64];
	struct dirent *e;
	DIR *d;

	snprintf(path, sizeof(path), "/proc/%d/fd", (int)pid);
	if (!(d = opendir(path))) {
		if (errno != ENOENT)
			t->complete = false;
		return;
	}
	while ((e = readdir(d))) {
		struct stat st;
		size_t i;

		if (e->d_name[0] == '.')
			continue;
		if (fstatat(dirfd(d), e->d_name, &st, 0) < 0) {
			if (errno != ENOENT)
				t->complete = false;
			continue;
		}
		if (!S_ISREG(st.st_mode) || st.st_nlink != 0 ||
		    st.st_dev != t->dev)
			continue;
		for (i = 0; i < t->n_seen && t->seen[i] != st.st_ino; i++)
			;
		if (i < t->n_seen)
			continue;
		if (t->n_seen < MAX_SEEN)
			t->seen[t->n_seen++] = st.st_ino;
		add(t, &st);
	}
	closedir(d);
}

static void held_by_run(pid_t self, struct tally *t)
{
	struct ptab p = {0};
	/* Breadth first over the process tree from the reaper: the run's
	 * processes are exactly its descendants (it is their subreaper). */
	pid_t *queue = NULL;
	size_t head = 0, tail = 0;

	if (!ptab_read(&p) || !(queue = malloc((p.n + 1) * sizeof(*queue)))) {
		t->complete = false;
		goto out;
	}
	queue[tail++] = self;
	while (head < tail) {
		pid_t parent = queue[head++];

		for (size_t i = 0; i < p.n && tail <= p.n; i++)
			if (p.ppid[i] == parent && p.pid[i] != self)
				queue[tail++] = p.pid[i];
	}
	for (size_t i = 1; i < tail; i++)
		held_files(queue[i], t);
out:
	free(queue);
	free(p.pid);
	free(p.ppid);
}

int budget_check(struct budget *b, pid_t self)
{
	struct tally *t;
	struct statvfs s;
	struct stat st;
	int64_t lost_blocks, lost_inodes;
	bool lost, walk_due;
	int over;

	b->next_ms = now_ms() + BUDGET_TICK_MS;
	if (statvfs(b->dir, &s) < 0)
		return 0;
	lost_blocks = (int64_t)b->base_bfree - (int64_t)s.f_bfree;
	lost_inodes = (int64_t)b->base_ffree - (int64_t)s.f_ffree;
	lost = (lost_blocks > 0 &&
	        (uint64_t)lost_blocks * b->frsize > b->max_bytes) ||
	       (b->inodes_counted && lost_inodes > 0 &&
	        (uint64_t)lost_inodes > b->max_inodes);
	/* Now and then the directory is walked whatever the filesystem says:
	 * someone else freeing space at the same time must not hide it. */
	walk_due = ++b->ticks % BUDGET_WALK_TICKS == 0;
	if (!lost && !walk_due)
		return 0;
	/* Whose was it? */
	if (!(t = calloc(1, sizeof(*t))))
		return 1; /* cannot tell: fail closed */
	t->complete = true;
	if (lstat(b->dir, &st) == 0) {
		int fd = open(b->dir,
		              O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);

		t->dev = st.st_dev;
		add(t, &st);
		if (fd >= 0)
			walk(fd, 0, t);
		else
			t->complete = false;
	}
	/* The deleted files it holds show only in the filesystem's count:
	 * looked for when that count says something is missing. */
	if (lost) {
		held_by_run(self, t);
	} else if (!t->complete) {
		/* a walk that failed proves nothing without a loss */
		t->complete = true;
		t->bytes = t->inodes = 0;
	}
	b->used_bytes = t->bytes;
	b->used_inodes = t->inodes;
	over = !t->complete || t->bytes > b->max_bytes ||
	       (b->inodes_counted && t->inodes > b->max_inodes);
	if (!over && lost) {
		/* Someone else's: count from here, the run's share in. */
		b->base_bfree = s.f_bfree + t->bytes / b->frsize;
		b->base_ffree = s.f_ffree + t->inodes;
	}
	free(t);
	return over;
}
