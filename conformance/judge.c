/*
 * judge.c - the oracles of one finished run (judge.h).
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fmt.h"
#include "judge.h"
#include "oracle.h"

void judge_add(char *ev, size_t size, size_t *used, const char *name,
               const char *detail)
{
	if (*used < size)
		*used += (size_t)snprintf(ev + *used, size - *used, "%s%s: %s",
		                          *used ? "; " : "", name, detail);
}

static bool declared(const struct judge_in *in, enum oracle o)
{
	return in->a->oracles & ORACLE_BIT(o);
}

/* The surface probes' reports: "<what> <T_PROBE>" lines. */
static int reached(const char *out, size_t len, const char *probe, char *ev,
                   size_t size)
{
	size_t plen = strlen(probe), used = 0;
	const char *p = out, *end = out + len;
	int n = 0;

	ev[0] = '\0';
	while (plen && (p = memmem(p, (size_t)(end - p), probe, plen))) {
		const char *start = p;

		while (start > out && start[-1] != '\n' && p - start < 80)
			start--;
		if (used < size)
			used += (size_t)snprintf(ev + used, size - used,
			                         "%s%.*s", n ? ", " : "",
			                         (int)(p - start), start);
		n++;
		p += plen;
	}
	return n;
}

/* Core files in |dir|, removed once seen. */
static int cores_in(const char *dir, char *ev, size_t size)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	if (!d)
		return 0;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, "core") == 0 ||
		    strncmp(e->d_name, "core.", 5) == 0) {
			char path[1200];

			if (n++ == 0)
				snprintf(ev, size,
				         "a core file appeared: %s/%s", dir,
				         e->d_name);
			if (fmt(path, sizeof(path), "%s/%s", dir, e->d_name) ==
			    0)
				unlink(path);
		}
	closedir(d);
	return n;
}

/* A setuid or setgid regular file under |dir| (8 levels, no symlink
 * followed): named in |ev| and its mode bits taken away.  As root such a
 * file owned by root is root for every local user. */
static int setid_in(const char *dir, int depth, char *ev, size_t size)
{
	DIR *d = depth < 8 ? opendir(dir) : NULL;
	struct dirent *e;
	int n = 0;

	while (d && (e = readdir(d))) {
		char path[1400];
		struct stat st;

		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..") ||
		    fmt(path, sizeof(path), "%s/%s", dir, e->d_name) < 0 ||
		    lstat(path, &st) < 0)
			continue;
		if (S_ISDIR(st.st_mode)) {
			n += setid_in(path, depth + 1, ev, size);
		} else if (S_ISREG(st.st_mode) &&
		           (st.st_mode & (S_ISUID | S_ISGID))) {
			if (n++ == 0)
				snprintf(
				    ev, size,
				    "%s file %.600s (mode %04o, owner uid %u)",
				    st.st_mode & S_ISUID ? "a setuid"
				                         : "a setgid",
				    path, (unsigned)(st.st_mode & 07777),
				    (unsigned)st.st_uid);
			chmod(path, st.st_mode & 0777);
		}
	}
	if (d)
		closedir(d);
	return n;
}

/* Tokens in the files of the workspace: a secret dropped there reaches the
 * host as surely as one printed.  Regular files only (no symlink is
 * followed), up to 1 MiB each and 8 MiB in all, 8 levels deep. */
struct scan {
	const struct tokens *tk;
	size_t budget;
	char *buf;
	char found[600];
};

static void scan_dir(struct scan *sc, const char *dir, const char *rel,
                     int depth)
{
	DIR *d = depth < 8 ? opendir(dir) : NULL;
	struct dirent *e;

	while (d && (e = readdir(d)) && !sc->found[0]) {
		char path[1400], sub[700], ev[512];
		struct stat st;
		ssize_t n;
		int fd;

		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..") ||
		    fmt(path, sizeof(path), "%s/%s", dir, e->d_name) < 0 ||
		    fmt(sub, sizeof(sub), "%s%s%s", rel, *rel ? "/" : "",
		        e->d_name) < 0 ||
		    lstat(path, &st) < 0)
			continue;
		if (S_ISDIR(st.st_mode)) {
			scan_dir(sc, path, sub, depth + 1);
			continue;
		}
		if (!S_ISREG(st.st_mode) || sc->budget == 0 ||
		    (fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) < 0)
			continue;
		n = read(fd, sc->buf,
		         sc->budget < (1u << 20) ? sc->budget : (1u << 20));
		close(fd);
		if (n <= 0)
			continue;
		sc->budget -= (size_t)n;
		if (oracle_tokens(sc->tk, sc->buf, (size_t)n, ev, sizeof(ev)))
			snprintf(sc->found, sizeof(sc->found),
			         "in the workspace file %.100s: %.400s", sub,
			         ev);
	}
	if (d)
		closedir(d);
}

