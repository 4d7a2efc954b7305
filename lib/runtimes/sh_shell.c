/*
 * sh_shell.c - starting, driving and stopping the persistent shell.
 *
 * Each file is sourced with one command line:
 *
 *	\unset -f command; \command . 'FILE' </dev/null 9>&-;
 *	\eval "\\unset -f command; \\command printf 'NONCE %d\\n' $?" >&9
 *
 * "command ." keeps an error in the code (a failed special builtin, a bad
 * expansion, "set -u") from exiting the shell, as it would in a plain
 * non-interactive shell: it ends the file with status 2 instead.  dash
 * restores fds 0 and 9 after the dot command even when the code ran
 * "exec 9>file".  The backslashes defeat aliases, and unset and eval are
 * special builtins, which no function can replace: a function the code
 * names "command" is removed rather than allowed to swallow the report
 * ($? is expanded before eval runs it).  The nonce, new for every file,
 * keeps a code that reaches the status pipe anyway from forging a report.
 *
 * The shell's end is watched with a pidfd rather than the status pipe's
 * end of file: the code's background subshells inherit a copy of the
 * pipe and may outlive the shell.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "sh_code.h"
#include "sh_fast.h"
#include "sh_shell.h"

#define STATUS_FD 9
/* "NONCE 255\n" and then some: anything longer is not ours. */
#define STATUS_LINE_MAX 64
#define NONCE_BYTES     16
/* Without pidfds, how often to look at the shell. */
#define POLL_MS 100
/* How long a shell that closed its status pipe has to end. */
#define HUP_GRACE_MS 1000

struct status_line {
	char buf[STATUS_LINE_MAX];
	size_t len;
	int overflow;
};

enum { ST_MORE, ST_LINE, ST_EOF };

void sh_shell_init(struct sh_shell *sh)
{
	sh->pid = -1;
	sh->pidfd = sh->in_fd = sh->status_fd = -1;
	sh->req_fd = sh->rep_fd = -1;
}

static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

/* Moves |fd| above STATUS_FD, close-on-exec: the shell's 0 and 9 are
 * dup2 targets, and a source already numbered 9 would keep its
 * close-on-exec flag through posix_spawn's dup2 on some libcs. */
static int move_high(int fd)
{
	int hi, err;

	if (fd > STATUS_FD)
		return fd;
	hi = fcntl(fd, F_DUPFD_CLOEXEC, STATUS_FD + 1);
	err = errno;
	close(fd);
	errno = err;
	return hi;
}

/* A close-on-exec pipe numbered above 9 whose end |nb| is non-blocking. */
static int make_pipe(int fds[2], int nb)
{
	int p[2];

	if (pipe2(p, O_CLOEXEC) < 0)
		return -1;
	fds[0] = move_high(p[0]);
	fds[1] = move_high(p[1]);
	if (fds[0] < 0 || fds[1] < 0 ||
	    fcntl(fds[nb], F_SETFL, O_NONBLOCK) < 0) {
		int err = errno;

		close_fd(&fds[0]);
		close_fd(&fds[1]);
		errno = err;
		return -1;
	}
	return 0;
}

static int spawn(struct sh_shell *sh, int in_rd, int status_wr, int req_wr,
                 int rep_rd)
{
	char a0[] = "sh";
	char *argv[] = {a0, NULL};
	posix_spawn_file_actions_t fa;
	int rc;

	if ((rc = posix_spawn_file_actions_init(&fa)) != 0)
		return rc;
	rc = posix_spawn_file_actions_adddup2(&fa, in_rd, 0);
	if (rc == 0)
		rc =
		    posix_spawn_file_actions_adddup2(&fa, status_wr, STATUS_FD);
	if (rc == 0)
		rc = posix_spawn_file_actions_adddup2(&fa, req_wr,
		                                      SH_FAST_REQ_FD);
	if (rc == 0)
		rc = posix_spawn_file_actions_adddup2(&fa, rep_rd,
		                                      SH_FAST_REP_FD);
	if (rc == 0)
		rc = sh_spawn_shell(argv, &fa, &sh->pid);
	posix_spawn_file_actions_destroy(&fa);
	return rc;
}

int sh_shell_start(struct sh_shell *sh, char *msg, size_t size)
{
	int in[2] = {-1, -1}, st[2] = {-1, -1}, rq[2] = {-1, -1},
	    rp[2] = {-1, -1}, rc = 0;

	sh_shell_init(sh);
	/* the driver's ends non-blocking: the code may stop reading fd 8 */
	if (make_pipe(in, 1) < 0 || make_pipe(st, 0) < 0 ||
	    make_pipe(rq, 0) < 0 || make_pipe(rp, 1) < 0)
		rc = errno;
	else
		rc = spawn(sh, in[0], st[1], rq[1], rp[0]);
	close_fd(&in[0]);
	close_fd(&st[1]);
	close_fd(&rq[1]);
	close_fd(&rp[0]);
	if (rc != 0) {
		close_fd(&in[1]);
		close_fd(&st[0]);
		close_fd(&rq[0]);
		close_fd(&rp[1]);
		sh_shell_init(sh);
		snprintf(msg, size, "cannot start " SH_SHELL ": %s",
		         strerror(rc));
		return -1;
	}
	sh->in_fd = in[1];
	sh->status_fd = st[0];
	sh->req_fd = rq[0];
	sh->rep_fd = rp[1];
	/* pidfds are close-on-exec; without them (Linux < 5.3) the shell
	 * is looked at every POLL_MS instead. */
	sh->pidfd = (int)syscall(SYS_pidfd_open, sh->pid, 0);
	return 0;
}

