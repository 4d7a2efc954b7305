/*
 * spare.c - the next run's reaper, started while the current run runs.
 *
 * A one-shot none or landlock run's first process is securer-init, made
 * by the spawn child (spawn.c): a vfork, the signals, a new session, the
 * parent-death signal, the capabilities dropped (landlock), no_new_privs,
 * then the exec of securer-init, about 0.25 ms before the command can
 * even be forked (docs/bench.md).  None of it depends on the run.  So once
 * a thread has started two one-shot runs of a kind (capabilities dropped
 * or not), the library starts the next run's securer-init as soon as the
 * current one's command runs: "securer-init -W FD", which waits on a
 * socket.  The next start of that kind sends it the run in one message
 * (its arguments, environment, descriptors and cgroup join files:
 * init_abi.h) and it goes on as if it had been executed for it
 * (lib/runtimes/init_spare.c).
 *
 * The spare is the caller's child like any reaper: wait4, the pidfd, both
 * parent-death signals and the status pipe are the same.  It was made by
 * the same spawn child from the caller's state of then, so a start whose
 * caller is not in that state any more discards it and spawns directly:
 * another process (a fork of the caller), or other credentials,
 * capabilities, securebits, no_new_privs, seccomp filters, umask, CPU
 * affinity, limits, cgroups, namespaces, root directory, personality,
 * scheduling, OOM score or LSM label (the calling thread's /proc status,
 * limits and cgroup files, its namespace links, and a few system calls,
 * read again at each take).  One thing it cannot see: a Landlock domain
 * the caller put itself in after the spare was made (the kernel shows
 * none): such a caller calls securer_spares_release() after it.  Nor does a
 * launch the spare cannot stand for use one: a v2 pids group (its child is
 * born in it), more descriptors than a message takes.
 *
 * One spare per thread and kind, at most: the parent-death signal is the
 * thread's.  It ends with its thread (the key's destructor closes its
 * socket, it exits, and is reaped) or with the process.  Sessions never
 * use one: a pool's sessions outlive the thread that made them, and would
 * keep a spare per pool thread besides.  Nor does the conformance harness
 * (securer__spares_off): a spare outlives the run whose start made it.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sched.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "internal.h"

#define STATE_MAX 8192
#ifndef PR_GET_MDWE
#define PR_GET_MDWE 66 /* Linux 6.3; older headers */
#endif

struct spare {
	pid_t pid; /* 0: none */
	int pidfd;
	int sock;
	unsigned starts; /* one-shot starts of this kind by this thread */
	void *filter;    /* the seccomp filter it loaded ahead, or NULL */
	size_t filter_len;
};

/* This thread's: one spare per kind, and the files its state is read
 * from (opened once, read with pread). */
struct spares {
	pid_t owner; /* the process they belong to: a fork's child has none */
	struct spare kind[2];     /* [drop_caps] */
	int state_fd[4];          /* status, limits, cgroup; the directory */
	char state[2][STATE_MAX]; /* the caller's state when each was made */
	size_t state_len[2];
	/* the filter of the last start of each kind, for the next spare */
	void *last_filter[2];
	size_t last_filter_len[2];
};

/* Allocated at a thread's first one-shot start: the TLS of every thread
 * of the caller holds only the pointer. */
static _Thread_local struct spares *tls;
static pthread_key_t key;
static bool key_ok;
static pthread_once_t key_once = PTHREAD_ONCE_INIT;

static void forget(struct spare *s)
{
	securer__close_fd(&s->sock);
	securer__close_fd(&s->pidfd);
	s->pid = 0;
	free(s->filter);
	s->filter = NULL;
	s->filter_len = 0;
}

static bool same_bytes(const void *a, size_t a_len, const void *b, size_t b_len)
{
	return a_len == b_len && (a_len == 0 || memcmp(a, b, a_len) == 0);
}