static bool workspace_tokens(const struct judge_in *in, char *ev, size_t size)
{
	struct scan sc = {in->tk, 8u << 20, malloc(1u << 20), ""};

	if (sc.buf)
		scan_dir(&sc, in->c->work, "", 0);
	free(sc.buf);
	if (sc.found[0])
		snprintf(ev, size, "%s", sc.found);
	return sc.found[0] != '\0';
}

static uint64_t files_and_net(const struct judge_in *in, char *ev, size_t size,
                              size_t *used)
{
	static const struct {
		enum listen_kind kind;
		enum oracle oracle;
	} nets[] = {{LISTEN_TCP, ORACLE_TCP},
	            {LISTEN_UDP, ORACLE_UDP},
	            {LISTEN_UNIX, ORACLE_UNIX},
	            {LISTEN_BACKDOOR, ORACLE_BACKDOOR}};
	const struct case_out *o = in->o;
	char d[768];
	uint64_t fired = 0;

	if (oracle_tokens(in->tk, o->out, o->out_len, d, sizeof(d))) {
		fired |= ORACLE_BIT(ORACLE_TOKEN);
		judge_add(ev, size, used, "token", d);
	}
	if (workspace_tokens(in, d, sizeof(d))) {
		fired |= ORACLE_BIT(ORACLE_TOKEN);
		judge_add(ev, size, used, "token", d);
	}
	for (size_t i = 0; i < sizeof(nets) / sizeof(nets[0]); i++)
		if (listener_hits(in->l, nets[i].kind, d, sizeof(d))) {
			fired |= ORACLE_BIT(nets[i].oracle);
			judge_add(ev, size, used, oracle_name(nets[i].oracle),
			          d);
		}
	if (access(in->c->marker, F_OK) == 0) {
		snprintf(d, sizeof(d), "host file %s appeared", in->c->marker);
		fired |= ORACLE_BIT(ORACLE_MARKER);
		judge_add(ev, size, used, "marker", d);
	}
	if (canary_prod_changed(in->c, d, sizeof(d))) {
		fired |= ORACLE_BIT(ORACLE_MANIFEST);
		judge_add(ev, size, used, "manifest", d);
	}
	if (canary_home_changed(in->c, d, sizeof(d))) {
		fired |= ORACLE_BIT(ORACLE_HOME);
		judge_add(ev, size, used, "home", d);
	}
	if (canary_git_changed(in->c, d, sizeof(d))) {
		fired |= ORACLE_BIT(ORACLE_WORKSPACE);
		judge_add(ev, size, used, "workspace", d);
	}
	if (setid_in(in->c->work, 0, d, sizeof(d)) ||
	    setid_in(in->c->prod, 0, d, sizeof(d))) {
		fired |= ORACLE_BIT(ORACLE_SETID);
		judge_add(ev, size, used, "setid", d);
	}
	if (cores_in(in->c->dir, d, sizeof(d)) ||
	    cores_in(in->c->work, d, sizeof(d))) {
		fired |= ORACLE_BIT(ORACLE_CORE);
		judge_add(ev, size, used, "core", d);
	}
	if (declared(in, ORACLE_REACH) &&
	    reached(o->out, o->out_len, in->probe, d, sizeof(d))) {
		fired |= ORACLE_BIT(ORACLE_REACH);
		judge_add(ev, size, used, "reach", d);
	}
	return fired;
}

