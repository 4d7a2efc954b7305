/*
 * sampler.c - a thread that watches a run's processes while it runs.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/shm.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>

#include "proctab.h"
#include "sampler.h"
#include "textfile.h"

/* ---- host-wide gauges --------------------------------------------------- */

static long long mem_available_kb(void)
{
	return proctab_number("/proc/meminfo", "MemAvailable:");
}

static long long open_files(void)
{
	return proctab_number("/proc/sys/fs/file-nr", "");
}

static int fs_free(const char *path, long long *bytes, long long *inodes)
{
	struct statvfs st;

	if (statvfs(path, &st) < 0)
		return -1;
	*bytes = (long long)st.f_bavail * (long long)st.f_frsize;
	*inodes = (long long)st.f_favail;
	return 0;
}

static void sample_gauges(struct sampler *s)
{
	long long files = open_files(), bytes, inodes;
	long long shmem = proctab_number("/proc/meminfo", "Shmem:");

	if (files > atomic_load(&s->peak_files))
		atomic_store(&s->peak_files, files);
	if (shmem > atomic_load(&s->peak_shmem_kb))
		atomic_store(&s->peak_shmem_kb, shmem);
	if (fs_free(s->fs_path, &bytes, &inodes) == 0) {
		if (bytes < atomic_load(&s->min_free_bytes))
			atomic_store(&s->min_free_bytes, bytes);
		if (inodes < atomic_load(&s->min_free_inodes))
			atomic_store(&s->min_free_inodes, inodes);
	}
}

/* ---- the run's processes ------------------------------------------------ */

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
	return strcmp(link, own_exe) != 0 &&
	       strcmp(basename_of(link), "bwrap") != 0;
}

/* CapEff of |pid| when not zero, in |out|. */
static bool has_caps(int pid, char *out, size_t size)
{
	char path[64], buf[4096], *p;

	if (!host_side_code(pid))
		return false;
	snprintf(path, sizeof(path), "/proc/%d/status", pid);
	if (text_read(AT_FDCWD, path, buf, sizeof(buf)) <= 0)
		return false;
	p = strstr(buf, "CapEff:\t");
	if (!p || strtoull(p + 8, NULL, 16) == 0)
		return false;
	snprintf(out, size, "pid %d has CapEff %.16s", pid, p + 8);
	return true;
}

struct big {
	int pid;
	long long kb;
	char comm[16];
};

/* Keeps |top| (n, largest first) the n largest seen. */
static void keep_largest(struct big *top, int n, const struct proc *p,
                         long long kb)
{
	int i = n;

	while (i > 0 && top[i - 1].kb < kb)
		i--;
	if (i == n)
		return;
	memmove(&top[i + 1], &top[i], (size_t)(n - 1 - i) * sizeof(*top));
	top[i] = (struct big){p->pid, kb, ""};
	snprintf(top[i].comm, sizeof(top[i].comm), "%s", p->comm);
}

/* The resident sum counts a shared page once per sharer (R forks itself
 * to remove its temporary directory at exit: for a moment two processes
 * show its whole heap); the proportional sum counts it once, but walks
 * every page table under the address space's lock (about 12 ms per GiB),
 * which stalls a growing process.  So the cheap sum, an upper bound, is
 * enough while it stays under exact_above_kb; past it, the walk decides;
 * and once the walk has shown more than exact_above_kb, the figure stands
 * and no more walks are made. */

static bool in_run(const struct sampler *s, const struct proc *p,
                   const char *mark, int max)
{
	return p->pid <= max && mark[p->pid] == 1 &&
	       p->start >= s->born_after && p->state != 'Z';
}

/* The memory the run's processes hold together, the largest in |top|;
 * -1 when the peak already stands over exact_above_kb. */
static long long run_memory(const struct sampler *s, const struct proc *p,
                            int n, const char *mark, int max, struct big *top)
{
	long long rss = 0, pss = 0;

	for (int i = 0; i < n; i++) {
		long long kb;

		if (!in_run(s, &p[i], mark, max))
			continue;
		kb = proctab_rss_kb(p[i].pid);
		rss += kb;
		keep_largest(top, 3, &p[i], kb);
	}
	if (rss <= s->exact_above_kb)
		return rss;
	if (atomic_load(&s->peak_rss_kb) > s->exact_above_kb)
		return -1;
	memset(top, 0, 3 * sizeof(*top));
	for (int i = 0; i < n; i++) {
		long long kb;

		if (!in_run(s, &p[i], mark, max))
			continue;
		if ((kb = proctab_pss_kb(p[i].pid)) < 0)
			kb = proctab_rss_kb(p[i].pid);
		pss += kb;
		keep_largest(top, 3, &p[i], kb);
	}
	return pss;
}

/* Per pid, the /proc directory inode of a process known not to descend
 * from this worker (proctab_read_skipping): such a process never becomes
 * one of its descendants (an orphan goes to the nearest subreaper above
 * it, and this worker is one), so it is not read again while it lives.
 * The worker's own for all its runs: one sampler at a time. */