/* Ours, no longer wanted: reaped.  Its socket is closed first: end of
 * file ends it even where the kill is refused (a caller whose uid
 * changed since).  Waited for by its pidfd, never by a pid the caller's
 * own SIGCHLD handler may have reaped and the kernel given to another
 * child. */
static void discard(struct spare *s)
{
	securer__close_fd(&s->sock);
	if (s->pid > 0) {
		siginfo_t si;

		int rc;

		securer__pidfd_send_signal(s->pidfd, SIGKILL);
		while ((rc = waitid(P_PIDFD, (id_t)s->pidfd, &si, WEXITED)) <
		           0 &&
		       errno == EINTR)
			;
		if (rc < 0 && errno == EINVAL) /* Linux 5.3: no P_PIDFD */
			while (waitpid(s->pid, NULL, 0) < 0 && errno == EINTR)
				;
	}
	forget(s);
}

static void thread_end(void *arg)
{
	struct spares *t = arg;

	/* a fork's child holds copies of its parent's: closed, not reaped */
	for (int k = 0; k < 2; k++)
		if (t->owner == getpid())
			discard(&t->kind[k]);
		else
			forget(&t->kind[k]);
	for (int i = 0; i < 4; i++)
		securer__close_fd(&t->state_fd[i]);
	for (int k = 0; k < 2; k++)
		free(t->last_filter[k]);
	if (tls == t)
		tls = NULL;
	free(t);
}

static void make_key(void)
{
	key_ok = pthread_key_create(&key, thread_end) == 0;
}

/* This thread's spares (NULL when out of memory), reset in a fork's
 * child: what it inherited is its parent's, only closed here, not reaped. */
static struct spares *mine(void)
{
	struct spares *t = tls;
	pid_t self = getpid();

	pthread_once(&key_once, make_key);
	if (!key_ok)
		return NULL;
	if (!t) {
		if (!(t = malloc(sizeof(*t))))
			return NULL;
		t->owner = 0;
		if (pthread_setspecific(key, t) != 0) {
			free(t);
			return NULL;
		}
		tls = t;
	}
	if (t->owner == self)
		return t;
	if (t->owner != 0) {
		for (int k = 0; k < 2; k++) {
			forget(&t->kind[k]);
			free(t->last_filter[k]);
		}
		for (int i = 0; i < 4; i++)
			securer__close_fd(&t->state_fd[i]);
	}
	memset(t, 0, sizeof(*t));
	for (int k = 0; k < 2; k++)
		t->kind[k].sock = t->kind[k].pidfd = -1;
	for (int i = 0; i < 4; i++)
		t->state_fd[i] = -1;
	t->owner = self;
	return t;
}

/* The lines of /proc/thread-self/status that a child inherits and a
 * reaper passes on to the command. */
static bool inherited_line(const char *line)
{
	static const char *const keys[] = {
	    "Umask:",       "Uid:",    "Gid:",    "Groups:",
	    "NoNewPrivs:",  "Seccomp", "CapInh:", "CapPrm:",
	    "CapEff:",      "CapBnd:", "CapAmb:", "Cpus_allowed:",
	    "Mems_allowed:"};

	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (strncmp(line, keys[i], strlen(keys[i])) == 0)
			return true;
	return false;
}

/* The calling thread's state a child inherits, into |out|: its length,
 * or 0 when it cannot be read whole (then no spare). */
