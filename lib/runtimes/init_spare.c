/*
 * init_spare.c - the spare's side: wait for the run, then become its
 * reaper as if executed for it (init_spare.h).
 *
 * What the library's spawn child does for a reaper it executes and that
 * depends on the run is done here, in the same order: the cgroups joined
 * (the calling thread, by writing "0" to their join files), the
 * descriptors moved to their numbers in two passes (every other one is
 * closed by securer-init's close_unlisted, as after an exec).  The rest
 * (signals, new session, parent-death signal, capabilities, no_new_privs)
 * the spawn child did before this process was executed, for every run
 * alike; the umask and limits are the caller's of
 * then, which the library checked are still its own (the working
 * directory too, which no run uses: the command's is -C).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "init_abi.h"
#include "init_spare.h"

extern char **environ;

static union {
	struct securer__spare_job job;
	char bytes[sizeof(struct securer__spare_job) + SECURER__SPARE_MAX_BLOB];
} msg;

#define MAX_RECV (SECURER__SPARE_MAX_MAPS + 2)

static struct sock_filter filter[BPF_MAXINSNS];
static size_t filter_len;

const void *spare_filter(size_t *len)
{
	*len = filter_len;
	return filter_len ? filter : NULL;
}

/* The message before the run: the filter, loaded now (no_new_privs is
 * set: the spawn child did it).  Ends the process when it cannot be. */
static void load_filter(ssize_t n)
{
	const struct securer__spare_prep *prep = (const void *)msg.bytes;
	struct sock_fprog prog;

	if ((size_t)n < sizeof(*prep) || filter_len ||
	    prep->filter_len != (size_t)n - sizeof(*prep) ||
	    prep->filter_len == 0 || prep->filter_len > sizeof(filter) ||
	    prep->filter_len % sizeof(struct sock_filter))
		_exit(125);
	memcpy(filter, msg.bytes + sizeof(*prep), prep->filter_len);
	prog.len = (unsigned short)(prep->filter_len / sizeof(filter[0]));
	prog.filter = filter;
	if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog, 0, 0) < 0)
		_exit(125);
	filter_len = prep->filter_len;
}

static void report(int fd, int step, int err)
{
	struct securer__status_rec r = {SECURER__ST_SETUP, step, err, 0};

	if (fd >= 0)
		(void)!write(fd, &r, sizeof(r));
}

/* |n| NUL-ended strings from *p on (before |end|), in a new NULL-ended
 * array; NULL when one does not end in time or out of memory. */
static char **split(char **p, const char *end, uint32_t n)
{
	char **v = calloc((size_t)n + 1, sizeof(*v));

	for (uint32_t i = 0; v && i < n; i++) {
		char *nul =
		    *p < end ? memchr(*p, '\0', (size_t)(end - *p)) : NULL;

		if (!nul) {
			free(v);
			return NULL;
		}
		v[i] = *p;
		*p = nul + 1;
	}
	return v;
}

int spare_await(int sock, char ***argv)
{
	struct securer__spare_job *job = &msg.job;
	union {
		char buf[CMSG_SPACE(MAX_RECV * sizeof(int))];
		struct cmsghdr align;
	} ctl;
	struct iovec iov = {msg.bytes, sizeof(msg.bytes)};
	struct msghdr m = {.msg_iov = &iov,
	                   .msg_iovlen = 1,
	                   .msg_control = ctl.buf,
	                   .msg_controllen = sizeof(ctl.buf)};
	int fds[MAX_RECV], tmp[SECURER__SPARE_MAX_MAPS], n_fds = 0;
	int status = -1, high = 3, joins = 0;
	char *p, *end, **args, **env;
	ssize_t n;

	for (;;) {
		do
			n = recvmsg(sock, &m, MSG_CMSG_CLOEXEC);
		while (n < 0 && errno == EINTR);
		if (n <= 0)
			_exit(0); /* the library went away: no run will come */
		if ((size_t)n < sizeof(uint32_t) ||
		    job->magic != SECURER__SPARE_PREP_MAGIC)
			break;
		if (m.msg_controllen)
			_exit(125); /* a filter comes alone */
		load_filter(n);
		m.msg_controllen = sizeof(ctl.buf);
		m.msg_flags = 0;
	}
	for (struct cmsghdr *c = CMSG_FIRSTHDR(&m); c; c = CMSG_NXTHDR(&m, c))
		if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS) {
			int got =
			    (int)((c->cmsg_len - CMSG_LEN(0)) / sizeof(int));

			if (got > MAX_RECV - n_fds)
				_exit(125);
			memcpy(fds + n_fds, CMSG_DATA(c),
			       (size_t)got * sizeof(int));
			n_fds += got;
		}
	joins = !!(job->flags & SECURER__SPARE_JOIN_PIDS) +
	        !!(job->flags & SECURER__SPARE_JOIN_MEMORY);
	if ((size_t)n < sizeof(*job) ||
	    (m.msg_flags & (MSG_TRUNC | MSG_CTRUNC)) ||
	    job->magic != SECURER__SPARE_MAGIC ||
	    job->n_maps > SECURER__SPARE_MAX_MAPS ||
	    job->blob_len != (size_t)n - sizeof(*job) ||
	    n_fds != (int)job->n_maps + joins || job->n_argv < 1)
		_exit(125);
	for (uint32_t i = 0; i < job->n_maps; i++) {
		if (job->to[i] < 0 || job->to[i] > 65535)
			_exit(125);
		if (job->to[i] == job->status_to)
			status = fds[i]; /* until it is at its number */
	}

	/* The cgroups first, as the spawn child joins them. */
	for (int i = 0; i < joins; i++) {
		int fd = fds[job->n_maps + i];

		if (write(fd, "0\n", 2) != 2) {
			report(status, SECURER__SETUP_CGROUP, errno);
			_exit(127);
		}
		close(fd);
	}

	/* Two passes, so a source is never overwritten before it moved. */
	for (int i = 0; i < n_fds; i++)
		if (fds[i] >= high)
			high = fds[i] + 1;
	for (uint32_t i = 0; i < job->n_maps; i++)
		if (job->to[i] >= high)
			high = job->to[i] + 1;
	if (sock >= high)
		high = sock + 1;
	for (uint32_t i = 0; i < job->n_maps; i++)
		if ((tmp[i] = fcntl(fds[i], F_DUPFD_CLOEXEC, high)) < 0) {
			report(status, SECURER__SETUP_FDS, errno);
			_exit(127);
		}
	for (uint32_t i = 0; i < job->n_maps; i++)
		if (dup2(tmp[i], job->to[i]) < 0)
			_exit(127);
	/* The rest (this socket, what was received, the copies above
	 * |high|) is closed with every fd the arguments do not list, as for
	 * an executed securer-init (securer-init.c, close_unlisted). */
	status = job->status_to;

	p = msg.bytes + sizeof(*job);
	end = p + job->blob_len;
	args = split(&p, end, job->n_argv);
	env = args ? split(&p, end, job->n_envp) : NULL;
	if (!env || p != end) {
		report(status, SECURER__SETUP_ARGS, EINVAL);
		_exit(125);
	}
	environ = env;
	*argv = args;
	return (int)job->n_argv;
}
