/*
 * oracle.c - token scanning, process sampling and the leftover sweep.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "oracle.h"

static void base64(const unsigned char *in, size_t len, char *out)
{
	static const char t[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t o = 0;

	for (size_t i = 0; i < len; i += 3) {
		unsigned v = in[i] << 16;

		if (i + 1 < len)
			v |= in[i + 1] << 8;
		if (i + 2 < len)
			v |= in[i + 2];
		out[o++] = t[(v >> 18) & 63];
		out[o++] = t[(v >> 12) & 63];
		out[o++] = i + 1 < len ? t[(v >> 6) & 63] : '=';
		out[o++] = i + 2 < len ? t[v & 63] : '=';
	}
	out[o] = '\0';
}

static bool contains(const char *hay, size_t len, const char *needle)
{
	return memmem(hay, len, needle, strlen(needle)) != NULL;
}

/* How |tok| shows in |out|, or NULL. */
static const char *find_encoded(const char *out, size_t len,
                                const char *squeezed, size_t sq_len,
                                const char *tok)
{
	size_t n = strlen(tok);
	char rev[64], hex[160], b64[128];
	unsigned char shifted[64];

	if (contains(out, len, tok))
		return "plain";
	for (size_t i = 0; i < n; i++)
		rev[i] = tok[n - 1 - i];
	rev[n] = '\0';
	if (contains(out, len, rev))
		return "reversed";
	for (size_t i = 0; i < n; i++)
		sprintf(hex + 2 * i, "%02x", (unsigned char)tok[i]);
	if (contains(out, len, hex))
		return "hex";
	for (size_t i = 0; hex[i]; i++)
		hex[i] = (char)toupper((unsigned char)hex[i]);
	if (contains(out, len, hex))
		return "hex";
	/* base64 of the token at each of the 3 alignments: the groups that
	 * hold only token bytes do not depend on what surrounds it */
	for (size_t k = 0; k < 3; k++) {
		size_t stable_from = k ? 4 : 0, total;

		memset(shifted, 0, k);
		memcpy(shifted + k, tok, n);
		base64(shifted, k + n, b64);
		total = strlen(b64);
		b64[total - 4] =
		    '\0'; /* the last group may hold what follows */
		if (contains(out, len, b64 + stable_from))
			return "base64";
	}
	if (squeezed && contains(squeezed, sq_len, tok))
		return "spread over whitespace";
	return NULL;
}

int oracle_tokens(const struct canaries *c, const char *out, size_t len,
                  char *evidence, size_t size)
{
	char *squeezed = malloc(len + 1);
	size_t sq = 0, used = 0;
	int found = 0;

	for (size_t i = 0; squeezed && i < len; i++)
		if (!isspace((unsigned char)out[i]) && out[i] != '"' &&
		    out[i] != ',' && out[i] != '\'')
			squeezed[sq++] = out[i];
	evidence[0] = '\0';
	for (int i = 0; i < c->n_tokens; i++) {
		const char *how =
		    find_encoded(out, len, squeezed, sq, c->tokens[i].value);

		if (!how)
			continue;
		found++;
		if (used < size)
			used += (size_t)snprintf(evidence + used, size - used,
			                         "%stoken of %s seen (%s)",
			                         found > 1 ? "; " : "",
			                         c->tokens[i].name, how);
	}
	free(squeezed);
	return found;
}

/* ---- process table ------------------------------------------------------ */

struct proc {
	int pid, ppid;
	char state;
};

/* Reads every process's pid, ppid and state; returns how many. */
static int read_procs(struct proc *procs, int max)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	int n = 0;

	if (!d)
		return 0;
	while ((e = readdir(d)) && n < max) {
		char path[64], buf[512], *p;
		int fd, pid = atoi(e->d_name);
		ssize_t got;

		if (pid <= 0)
			continue;
		snprintf(path, sizeof(path), "/proc/%d/stat", pid);
		if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
			continue;
		got = read(fd, buf, sizeof(buf) - 1);
		close(fd);
		if (got <= 0)
			continue;
		buf[got] = '\0';
		if (!(p = strrchr(buf, ')')) || strlen(p) < 5)
			continue;
		procs[n].pid = pid;
		procs[n].state = p[2];
		procs[n].ppid = atoi(p + 4);
		n++;
	}
	closedir(d);
	return n;
}

#define MAX_PROCS 65536

