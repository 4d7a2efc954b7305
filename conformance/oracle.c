/*
 * oracle.c - token scanning, process sampling and the leftover sweep.
 */
#include <ctype.h>
#include <limits.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statvfs.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "oracle.h"

/* ---- tokens ------------------------------------------------------------- */

static void base64(const unsigned char *in, size_t len, char *out)
{
	static const char t[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t o = 0;

	for (size_t i = 0; i < len; i += 3) {
		unsigned v = (unsigned)in[i] << 16;

		if (i + 1 < len)
			v |= (unsigned)in[i + 1] << 8;
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

/* How |tok| shows in |out|, or NULL.  Numbers (statfile) only plain. */
static const char *find_encoded(const char *out, size_t len, const char *sq,
                                size_t sq_len, const char *tok)
{
	size_t n = strlen(tok);
	char rev[64], hex[160], b64[128];
	unsigned char shifted[64];

	if (contains(out, len, tok))
		return "plain";
	if (n < 16)
		return NULL;
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
		size_t total;

		memset(shifted, 0, k);
		memcpy(shifted + k, tok, n);
		base64(shifted, k + n, b64);
		total = strlen(b64);
		b64[total - 4] = '\0';
		if (contains(out, len, b64 + (k ? 4 : 0)))
			return "base64";
	}
	if (sq && contains(sq, sq_len, tok))
		return "spread over whitespace";
	return NULL;
}

int oracle_tokens(const struct tokens *tk, const char *out, size_t len,
                  char *ev, size_t size)
{
	char *squeezed = malloc(len + 1);
	size_t sq = 0, used = 0;
	int found = 0;

	for (size_t i = 0; squeezed && i < len; i++)
		if (!isspace((unsigned char)out[i]) && !strchr("\"',[]", out[i]))
			squeezed[sq++] = out[i];
	ev[0] = '\0';
	for (int i = 0; i < tk->n; i++) {
		const char *how = find_encoded(out, len, squeezed, sq, tk->t[i].value);

		if (!how)
			continue;
		found++;
		if (used < size)
			used += (size_t)snprintf(ev + used, size - used, "%stoken of %s "
			                         "seen (%s)", found > 1 ? "; " : "",
			                         tk->t[i].name, how);
	}
	free(squeezed);
	return found;
}

/* ---- the process table -------------------------------------------------- */

struct proc {
	int pid, ppid, threads;
	char state;
};

#define MAX_PROCS 65536

static int read_procs(struct proc *procs, int max)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	int n = 0;

	if (!d)
		return 0;
	while ((e = readdir(d)) && n < max) {
		char path[64], buf[1024], *p;
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
		/* "pid (comm) state ppid ... num_threads(20th)": comm may hold
		 * anything but the last ')' ends it */
		if (!(p = strrchr(buf, ')')) || strlen(p) < 5)
			continue;
		procs[n].pid = pid;
		procs[n].state = p[2];
		procs[n].ppid = atoi(p + 4);
		procs[n].threads = 1;
		for (int field = 2; *p && field < 20; p++)
			if (*p == ' ' && ++field == 20)
				procs[n].threads = atoi(p + 1);
		n++;
	}
	closedir(d);
	return n;
}

static int pid_max(void)
{
	static int cached;
	char buf[32];
	int fd, v = 0;
	ssize_t n;

	if (cached)
		return cached;
	fd = open("/proc/sys/kernel/pid_max", O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		n = read(fd, buf, sizeof(buf) - 1);
		buf[n > 0 ? n : 0] = '\0';
		v = atoi(buf);
		close(fd);
	}
	return cached = v > 0 ? v : 4194304;
}

/* mark[pid]: 1 for a descendant of |root|, 2 for one in an excluded tree.
 * /proc lists most parents before their children: few passes. */
static void descendants(const struct proc *p, int n, int root, char *mark,
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
			    !(pp == root || mark[pp]))
				continue;
			mark[pid] = pp == root ? 1 : mark[pp];
			grew = true;
		}
	}
}

/* ---- the sampler -------------------------------------------------------- */