static unsigned long *foreign;

/* Learns the foreign processes read this time: those whose parent is the
 * kernel's or init, or this worker's parent (the runner itself, its other
 * workers and whatever else it started), or foreign itself.  None of them
 * descends from this worker, and none ever will: a new process is the
 * child of a live one, and an orphan goes up its own ancestry (to the
 * nearest subreaper, or init), never sideways.  A process whose parent is
 * gone and not yet replaced (an orphan of the run being reparented) is
 * not learnt. */
static void learn_foreign(const struct proc *p, int n, char *mark, int max,
                          int root)
{
	int runner = getppid();
	bool grew = true;

	while (foreign && grew) {
		grew = false;
		for (int i = 0; i < n; i++) {
			int pid = p[i].pid, pp = p[i].ppid;

			if (pid > max || pid == root || mark[pid] ||
			    p[i].ino <= 1 ||
			    !(pp <= 2 ||
			      ((pp == runner || pid == runner) && runner > 1) ||
			      (pp <= max && mark[pp] == PROCTAB_FOREIGN)))
				continue;
			mark[pid] = PROCTAB_FOREIGN;
			foreign[pid] = p[i].ino;
			grew = true;
		}
	}
}

static void sample_once(struct sampler *s, struct proc *p, char *mark, int max)
{
	int n, procs = 0, threads = 0, zombies = 0;
	int older = 0;
	long long mem;
	struct big top[3] = {{0}};

	memset(mark, 0, (size_t)max + 1);
	if (!foreign)
		foreign = calloc((size_t)max + 1, sizeof(*foreign));
	n = proctab_read_skipping(p, PROCTAB_MAX, foreign, mark, max);
	proctab_descendants(p, n, getpid(), mark, max, s->excluded,
	                    s->n_excluded);
	learn_foreign(p, n, mark, max, getpid());
	for (int i = 0; i < n; i++) {
		if (p[i].pid > max || mark[p[i].pid] != 1)
			continue;
		if (p[i].start < s->born_after) {
			older += p[i].state != 'Z';
			continue;
		}
		if (p[i].state == 'Z') {
			zombies++;
			continue;
		}
		s->seen[p[i].pid / 8] |= (unsigned char)(1u << (p[i].pid % 8));
		procs++;
		threads += p[i].threads;
		if (s->want_caps && !s->caps[0]) {
			char c[160];

			if (has_caps(p[i].pid, c, sizeof(c))) {
				pthread_mutex_lock(&s->lock);
				snprintf(s->caps, sizeof(s->caps), "%s", c);
				pthread_mutex_unlock(&s->lock);
			}
		}
	}
	mem = run_memory(s, p, n, mark, max, top);
	if (procs > atomic_load(&s->peak_procs))
		atomic_store(&s->peak_procs, procs);
	if (threads > atomic_load(&s->peak_threads))
		atomic_store(&s->peak_threads, threads);
	if (zombies > atomic_load(&s->peak_zombies))
		atomic_store(&s->peak_zombies, zombies);
	if (older > atomic_load(&s->peak_older))
		atomic_store(&s->peak_older, older);
	if (mem > atomic_load(&s->peak_rss_kb)) {
		size_t used = 0;

		pthread_mutex_lock(&s->lock);
		s->peak_rss_detail[0] = '\0';
		for (int i = 0;
		     i < 3 && top[i].pid && used < sizeof(s->peak_rss_detail);
		     i++)
			used += (size_t)snprintf(
			    s->peak_rss_detail + used,
			    sizeof(s->peak_rss_detail) - used,
			    "%spid %d (%s) %lld MiB", i ? ", " : "", top[i].pid,
			    top[i].comm, top[i].kb / 1024);
		atomic_store(&s->peak_rss_kb, mem);
		pthread_mutex_unlock(&s->lock);
	}
}

/* The first stop threshold crossed, or SAMPLER_STOP_NONE. */
static int crossed(struct sampler *s)
{
	long long files0 = s->files0, bytes0 = s->bytes0, inodes0 = s->inodes0,
	          shmem0 = s->shmem0_kb;

	const struct sampler_stop *t = &s->stop_at;

	if (t->procs && atomic_load(&s->peak_procs) > t->procs)
		return SAMPLER_STOP_PROCS;
	if (t->threads && atomic_load(&s->peak_threads) > t->threads)
		return SAMPLER_STOP_THREADS;
	if (t->zombies && atomic_load(&s->peak_zombies) > t->zombies)
		return SAMPLER_STOP_ZOMBIES;
	if (t->memory_kb && atomic_load(&s->peak_rss_kb) > t->memory_kb)
		return SAMPLER_STOP_MEMORY;
	if (!s->gauges)
		return SAMPLER_STOP_NONE;
	if (t->files && atomic_load(&s->peak_files) - files0 > t->files)
		return SAMPLER_STOP_FILES;
	if (t->disk_bytes &&
	    bytes0 - atomic_load(&s->min_free_bytes) > t->disk_bytes)
		return SAMPLER_STOP_DISK;
	if (t->inodes && inodes0 - atomic_load(&s->min_free_inodes) > t->inodes)
		return SAMPLER_STOP_INODES;
	if (t->shmem_kb &&
	    atomic_load(&s->peak_shmem_kb) - shmem0 > t->shmem_kb)
		return SAMPLER_STOP_SHMEM;
	return SAMPLER_STOP_NONE;
}