static size_t read_state(struct spares *t, char *out)
{
	static const char *const files[3] = {"/proc/thread-self/status",
	                                     "/proc/thread-self/limits",
	                                     "/proc/thread-self/cgroup"};
	static const char *const links[] = {"ns/net",
	                                    "ns/mnt",
	                                    "ns/uts",
	                                    "ns/ipc",
	                                    "ns/user",
	                                    "ns/cgroup",
	                                    "ns/pid_for_children",
	                                    "ns/time_for_children"};
	char buf[STATE_MAX];
	size_t len = 0;
	bool umask_seen = false, filters_seen = false;
	struct stat root;
	int fd, n_attr;

	for (int i = 0; i < 3; i++) {
		ssize_t n;

		if (t->state_fd[i] < 0 &&
		    (t->state_fd[i] = open(files[i], O_RDONLY | O_CLOEXEC)) < 0)
			return 0;
		n = pread(t->state_fd[i], buf, sizeof(buf) - 1, 0);
		if (n <= 0 || n >= (ssize_t)sizeof(buf) - 1)
			return 0;
		buf[n] = '\0';
		for (char *line = buf, *nl; *line; line = nl + 1) {
			size_t l;

			if (!(nl = strchr(line, '\n')))
				nl = line + strlen(line) - 1;
			l = (size_t)(nl - line) + 1;
			if (i == 0 && !inherited_line(line))
				continue;
			umask_seen |= i == 0 && strncmp(line, "Umask:", 6) == 0;
			filters_seen |=
			    i == 0 &&
			    strncmp(line, "Seccomp_filters:", 16) == 0;
			if (len + l > STATE_MAX)
				return 0;
			memcpy(out + len, line, l);
			len += l;
		}
	}
	/* its namespaces and root directory, now (the directory's links
	 * are read when asked) */
	if (t->state_fd[3] < 0 &&
	    (t->state_fd[3] = open("/proc/thread-self",
	                           O_PATH | O_DIRECTORY | O_CLOEXEC)) < 0)
		return 0;
	for (size_t i = 0; i < sizeof(links) / sizeof(links[0]); i++) {
		ssize_t n = readlinkat(t->state_fd[3], links[i], buf, 256);

		if (n <= 0 || n >= 256 || len + (size_t)n + 1 > STATE_MAX)
			return 0;
		memcpy(out + len, buf, (size_t)n);
		len += (size_t)n;
		out[len++] = '\n';
	}
	/* its root directory (its own root link reads "/" even in a chroot),
	 * what it inherits without a /proc line (securebits, personality,
	 * memory-deny-write-execute, scheduling), and its OOM score and LSM
	 * label when the kernel shows them */
	if (fstatat(t->state_fd[3], "root", &root, 0) < 0 ||
	    len + 256 > STATE_MAX)
		return 0;
	len += (size_t)snprintf(
	    out + len, 256,
	    "root %llu:%llu sb %d pers %d mdwe %d sched %d %d\n",
	    (unsigned long long)root.st_dev, (unsigned long long)root.st_ino,
	    prctl(PR_GET_SECUREBITS, 0, 0, 0, 0), personality(0xffffffff),
	    prctl(PR_GET_MDWE, 0, 0, 0, 0), sched_getscheduler(0),
	    getpriority(PRIO_PROCESS, 0));
	for (n_attr = 0; n_attr < 2; n_attr++) {
		static const char *const attr[2] = {"oom_score_adj",
		                                    "attr/current"};
		ssize_t n;

		if ((fd = openat(t->state_fd[3], attr[n_attr],
		                 O_RDONLY | O_CLOEXEC)) < 0)
			continue;
		n = read(fd, buf, 256);
		close(fd);
		if (n > 0 && len + (size_t)n + 1 <= STATE_MAX) {
			memcpy(out + len, buf, (size_t)n);
			len += (size_t)n;
			out[len++] = '\n';
		}
	}
	/* before Linux 4.7 the umask is not shown, before 5.9 how many
	 * seccomp filters: a filter added since could not be seen */
	return umask_seen && filters_seen ? len : 0;
}

void securer_spares_release(void)
{
	struct spares *t = tls;

	if (!t || t->owner != getpid())
		return;
	for (int k = 0; k < 2; k++)
		discard(&t->kind[k]);
}

/* securer__spares_off: securer_harness.h */
static atomic_bool off;

void securer__spares_off(void)
{
	atomic_store(&off, true);
}