static void forget(struct sh_shell *sh)
{
	close_fd(&sh->pidfd);
	close_fd(&sh->in_fd);
	close_fd(&sh->status_fd);
	close_fd(&sh->req_fd);
	close_fd(&sh->rep_fd);
	sh->pid = -1;
}

static int reap(pid_t pid)
{
	int status = 0;

	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	return status;
}

void sh_shell_stop(struct sh_shell *sh)
{
	if (sh->pid > 0) {
		kill(sh->pid, SIGKILL);
		reap(sh->pid);
	}
	forget(sh);
}

int sh_shell_ended(struct sh_shell *sh, int *status)
{
	pid_t w;

	if (sh->pid <= 0)
		return 0;
	while ((w = waitpid(sh->pid, status, WNOHANG)) < 0 && errno == EINTR)
		;
	if (w == 0)
		return 0;
	if (w < 0)
		*status = 0; /* not our child any more: treat as gone */
	forget(sh);
	return 1;
}

/* Whether the shell has ended, without reaping it. */
static int exited(const struct sh_shell *sh)
{
	siginfo_t si;

	si.si_pid = 0;
	if (waitid(P_PID, (id_t)sh->pid, &si, WEXITED | WNOHANG | WNOWAIT) < 0)
		return errno != EINTR;
	return si.si_pid != 0;
}

static int random_bytes(unsigned char *p, size_t n)
{
	ssize_t got;
	int fd;

	while ((got = getrandom(p, n, 0)) < 0 && errno == EINTR)
		;
	if (got == (ssize_t)n)
		return 0;
	/* Kernels before 3.17, or a filter that denies getrandom. */
	if ((fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC)) < 0)
		return -1;
	got = read(fd, p, n);
	close(fd);
	return got == (ssize_t)n ? 0 : -1;
}

static int make_nonce(char out[2 * NONCE_BYTES + 1])
{
	unsigned char r[NONCE_BYTES];

	if (random_bytes(r, sizeof(r)) < 0)
		return -1;
	for (size_t i = 0; i < sizeof(r); i++)
		snprintf(out + 2 * i, 3, "%02x", r[i]);
	return 0;
}

/* Reads what the status pipe holds right now, in a bounded number of
 * reads: a writer that floods the pipe gets an overflow, not a loop. */
static int read_status(int fd, struct status_line *s)
{
	for (int i = 0; i < 64; i++) {
		char sink[256];
		char *to = s->overflow ? sink : s->buf + s->len;
		size_t room =
		    s->overflow ? sizeof(sink) : sizeof(s->buf) - s->len;
		ssize_t got = read(fd, to, room);

		if (got < 0 && errno == EINTR)
			continue;
		if (got == 0 && !s->overflow && !memchr(s->buf, '\n', s->len))
			return ST_EOF;
		if (got <= 0)
			break;
		if (!s->overflow) {
			s->len += (size_t)got;
			s->overflow = s->len == sizeof(s->buf);
		}
	}
	return s->overflow || memchr(s->buf, '\n', s->len) ? ST_LINE : ST_MORE;
}

/* Discards what reached the pipe between two files: it is no report. */
static void drain(int fd)
{
	char sink[256];

	for (int i = 0; i < 64; i++) {
		ssize_t got = read(fd, sink, sizeof(sink));

		if (got == 0 || (got < 0 && errno != EINTR))
			return;
	}
}

/* Exactly "NONCE STATUS\n"; returns the status or -1. */
static int parse_status(const struct status_line *s, const char *nonce)
{
	size_t n = strlen(nonce), i;
	int v = 0;

	if (s->overflow || s->len < n + 3 || s->buf[s->len - 1] != '\n' ||
	    memcmp(s->buf, nonce, n) != 0 || s->buf[n] != ' ')
		return -1;
	for (i = n + 1; i < s->len - 1; i++) {
		if (s->buf[i] < '0' || s->buf[i] > '9' || v > 255)
			return -1;
		v = v * 10 + (s->buf[i] - '0');
	}
	return i > n + 1 && v <= 255 ? v : -1;
}

static void garbled(struct sh_shell *sh, struct sh_run *run, const char *why)
{
	sh_shell_stop(sh);
	run->outcome = SH_GARBLED;
	snprintf(run->msg, sizeof(run->msg), "%s", why);
}