long long oracle_mem_available_kb(void)
{
	char buf[4096], *p;
	int fd = open("/proc/meminfo", O_RDONLY | O_CLOEXEC);
	ssize_t n;

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

static const char *basename_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

/* Is |pid| a process of the run proper, as the host sees it: in the
 * host's user namespace (capabilities in a namespace of its own are not
 * the host's), and not the launch machinery (this program before it
 * executes bwrap, bwrap before it drops what it holds)? */
static bool host_side_code(int pid)
{
	static char own_ns[64], own_exe[1024];
	char path[64], link[1024];
	ssize_t n;

	if (!own_ns[0]) {
		n = readlink("/proc/self/ns/user", own_ns, sizeof(own_ns) - 1);
		own_ns[n > 0 ? n : 0] = '\0';
		n = readlink("/proc/self/exe", own_exe, sizeof(own_exe) - 1);
		own_exe[n > 0 ? n : 0] = '\0';
	}
	snprintf(path, sizeof(path), "/proc/%d/ns/user", pid);
	n = readlink(path, link, sizeof(link) - 1);
	if (n <= 0)
		return false;
	link[n] = '\0';
	if (strcmp(link, own_ns) != 0)
		return false;
	snprintf(path, sizeof(path), "/proc/%d/exe", pid);
	n = readlink(path, link, sizeof(link) - 1);
	if (n <= 0)
		return false;
	link[n] = '\0';
	return strcmp(link, own_exe) != 0 && strcmp(basename_of(link), "bwrap") != 0;
}

/* CapEff of |pid| when not zero, in |out|. */
static bool has_caps(int pid, char *out, size_t size)
{
	char path[64], buf[4096], *p;
	int fd;
	ssize_t n;

	if (!host_side_code(pid))
		return false;
	snprintf(path, sizeof(path), "/proc/%d/status", pid);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return false;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return false;
	buf[n] = '\0';
	p = strstr(buf, "CapEff:\t");
	if (!p || strtoull(p + 8, NULL, 16) == 0)
		return false;
	snprintf(out, size, "pid %d has CapEff %.16s", pid, p + 8);
	return true;
}

/* Resident set of |pid| in KiB, from /proc/PID/statm. */
static long long rss_kb(int pid)
{
	static long page_kb;
	char path[64], buf[128];
	long long pages = 0;
	ssize_t n;
	int fd;

	if (!page_kb)
		page_kb = sysconf(_SC_PAGESIZE) / 1024;
	snprintf(path, sizeof(path), "/proc/%d/statm", pid);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n > 0) {
		buf[n] = '\0';
		sscanf(buf, "%*s %lld", &pages);
	}
	return pages * page_kb;
}

static void sample_once(struct sampler *s, struct proc *p, char *mark, int max)
{
	int n = read_procs(p, MAX_PROCS), procs = 0, threads = 0, zombies = 0;
	long long rss = 0;

	memset(mark, 0, (size_t)max + 1);
	descendants(p, n, getpid(), mark, max, s->excluded, s->n_excluded);
	for (int i = 0; i < n; i++) {
		if (p[i].pid > max || mark[p[i].pid] != 1)
			continue;
		if (p[i].state == 'Z') {
			zombies++;
			continue;
		}
		procs++;
		threads += p[i].threads;
		rss += rss_kb(p[i].pid);
		if (s->want_caps && !s->caps[0]) {
			char c[160];

			if (has_caps(p[i].pid, c, sizeof(c))) {
				pthread_mutex_lock(&s->lock);
				snprintf(s->caps, sizeof(s->caps), "%s", c);
				pthread_mutex_unlock(&s->lock);
			}
		}
	}
	if (procs > atomic_load(&s->peak_procs))
		atomic_store(&s->peak_procs, procs);
	if (threads > atomic_load(&s->peak_threads))
		atomic_store(&s->peak_threads, threads);
	if (zombies > atomic_load(&s->peak_zombies))
		atomic_store(&s->peak_zombies, zombies);
	if (rss > atomic_load(&s->peak_rss_kb))
		atomic_store(&s->peak_rss_kb, rss);
}

static void sample_gauges(struct sampler *s)
{
	long long files = oracle_open_files(), bytes, inodes;

	if (files > atomic_load(&s->peak_files))
		atomic_store(&s->peak_files, files);
	if (oracle_fs_free(s->fs_path, &bytes, &inodes) == 0) {
		if (bytes < atomic_load(&s->min_free_bytes))
			atomic_store(&s->min_free_bytes, bytes);
		if (inodes < atomic_load(&s->min_free_inodes))
			atomic_store(&s->min_free_inodes, inodes);
	}
}