/* Whether a spare can stand for |l|: a one-shot run's launch executing
 * securer-init as a reaper on the host, outside a v2 pids group (whose
 * child is born in it). */
static bool fits(const struct securer__launch *l)
{
	return l->spare && !atomic_load(&off) && l->exec_fd >= 0 &&
	       l->exec_fd == securer__helper_fd() && l->init_resets_signals &&
	       !l->keep_privileges && !l->status_cloexec && !l->cwd &&
	       l->cgroup_dir_fd < 0;
}

/* The filter the next run will put on its command, for the spare to load
 * on itself now (init_abi.h, struct securer__spare_prep).  Kept, to check
 * that the run it takes brings the same. */
static int send_filter(struct spare *s, const void *filter, size_t len)
{
	struct securer__spare_prep prep = {SECURER__SPARE_PREP_MAGIC,
	                                   (uint32_t)len};
	struct iovec iov[2] = {{&prep, sizeof(prep)},
	                       {(void *)(uintptr_t)filter, len}};
	struct msghdr m;
	ssize_t sent;

	if (!(s->filter = malloc(len)))
		return -1;
	memcpy(s->filter, filter, len);
	s->filter_len = len;
	memset(&m, 0, sizeof(m));
	m.msg_iov = iov;
	m.msg_iovlen = 2;
	do
		sent = sendmsg(s->sock, &m, MSG_NOSIGNAL);
	while (sent < 0 && errno == EINTR);
	return sent == (ssize_t)(sizeof(prep) + len) ? 0 : -1;
}

/* 0: sent; 1: a run this spare cannot take (it stays); -1: it failed. */
static int send_run(struct spare *s, const struct securer__launch *l,
                    int status_child_fd)
{
	struct securer__spare_job job;
	int fds[SECURER__SPARE_MAX_MAPS + 2], n_fds = 0;
	union {
		char buf[CMSG_SPACE(sizeof(fds))];
		struct cmsghdr align;
	} ctl;
	struct iovec iov[2];
	struct msghdr m;
	struct cmsghdr *c;
	char *blob, *p;
	size_t len = 0;
	ssize_t sent;

	if (l->n_maps > SECURER__SPARE_MAX_MAPS)
		return 1;
	memset(&job, 0, sizeof(job));
	job.magic = SECURER__SPARE_MAGIC;
	job.status_to = status_child_fd;
	job.n_maps = (uint32_t)l->n_maps;
	job.n_argv = (uint32_t)l->argv.n;
	job.n_envp = l->envp.v ? (uint32_t)l->envp.n : 0;
	for (size_t i = 0; i < l->n_maps; i++) {
		job.to[i] = l->maps[i].to;
		fds[n_fds++] = l->maps[i].from;
	}
	if (l->cgroup_fd >= 0) {
		job.flags |= SECURER__SPARE_JOIN_PIDS;
		fds[n_fds++] = l->cgroup_fd;
	}
	if (l->cgroup_mem_fd >= 0) {
		job.flags |= SECURER__SPARE_JOIN_MEMORY;
		fds[n_fds++] = l->cgroup_mem_fd;
	}
	for (size_t i = 0; i < job.n_argv; i++)
		len += strlen(l->argv.v[i]) + 1;
	for (size_t i = 0; i < job.n_envp; i++)
		len += strlen(l->envp.v[i]) + 1;
	if (len > SECURER__SPARE_MAX_BLOB)
		return 1;
	if (!(blob = malloc(len ? len : 1)))
		return -1;
	p = blob;
	for (size_t i = 0; i < job.n_argv; i++)
		p = stpcpy(p, l->argv.v[i]) + 1;
	for (size_t i = 0; i < job.n_envp; i++)
		p = stpcpy(p, l->envp.v[i]) + 1;
	job.blob_len = (uint32_t)len;

	iov[0] = (struct iovec){&job, sizeof(job)};
	iov[1] = (struct iovec){blob, len};
	memset(&m, 0, sizeof(m));
	memset(&ctl, 0, sizeof(ctl));
	m.msg_iov = iov;
	m.msg_iovlen = 2;
	if (n_fds > 0) {
		m.msg_control = ctl.buf;
		m.msg_controllen = CMSG_SPACE((size_t)n_fds * sizeof(int));
		c = CMSG_FIRSTHDR(&m);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN((size_t)n_fds * sizeof(int));
		memcpy(CMSG_DATA(c), fds, (size_t)n_fds * sizeof(int));
	}
	do
		sent = sendmsg(s->sock, &m, MSG_NOSIGNAL);
	while (sent < 0 && errno == EINTR);
	free(blob);
	return sent == (ssize_t)(sizeof(job) + len) ? 0 : -1;
}

