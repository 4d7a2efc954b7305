/*
 * soak_gauge.c - the gauges, from /proc.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

#include "soak_gauge.h"
#include "soak_heap.h"

struct proc {
	pid_t pid, ppid;
	char state;
};

/* The whole of a small /proc file, NUL-terminated; its length or -1. */
static ssize_t slurp(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	size_t n = 0;

	if (fd < 0)
		return -1;
	while (n + 1 < size) {
		ssize_t got = read(fd, buf + n, size - 1 - n);

		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			break;
		n += (size_t)got;
	}
	close(fd);
	buf[n] = '\0';
	return (ssize_t)n;
}

/* "pid (comm) S ppid ...": comm may hold spaces and parentheses, so the
 * fields after it are found from its last ')'. */
static int read_stat(pid_t pid, struct proc *p)
{
	char path[64], buf[512], *close_paren;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	if (slurp(path, buf, sizeof(buf)) <= 0)
		return -1;
	close_paren = strrchr(buf, ')');
	if (!close_paren ||
	    sscanf(close_paren + 1, " %c %d", &p->state, &p->ppid) != 2)
		return -1;
	p->pid = pid;
	return 0;
}

static int by_pid(const void *a, const void *b)
{
	pid_t x = ((const struct proc *)a)->pid,
	      y = ((const struct proc *)b)->pid;

	return (x > y) - (x < y);
}

/* Every process of the machine, sorted by pid; the count or -errno. */
static long scan_procs(struct proc **out)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	struct proc *v = NULL;
	size_t n = 0, cap = 0;

	if (!d)
		return -errno;
	while ((e = readdir(d))) {
		if (!isdigit((unsigned char)e->d_name[0]))
			continue;
		if (n == cap) {
			struct proc *nv;

			cap = cap ? 2 * cap : 512;
			nv = realloc(v, cap * sizeof(*v));
			if (!nv) {
				free(v);
				closedir(d);
				return -ENOMEM;
			}
			v = nv;
		}
		/* A process gone since readdir is simply not counted. */
		if (read_stat((pid_t)atoi(e->d_name), &v[n]) == 0)
			n++;
	}
	closedir(d);
	qsort(v, n, sizeof(*v), by_pid);
	*out = v;
	return (long)n;
}

static int descends_from(const struct proc *v, size_t n, const struct proc *p,
                         pid_t root)
{
	/* A chain deeper than 64 is not ours: bwrap nests a few levels. */
	for (int depth = 0; depth < 64 && p; depth++) {
		struct proc key = {.pid = p->ppid};

		if (p->ppid == root)
			return 1;
		if (p->ppid <= 1)
			return 0;
		p = bsearch(&key, v, n, sizeof(*v), by_pid);
	}
	return 0;
}

#define ENV_MAX 65536

/* |env|: ENV_MAX bytes to read the environment into. */
static int has_marker(pid_t pid, const char *marker, char *env)
{
	char path[64];
	ssize_t len;

	snprintf(path, sizeof(path), "/proc/%d/environ", (int)pid);
	len = slurp(path, env, ENV_MAX);
	for (ssize_t i = 0; i < len; i += (ssize_t)strlen(env + i) + 1)
		if (strcmp(env + i, marker) == 0)
			return 1;
	return 0;
}

static int count_procs(const char *marker, struct soak_gauges *g)
{
	struct proc *v = NULL;
	long n = scan_procs(&v);
	pid_t self = getpid();
	char *env;

	if (n < 0)
		return (int)n;
	env = malloc(ENV_MAX);
	if (!env) {
		free(v);
		return -ENOMEM;
	}
	g->procs = g->zombies = 0;
	for (long i = 0; i < n; i++) {
		if (v[i].pid == self)
			continue;
		if (!descends_from(v, (size_t)n, &v[i], self) &&
		    !has_marker(v[i].pid, marker, env))
			continue;
		g->procs++;
		g->zombies += v[i].state == 'Z';
	}
	free(env);
	free(v);
	return 0;
}

static long count_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	long n = 0;

	if (!d)
		return -errno;
	while ((e = readdir(d)))
		if (e->d_name[0] != '.')
			n++;
	closedir(d);
	return n - 1; /* the directory's own descriptor */
}

static void read_status(struct soak_gauges *g)
{
	char buf[4096], *p;

	g->rss_kb = g->threads = -1;
	if (slurp("/proc/self/status", buf, sizeof(buf)) <= 0)
		return;
	if ((p = strstr(buf, "\nVmRSS:")))
		g->rss_kb = strtol(p + 7, NULL, 10);
	if ((p = strstr(buf, "\nThreads:")))
		g->threads = strtol(p + 9, NULL, 10);
}

int soak_gauges_read(const char *marker, struct soak_gauges *g)
{
	int rc = count_procs(marker, g);

	if (rc < 0)
		return rc;
	g->fds = count_fds();
	if (g->fds < 0)
		return (int)g->fds;
	read_status(g);
	g->heap_kb = soak_heap_kb();
	return g->rss_kb < 0 || g->threads < 0 ? -EIO : 0;
}