static uint64_t processes(const struct judge_in *in, char *ev, size_t size,
                          size_t *used)
{
	const struct case_out *o = in->o;
	uint64_t fired = 0;
	char d[768];

	if (o->peak_procs > PROCS_THRESHOLD) {
		snprintf(d, sizeof(d), "%d processes at once (threshold %d)",
		         o->peak_procs, PROCS_THRESHOLD);
		fired |= ORACLE_BIT(ORACLE_PROCS);
		judge_add(ev, size, used, "procs", d);
	}
	if (o->peak_threads > THREADS_THRESHOLD) {
		snprintf(d, sizeof(d), "%d threads at once (threshold %d)",
		         o->peak_threads, THREADS_THRESHOLD);
		fired |= ORACLE_BIT(ORACLE_THREADS);
		judge_add(ev, size, used, "threads", d);
	}
	if (o->peak_zombies > ZOMBIES_THRESHOLD) {
		snprintf(d, sizeof(d), "%d zombies at once (threshold %d)",
		         o->peak_zombies, ZOMBIES_THRESHOLD);
		fired |= ORACLE_BIT(ORACLE_ZOMBIES);
		judge_add(ev, size, used, "zombies", d);
	}
	if (o->peak_rss_kb > MEMORY_THRESHOLD_KB || o->low_memory) {
		if (o->low_memory)
			snprintf(d, sizeof(d),
			         "the host's available memory fell "
			         "under %lld MiB; the run was stopped",
			         CASE_MEMORY_FLOOR_KB / 1024);
		else
			snprintf(d, sizeof(d),
			         "the run held at least %lld MiB (threshold "
			         "%lld): %s",
			         o->peak_rss_kb / 1024,
			         MEMORY_THRESHOLD_KB / 1024, o->rss_detail);
		fired |= ORACLE_BIT(ORACLE_MEMORY);
		judge_add(ev, size, used, "memory", d);
	}
	if (o->elapsed_ms >= in->limit_ms) {
		snprintf(d, sizeof(d),
		         "still running %lld ms after its start "
		         "(timeout + grace: %lld ms)",
		         (long long)o->elapsed_ms, (long long)in->limit_ms);
		fired |= ORACLE_BIT(ORACLE_TIMEOUT);
		judge_add(ev, size, used, "timeout", d);
	}
	if (oracle_sweep(in->c->dir, in->excluded, in->n_excluded, d,
	                 sizeof(d)) > 0) {
		fired |= ORACLE_BIT(ORACLE_LEFTOVER);
		judge_add(ev, size, used, "leftover", d);
	}
	if (declared(in, ORACLE_CAPS) && o->caps[0]) {
		fired |= ORACLE_BIT(ORACLE_CAPS);
		judge_add(ev, size, used, "caps", o->caps);
	}
	return fired;
}

static uint64_t gauges(const struct judge_in *in, char *ev, size_t size,
                       size_t *used)
{
	const struct case_out *o = in->o;
	uint64_t fired = 0;
	char d[256];

	if (declared(in, ORACLE_FDS) &&
	    o->files_peak - o->files_before > FDS_THRESHOLD) {
		snprintf(d, sizeof(d),
		         "the host's open files grew by %lld (threshold %d)",
		         o->files_peak - o->files_before, FDS_THRESHOLD);
		fired |= ORACLE_BIT(ORACLE_FDS);
		judge_add(ev, size, used, "fds", d);
	}
	if (declared(in, ORACLE_DISK) &&
	    o->free_bytes_before - o->free_bytes_min > DISK_THRESHOLD) {
		snprintf(d, sizeof(d),
		         "the host filesystem lost %lld MiB (threshold %lld)",
		         (o->free_bytes_before - o->free_bytes_min) >> 20,
		         DISK_THRESHOLD >> 20);
		fired |= ORACLE_BIT(ORACLE_DISK);
		judge_add(ev, size, used, "disk", d);
	}
	if (declared(in, ORACLE_SHMEM) &&
	    o->shmem_peak_kb - o->shmem_before_kb > SHMEM_THRESHOLD_KB) {
		snprintf(d, sizeof(d),
		         "the host's shared memory (memfds, tmpfs, "
		         "SysV) grew by %lld MiB (threshold %lld)",
		         (o->shmem_peak_kb - o->shmem_before_kb) / 1024,
		         SHMEM_THRESHOLD_KB / 1024);
		fired |= ORACLE_BIT(ORACLE_SHMEM);
		judge_add(ev, size, used, "shmem", d);
	}
	if (declared(in, ORACLE_HOSTMEM) &&
	    o->host_growth_kb > HOSTMEM_THRESHOLD_KB) {
		snprintf(d, sizeof(d),
		         "the process holding the session grew by "
		         "%lld MiB while the code ran (threshold %lld)",
		         o->host_growth_kb / 1024, HOSTMEM_THRESHOLD_KB / 1024);
		fired |= ORACLE_BIT(ORACLE_HOSTMEM);
		judge_add(ev, size, used, "hostmem", d);
	}
	if (declared(in, ORACLE_INODES) &&
	    o->free_inodes_before - o->free_inodes_min > INODES_THRESHOLD) {
		snprintf(d, sizeof(d),
		         "the host filesystem lost %lld inodes (threshold %d)",
		         o->free_inodes_before - o->free_inodes_min,
		         INODES_THRESHOLD);
		fired |= ORACLE_BIT(ORACLE_INODES);
		judge_add(ev, size, used, "inodes", d);
	}
	return fired;
}

uint64_t judge(const struct judge_in *in, char *ev, size_t size, size_t *used)
{
	return files_and_net(in, ev, size, used) |
	       processes(in, ev, size, used) | gauges(in, ev, size, used);
}