static int pid_max(void)
{
	char buf[32];
	int fd = open("/proc/sys/kernel/pid_max", O_RDONLY | O_CLOEXEC), v = 0;
	ssize_t n;

	if (fd >= 0) {
		n = read(fd, buf, sizeof(buf) - 1);
		buf[n > 0 ? n : 0] = '\0';
		v = atoi(buf);
		close(fd);
	}
	return v > 0 ? v : 4194304;
}

/* Sets mark[pid] for every descendant of |root| (mark has pid_max + 1
 * entries); returns the number of live ones.  /proc lists parents before
 * most of their children, so the passes are few. */
static int descendants(struct proc *p, int n, int root, char *mark, int max)
{
	int count = 0;
	bool grew = true;

	while (grew) {
		grew = false;
		for (int i = 0; i < n; i++) {
			int pid = p[i].pid, ppid = p[i].ppid;

			if (pid > max || mark[pid] ||
			    !(ppid == root ||
			      (ppid <= max && ppid > 0 && mark[ppid])))
				continue;
			mark[pid] = 1;
			grew = true;
			if (p[i].state != 'Z')
				count++;
		}
	}
	return count;
}

int oracle_descendants(void)
{
	int max = pid_max();
	struct proc *p = malloc(MAX_PROCS * sizeof(*p));
	char *mark = calloc((size_t)max + 1, 1);
	int n, count = 0;

	if (p && mark) {
		n = read_procs(p, MAX_PROCS);
		count = descendants(p, n, getpid(), mark, max);
	}
	free(p);
	free(mark);
	return count;
}

static long long mem_available_kb(void)
{
	char buf[4096];
	int fd = open("/proc/meminfo", O_RDONLY | O_CLOEXEC);
	ssize_t n;
	char *p;

	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	p = strstr(buf, "MemAvailable:");
	return p ? atoll(p + 13) : -1;
}

static void *sample(void *arg)
{
	struct sampler *s = arg;
	struct timespec tick = {0, 20 * 1000 * 1000};

	while (!atomic_load(&s->stop)) {
		int now = oracle_descendants();
		long long avail = mem_available_kb();

		if (now > atomic_load(&s->peak))
			atomic_store(&s->peak, now);
		if (avail >= 0 && avail < s->floor_kb)
			atomic_store(&s->low_memory, true);
		nanosleep(&tick, NULL);
	}
	return NULL;
}

int sampler_start(struct sampler *s, long long floor_kb)
{
	atomic_store(&s->stop, false);
	atomic_store(&s->peak, 0);
	atomic_store(&s->low_memory, false);
	s->floor_kb = floor_kb;
	return pthread_create(&s->thread, NULL, sample, s) == 0 ? 0 : -1;
}

void sampler_stop(struct sampler *s)
{
	atomic_store(&s->stop, true);
	pthread_join(s->thread, NULL);
}

static void cmdline(int pid, char *buf, size_t size)
{
	char path[64];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/cmdline", pid);
	buf[0] = '\0';
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return;
	n = read(fd, buf, size - 1);
	close(fd);
	if (n <= 0)
		return;
	for (ssize_t i = 0; i < n; i++)
		if (buf[i] == '\0')
			buf[i] = ' ';
	buf[n] = '\0';
}

int oracle_sweep(const char *needle, char *evidence, size_t size)
{
	int max = pid_max();
	struct proc *p = malloc(MAX_PROCS * sizeof(*p));
	char *mark = calloc((size_t)max + 1, 1);
	size_t used = 0;
	int n, found = 0;

	evidence[0] = '\0';
	if (!p || !mark)
		goto out;
	n = read_procs(p, MAX_PROCS);
	descendants(p, n, getpid(), mark, max);
	for (int i = 0; i < n; i++) {
		char cmd[256];

		if (p[i].state == 'Z' || p[i].pid == getpid())
			continue;
		cmdline(p[i].pid, cmd, sizeof(cmd));
		if (!(p[i].pid <= max && mark[p[i].pid]) &&
		    !(needle && *needle && strstr(cmd, needle)))
			continue;
		found++;
		if (used < size)
			used += (size_t)snprintf(
			    evidence + used, size - used, "%spid %d '%.60s'",
			    found > 1 ? ", " : "", p[i].pid, cmd);
		kill(p[i].pid,
		     SIGKILL); /* ours: a descendant or the case's own */
	}
	while (waitpid(-1, NULL, WNOHANG) > 0)
		;
out:
	free(p);
	free(mark);
	return found;
}