static void *sample(void *arg)
{
	struct sampler *s = arg;
	struct timespec tick = {0, 20 * 1000 * 1000};
	int max = pid_max();
	struct proc *p = malloc(MAX_PROCS * sizeof(*p));
	char *mark = malloc((size_t)max + 1);

	while (p && mark && !atomic_load(&s->stop)) {
		long long avail = oracle_mem_available_kb();

		if (s->gauges)
			sample_gauges(s);
		sample_once(s, p, mark, max);
		if (avail >= 0 && avail < s->floor_kb) {
			int victim = atomic_load(&s->kill_on_low);

			atomic_store(&s->low_memory, true);
			if (victim > 0)
				kill(victim, SIGKILL); /* the run's own top process */
		}
		nanosleep(&tick, NULL);
	}
	free(p);
	free(mark);
	return NULL;
}

int sampler_start(struct sampler *s, long long floor_kb, bool want_caps,
                  const pid_t *excluded, int n_excluded, const char *fs_path)
{
	memset(s, 0, sizeof(*s));
	if (fs_path) {
		s->gauges = true;
		snprintf(s->fs_path, sizeof(s->fs_path), "%s", fs_path);
		atomic_store(&s->min_free_bytes, LLONG_MAX);
		atomic_store(&s->min_free_inodes, LLONG_MAX);
		sample_gauges(s);
	}
	pthread_mutex_init(&s->lock, NULL);
	s->floor_kb = floor_kb;
	s->want_caps = want_caps;
	for (int i = 0; i < n_excluded && i < MAX_EXCLUDED; i++)
		s->excluded[s->n_excluded++] = excluded[i];
	return pthread_create(&s->thread, NULL, sample, s) == 0 ? 0 : -1;
}

void sampler_stop(struct sampler *s)
{
	atomic_store(&s->stop, true);
	pthread_join(s->thread, NULL);
	pthread_mutex_destroy(&s->lock);
}

/* ---- after the run ------------------------------------------------------ */

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

int oracle_sweep(const char *needle, const pid_t *excl, int n_excl, char *ev,
                 size_t size)
{
	int max = pid_max(), n, found = 0;
	struct proc *p = malloc(MAX_PROCS * sizeof(*p));
	char *mark = calloc((size_t)max + 1, 1);
	size_t used = 0;

	ev[0] = '\0';
	if (!p || !mark)
		goto out;
	n = read_procs(p, MAX_PROCS);
	descendants(p, n, getpid(), mark, max, excl, n_excl);
	for (int i = 0; i < n; i++) {
		char cmd[256];
		bool mine = p[i].pid <= max && mark[p[i].pid] == 1;

		if (p[i].state == 'Z' || p[i].pid == getpid() ||
		    (p[i].pid <= max && mark[p[i].pid] == 2))
			continue;
		cmdline(p[i].pid, cmd, sizeof(cmd));
		if (!mine && !(needle && *needle && strstr(cmd, needle)))
			continue;
		found++;
		if (used < size)
			used += (size_t)snprintf(ev + used, size - used, "%spid %d '%.60s'",
			                         found > 1 ? ", " : "", p[i].pid, cmd);
		kill(p[i].pid, SIGKILL); /* ours: the case's own processes */
	}
out:
	free(p);
	free(mark);
	return found;
}

/* The children of every thread of this process, into |out|. */
static int children(pid_t *out, int max)
{
	DIR *d = opendir("/proc/self/task");
	struct dirent *e;
	int n = 0;

	while (d && (e = readdir(d))) {
		char path[300], buf[16];
		FILE *f;

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "/proc/self/task/%s/children", e->d_name);
		if (!(f = fopen(path, "r")))
			continue;
		while (n < max && fscanf(f, "%15s", buf) == 1)
			out[n++] = (pid_t)atoi(buf);
		fclose(f);
	}
	if (d)
		closedir(d);
	return n;
}

void oracle_reap(const pid_t *excl, int n_excl, int ms)
{
	static pid_t kids[4096];

	for (int waited = 0;; waited += 10) {
		int n = children(kids, 4096), left = 0;

		for (int i = 0; i < n; i++) {
			bool skip = false;
			int status;

			for (int k = 0; k < n_excl; k++)
				skip |= excl[k] == kids[i];
			if (!skip && waitpid(kids[i], &status, WNOHANG) == 0)
				left++;
		}
		if (!left || waited >= ms)
			return;
		usleep(10000);
	}
}

long long oracle_open_files(void)
{
	char buf[128];
	int fd = open("/proc/sys/fs/file-nr", O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	return atoll(buf);
}

int oracle_fs_free(const char *path, long long *bytes, long long *inodes)
{
	struct statvfs st;

	if (statvfs(path, &st) < 0)
		return -1;
	*bytes = (long long)st.f_bavail * (long long)st.f_frsize;
	*inodes = (long long)st.f_favail;
	return 0;
}