static void *sample(void *arg)
{
	struct sampler *s = arg;
	struct timespec tick = {0, s->tick_ms * 1000L * 1000L};
	int max = proctab_pid_max();
	struct proc *p = malloc(PROCTAB_MAX * sizeof(*p));
	char *mark = malloc((size_t)max + 1);

	while (p && mark && !atomic_load(&s->stop)) {
		long long avail = mem_available_kb();
		int why;

		if (s->gauges)
			sample_gauges(s);
		sample_once(s, p, mark, max);
		if (!atomic_load(&s->stopped) && (why = crossed(s))) {
			int victim = atomic_load(&s->kill_on_stop);
			securer_session *session =
			    atomic_load(&s->interrupt_on_stop);

			/* the effect is established: what the run would do
			 * after it changes no verdict, only costs time */
			atomic_store(&s->stopped, why);
			if (session)
				securer_session_interrupt(session);
			else if (victim > 0)
				kill(victim, SIGKILL);
		}
		if (avail >= 0 && avail < s->floor_kb) {
			int victim = atomic_load(&s->kill_on_low);

			atomic_store(&s->low_memory, true);
			if (victim > 0)
				kill(victim,
				     SIGKILL); /* the run's own top process */
		}
		nanosleep(&tick, NULL);
	}
	free(p);
	free(mark);
	return NULL;
}

int sampler_start(struct sampler *s, const struct sampler_opts *o)
{
	memset(s, 0, sizeof(*s));
	s->born_after = proctab_now_ticks();
	s->started_s = (long long)time(NULL);
	if (o->fs_path) {
		s->gauges = true;
		snprintf(s->fs_path, sizeof(s->fs_path), "%s", o->fs_path);
		atomic_store(&s->min_free_bytes, LLONG_MAX);
		atomic_store(&s->min_free_inodes, LLONG_MAX);
		sample_gauges(s);
	}
	s->files0 = atomic_load(&s->peak_files);
	s->bytes0 = atomic_load(&s->min_free_bytes);
	s->inodes0 = atomic_load(&s->min_free_inodes);
	s->shmem0_kb = atomic_load(&s->peak_shmem_kb);
	pthread_mutex_init(&s->lock, NULL);
	s->floor_kb = o->floor_kb;
	s->exact_above_kb = o->exact_above_kb;
	s->want_caps = o->want_caps;
	s->stop_at = o->stop_at;
	s->tick_ms =
	    o->tick_ms > 0 && o->tick_ms < 1000 ? o->tick_ms : SAMPLER_TICK_MS;
	if (!(s->seen = calloc((size_t)proctab_pid_max() / 8 + 1, 1)))
		return -1; /* what it left could not be removed */
	for (int i = 0; i < o->n_excluded && i < MAX_EXCLUDED; i++)
		s->excluded[s->n_excluded++] = o->excluded[i];
	if ((errno = pthread_create(&s->thread, NULL, sample, s)) != 0) {
		free(s->seen);
		s->seen = NULL;
		return -1;
	}
	return 0;
}

/* The SysV segments a process of the run made during the run: removed (at
 * once, or at their last detach).  Whatever ended the run: a run killed
 * between its shmget and its IPC_RMID (by a stop, its timeout, or the
 * memory cgroup's OOM killer) leaves its segments to the host, holding
 * their memory until the next boot.  A creator pid is not enough: a run's
 * process may have the pid of a long-gone creator of a segment the host
 * or another row still uses, so the segment must also be no older than
 * the run (its ctime, in seconds: /proc/sysvipc/shm's 14th field). */
static void remove_segments(const struct sampler *s)
{
	FILE *f = fopen("/proc/sysvipc/shm", "re");
	char line[512];
	int max = proctab_pid_max();

	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		long long key, size, ctime;
		int id, cpid;
		unsigned perms;

		if (sscanf(line,
		           "%lld %d %o %lld %d %*d %*d %*d %*d %*d %*d %*d %*d "
		           "%lld",
		           &key, &id, &perms, &size, &cpid, &ctime) == 6 &&
		    cpid > 0 && cpid <= max && ctime >= s->started_s &&
		    (s->seen[cpid / 8] & (1u << (cpid % 8))))
			shmctl(id, IPC_RMID, NULL);
	}
	fclose(f);
}

void sampler_stop(struct sampler *s)
{
	atomic_store(&s->stop, true);
	pthread_join(s->thread, NULL);
	pthread_mutex_destroy(&s->lock);
	remove_segments(s);
	free(s->seen);
	s->seen = NULL;
}