int securer__spare_take(const struct securer__launch *l, int status_child_fd,
                        struct securer__proc *out)
{
	struct spares *t;
	struct spare *s;
	char now[STATE_MAX];
	size_t len, ahead_len = l->filter_ahead ? l->filter_len : 0;
	const void *ahead = l->filter_ahead ? l->filter : NULL;
	int sent, k = l->drop_caps ? 1 : 0;

	if (!fits(l))
		return 1;
	if (!(t = mine()))
		return 1;
	/* the filter of this start, for the next spare (refill) */
	if (!same_bytes(t->last_filter[k], t->last_filter_len[k], ahead,
	                ahead_len)) {
		free(t->last_filter[k]);
		t->last_filter_len[k] = 0;
		if ((t->last_filter[k] =
		         ahead_len ? malloc(ahead_len) : NULL)) {
			memcpy(t->last_filter[k], ahead, ahead_len);
			t->last_filter_len[k] = ahead_len;
		}
	}
	s = &t->kind[k];
	if (s->pid <= 0)
		return 1;
	len = read_state(t, now);
	if (len == 0 || len != t->state_len[k] ||
	    memcmp(now, t->state[k], len) != 0 ||
	    (s->filter &&
	     !same_bytes(s->filter, s->filter_len, ahead, ahead_len)) ||
	    (sent = send_run(s, l, status_child_fd)) < 0) {
		discard(s);
		return 1;
	}
	if (sent == 1)
		return 1;
	/* It is the run's reaper now: the sandbox reaps it. */
	out->pid = s->pid;
	out->pidfd = s->pidfd;
	s->pidfd = -1;
	s->pid = 0;
	forget(s);
	return 0;
}

void securer__spare_refill(const struct securer__launch *l)
{
	struct securer__launch sl;
	struct securer__proc proc;
	char err[SECURER__ERR_SIZE];
	struct spares *t;
	struct spare *s;
	int sv[2], rc, k = l->drop_caps ? 1 : 0;

	if (!fits(l))
		return;
	if (!(t = mine()))
		return;
	s = &t->kind[k];
	if (++s->starts < 2 || s->pid > 0)
		return;
	if ((t->state_len[k] = read_state(t, t->state[k])) == 0)
		return;
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0)
		return;
	securer__launch_init(&sl);
	sl.exec_fd = l->exec_fd;
	sl.drop_caps = l->drop_caps;
	sl.init_resets_signals = true;
	securer__strv_push(&sl.argv, "securer-init");
	securer__strv_push(&sl.argv, "-W");
	securer__strv_push(&sl.argv, "3");
	rc = securer__launch_map(&sl, sv[1], 3);
	if (rc == 0)
		rc = securer__spawn(&sl, -1, &proc, err);
	securer__launch_release(&sl);
	close(sv[1]);
	if (rc < 0) {
		close(sv[0]);
		return;
	}
	s->pid = proc.pid;
	s->pidfd = proc.pidfd;
	s->sock = sv[0];
	if (t->last_filter[k] &&
	    send_filter(s, t->last_filter[k], t->last_filter_len[k]) < 0)
		discard(s);
}