static void judge(struct sh_shell *sh, const struct status_line *s,
                  const char *nonce, struct sh_run *run)
{
	int v = parse_status(s, nonce);

	if (v < 0) {
		garbled(sh, run,
		        "the shell's status report was corrupted (did the code "
		        "write to its fd 9?)");
		return;
	}
	run->outcome = SH_DONE;
	run->status = v;
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void died(struct sh_shell *sh, struct sh_run *run)
{
	run->status = reap(sh->pid);
	forget(sh);
	run->outcome = SH_DIED;
}

/* The shell has ended: a report it wrote first still counts. */
static void ended(struct sh_shell *sh, struct status_line *s, const char *nonce,
                  struct sh_run *run)
{
	if (read_status(sh->status_fd, s) == ST_LINE &&
	    parse_status(s, nonce) >= 0)
		judge(sh, s, nonce, run);
	else
		died(sh, run);
}

/* Waits up to |ms| for the shell to end; nonzero once it has. */
static int wait_exit(const struct sh_shell *sh, int ms)
{
	for (long long t0 = now_ms(); !exited(sh);) {
		struct pollfd p = {sh->pidfd, POLLIN, 0};

		if (now_ms() - t0 > ms)
			return 0;
		poll(&p, 1, POLL_MS);
	}
	return 1;
}

static void wait_status(struct sh_shell *sh, const char *nonce, int host_fd,
                        struct sh_run *run)
{
	struct status_line s = {{0}, 0, 0};
	long long hup_at = -1;

	if (sh->fast)
		sh_fast_reset(sh->fast);
	for (;;) {
		bool serve = sh->fast && sh->req_fd >= 0;
		struct pollfd p[5] = {
		    {hup_at < 0 ? sh->status_fd : -1, POLLIN, 0},
		    {sh->pidfd, POLLIN, 0},
		    {host_fd, 0, 0},
		    {serve ? sh->req_fd : -1, POLLIN, 0},
		    {serve && sh_fast_pending(sh->fast) ? sh->rep_fd : -1,
		     POLLOUT, 0},
		};
		int timeout = sh->pidfd < 0 || hup_at >= 0 ? POLL_MS : -1;

		if (poll(p, 5, timeout) < 0 && errno != EINTR) {
			garbled(sh, run, "cannot wait for the shell");
			run->outcome = SH_FAILED;
			return;
		}
		if (p[2].revents) {
			run->outcome = SH_HOST_GONE;
			return;
		}
		/* a call of the code's tool functions (sh_fast.c); after a
		 * hang-up of fd 7 (all writers gone) poll stops asking */
		if (p[3].revents & POLLIN || p[4].revents)
			sh_fast_service(sh->fast, sh->req_fd, sh->rep_fd);
		else if (p[3].revents)
			close_fd(&sh->req_fd);
		if (p[0].revents) {
			int st = read_status(sh->status_fd, &s);

			if (st == ST_LINE) {
				judge(sh, &s, nonce, run);
				return;
			}
			if (st == ST_EOF)
				hup_at = now_ms();
		}
		if ((p[1].revents || sh->pidfd < 0 || hup_at >= 0) &&
		    exited(sh)) {
			ended(sh, &s, nonce, run);
			return;
		}
		if (hup_at >= 0 && now_ms() - hup_at > HUP_GRACE_MS) {
			garbled(sh, run, "the shell closed its status pipe");
			return;
		}
	}
}

/* Sends one command line; the pipe is empty unless the shell stopped
 * reading, so a line this short goes in whole or not at all. */
static int send_line(struct sh_shell *sh, const char *line, size_t n,
                     struct sh_run *run)
{
	ssize_t w;

	while ((w = write(sh->in_fd, line, n)) < 0 && errno == EINTR)
		;
	if (w == (ssize_t)n)
		return 0;
	/* The shell closes its stdin as it ends. */
	if (w < 0 && errno == EPIPE && wait_exit(sh, HUP_GRACE_MS)) {
		died(sh, run);
		return -1;
	}
	garbled(sh, run, "the shell stopped reading its commands");
	return -1;
}

void sh_shell_source(struct sh_shell *sh, const char *path, int host_fd,
                     void (*meanwhile)(void), struct sh_run *run)
{
	char nonce[2 * NONCE_BYTES + 1], line[SH_PATH_MAX + 128];
	int n;

	run->status = 0;
	run->msg[0] = '\0';
	if (make_nonce(nonce) < 0) {
		garbled(sh, run, "cannot get random bytes for a nonce");
		run->outcome = SH_FAILED;
		return;
	}
	drain(sh->status_fd);
	n = snprintf(line, sizeof(line),
	             "\\unset -f command; \\command . '%s' </dev/null %d>&-; "
	             "\\eval \"\\\\unset -f command; "
	             "\\\\command printf '%s %%d\\\\n' $?\" >&%d\n",
	             path, STATUS_FD, nonce, STATUS_FD);
	if (n < 0 || (size_t)n >= sizeof(line)) {
		garbled(sh, run, "the code's path is too long");
		run->outcome = SH_FAILED;
		return;
	}
	if (send_line(sh, line, (size_t)n, run) == 0) {
		/* The shell now runs on its own: work done here overlaps. */
		if (meanwhile)
			meanwhile();
		wait_status(sh, nonce, host_fd, run);
	}
}
