/*
 * floors.c - physical floors measured in the same run.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "floors.h"
#include "securer_harness.h"

int floor_pipe_round_trip(int n, struct samples *out)
{
	int to[2], from[2];
	char msg[64] = "{\"type\":\"tool_result\",\"id\":1,\"value\":0}\n",
	     buf[64];
	size_t len = strlen(msg);
	pid_t pid;

	if (pipe(to) < 0 || pipe(from) < 0)
		return -errno;
	pid = fork();
	if (pid < 0)
		return -errno;
	if (pid == 0) {
		ssize_t k;

		close(to[1]);
		close(from[0]);
		while ((k = read(to[0], buf, sizeof(buf))) > 0)
			if (write(from[1], buf, (size_t)k) != k)
				break;
		_exit(0);
	}
	close(to[0]);
	close(from[1]);
	for (int i = 0; i < n; i++) {
		double t0 = now_us();
		size_t got = 0;

		if (write(to[1], msg, len) != (ssize_t)len)
			break;
		while (got < len) {
			ssize_t k = read(from[0], buf + got, len - got);

			if (k <= 0)
				break;
			got += (size_t)k;
		}
		samples_add(out, now_us() - t0);
	}
	close(to[1]);
	close(from[0]);
	waitpid(pid, NULL, 0);
	return 0;
}

/* A descriptor the child reads from its start, at |to| there. */
struct fd_map {
	int from, to;
};

static int exec_with(const char *const argv[], const struct fd_map *maps,
                     int n_maps, int n, struct samples *out)
{
	for (int i = 0; i < n; i++) {
		double t0 = now_us();
		int status;
		pid_t pid = fork();

		if (pid < 0)
			return -errno;
		if (pid == 0) {
			int null = open("/dev/null", O_RDWR);

			dup2(null, 0);
			dup2(null, 1);
			dup2(null, 2);
			/* the last run's bwrap read them to the end */
			for (int k = 0; k < n_maps; k++)
				if (lseek(maps[k].from, 0, SEEK_SET) < 0 ||
				    dup2(maps[k].from, maps[k].to) < 0)
					_exit(126);
			execvp(argv[0], (char *const *)argv);
			_exit(127);
		}
		if (waitpid(pid, &status, 0) < 0)
			return -errno;
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
			return -ECHILD;
		samples_add(out, now_us() - t0);
	}
	return 0;
}

int floor_exec(const char *const argv[], int n, struct samples *out)
{
	return exec_with(argv, NULL, 0, n, out);
}

/* A bare bwrap's command line, made once: its words, and the descriptors
 * it reads (each mapped to FD_BASE + its index in the child). */
#define FD_BASE   200 /* above anything the bench has open */
#define MAX_FDS   24
#define MAX_ARGS  160
#define MAX_WORDS 64
#define WORD      256

struct bwrap_line {
	bool made;
	int rc;
	const char *argv[MAX_ARGS];
	int n;
	char words[MAX_WORDS][WORD]; /* the words made here, not literals */
	int n_words;
	struct fd_map maps[MAX_FDS];
	int n_maps;
};

static void arg(struct bwrap_line *b, const char *w)
{
	if (w && b->n < MAX_ARGS - 1)
		b->argv[b->n++] = w;
	else
		b->rc = -E2BIG;
}

static void args(struct bwrap_line *b, const char *const *w, size_t n)
{
	for (size_t i = 0; i < n; i++)
		arg(b, w[i]);
}

/* The next word to fill, or NULL (and the line fails) when none is left. */
static char *word(struct bwrap_line *b)
{
	if (b->n_words < MAX_WORDS)
		return b->words[b->n_words];
	b->rc = -E2BIG;
	return NULL;
}

/* |fd| at the next descriptor bwrap reads; its number there as a word. */
static const char *fd_word(struct bwrap_line *b, int fd)
{
	char *w = word(b);

	if (!w || b->n_maps == MAX_FDS) {
		b->rc = -E2BIG;
		return NULL;
	}
	b->maps[b->n_maps] = (struct fd_map){fd, FD_BASE + b->n_maps};
	snprintf(w, WORD, "%d", FD_BASE + b->n_maps++);
	b->n_words++;
	return w;
}

/* A link of the host's (kept as that link), read into a word; NULL when
 * |path| is no link. */
static const char *link_word(struct bwrap_line *b, const char *path)
{
	char *w = word(b);
	ssize_t len = w ? readlink(path, w, WORD - 1) : -1;

	if (len <= 0)
		return NULL;
	w[len] = '\0';
	b->n_words++;
	return w;
}

/* /usr read-only, and the merged-/usr links (or directories) beside it,
 * as the bwrap backend gives them. */
static void add_usr(struct bwrap_line *b)
{
	static const char *const top[] = {"/bin",   "/sbin",  "/lib",
	                                  "/lib64", "/lib32", "/libx32"};

	args(b, (const char *const[]){"--ro-bind", "/usr", "/usr"}, 3);
	for (size_t i = 0; i < sizeof(top) / sizeof(top[0]); i++) {
		struct stat st;
		const char *t;

		if (lstat(top[i], &st) < 0)
			continue;
		if (S_ISLNK(st.st_mode) && (t = link_word(b, top[i])))
			args(b, (const char *const[]){"--symlink", t, top[i]},
			     3);
		else
			args(b,
			     (const char *const[]){"--ro-bind", top[i], top[i]},
			     3);
	}
}

/* The system set of /etc as the backend gives it (bwrap_root.c): a link
 * into /usr as that link, a readable file as a copy, anything else
 * bound. */
static void add_system_set(struct bwrap_line *b)
{
	for (size_t i = 0; i < securer__system_set_n; i++) {
		const char *path = securer__system_set[i].path, *t;
		struct stat st;
		int fd;

		if ((t = link_word(b, path)) && strncmp(t, "/usr/", 5) == 0)
			args(b, (const char *const[]){"--symlink", t, path}, 3);
		else if (stat(path, &st) == 0 && S_ISREG(st.st_mode) &&
		         (fd = open(path, O_RDONLY | O_CLOEXEC)) >= 0)
			args(b,
			     (const char *const[]){"--perms", "0444", "--file",
			                           fd_word(b, fd), path},
			     5);
		else
			args(b,
			     (const char *const[]){"--ro-bind-try", path, path},
			     3);
	}
}

/* A memfd holding |text|, or -1. */
static int memfd_text(const char *text)
{
	int fd = memfd_create("floor", MFD_CLOEXEC);
	size_t len = strlen(text);

	if (fd >= 0 && write(fd, text, len) != (ssize_t)len) {
		close(fd);
		fd = -1;
	}
	return fd;
}

/* Synthesized passwd, group and hosts, and the default seccomp program. */
static void add_identity_and_filter(struct bwrap_line *b)
{
	static const char *const ids[][2] = {
	    {"/etc/passwd",
	     "root:x:0:0:sandbox:/tmp:/bin/sh\n"
	     "nobody:x:65534:65534:nobody:/nonexistent:/bin/false\n"},
	    {"/etc/group", "root:x:0:\nnogroup:x:65534:\n"},
	    {"/etc/hosts", "127.0.0.1\tlocalhost\n"}};
	securer_policy *p;
	int fd;

	for (size_t i = 0; i < 3; i++) {
		if ((fd = memfd_text(ids[i][1])) < 0) {
			b->rc = -errno;
			return;
		}
		args(b,
		     (const char *const[]){"--file", fd_word(b, fd), ids[i][0]},
		     3);
	}
	if (!(p = securer_policy_new())) {
		b->rc = -ENOMEM;
		return;
	}
	fd = memfd_create("floor-seccomp", MFD_CLOEXEC);
	if (fd < 0)
		b->rc = -errno;
	else if ((b->rc = securer_policy_export_seccomp(p, fd)) == 0)
		args(b, (const char *const[]){"--seccomp", fd_word(b, fd)}, 2);
	securer_policy_free(p);
}

static void make_least(struct bwrap_line *b)
{
	args(b,
	     (const char *const[]){"bwrap", "--unshare-all",
	                           "--die-with-parent"},
	     3);
	add_usr(b);
	args(b,
	     (const char *const[]){"--proc", "/proc", "--dev", "/dev", "true"},
	     5);
}

/* The options of bench/hyperfine.sh's bare bwrap, in its order: the
 * remounts after the last file is copied in. */
static void make_same(struct bwrap_line *b)
{
	static const char *const head[] = {"bwrap",
	                                   "--unshare-all",
	                                   "--unshare-user",
	                                   "--disable-userns",
	                                   "--die-with-parent",
	                                   "--new-session",
	                                   "--cap-drop",
	                                   "ALL",
	                                   "--hostname",
	                                   "securer",
	                                   "--clearenv",
	                                   "--setenv",
	                                   "PATH",
	                                   "/usr/local/bin:/usr/bin:/bin",
	                                   "--setenv",
	                                   "HOME",
	                                   "/tmp",
	                                   "--setenv",
	                                   "TMPDIR",
	                                   "/tmp",
	                                   "--setenv",
	                                   "LANG",
	                                   "C.UTF-8",
	                                   "--setenv",
	                                   "TZ",
	                                   "UTC"};
	static const char *const mounts[] = {
	    "--proc",  "/proc", "--dev",  "/dev",     "--size",  "67108864",
	    "--tmpfs", "/tmp",  "--size", "67108864", "--tmpfs", "/dev/shm"};
	static const char *const tail[] = {
	    "--remount-ro", "/dev", "--remount-ro", "/",
	    "--chdir",      "/tmp", "--",           "true"};

	args(b, head, sizeof(head) / sizeof(head[0]));
	add_usr(b);
	add_system_set(b);
	args(b, mounts, sizeof(mounts) / sizeof(mounts[0]));
	add_identity_and_filter(b);
	args(b, tail, sizeof(tail) / sizeof(tail[0]));
}

static int run_line(struct bwrap_line *b, void (*make)(struct bwrap_line *),
                    int n, struct samples *out)
{
	if (!b->made) {
		b->made = true;
		make(b);
		b->argv[b->n] = NULL;
	}
	if (b->rc < 0)
		return b->rc;
	return exec_with(b->argv, b->maps, b->n_maps, n, out);
}

int floor_bare_bwrap(int n, struct samples *out)
{
	static struct bwrap_line least;

	return run_line(&least, make_least, n, out);
}

int floor_bare_bwrap_same(int n, struct samples *out)
{
	static struct bwrap_line same;

	return run_line(&same, make_same, n, out);
}

/* Reads from |fd| until a line holding |word|, for at most 60 s. */
static int wait_for(int fd, const char *word)
{
	char buf[4096];
	size_t len = 0;
	double until = now_us() + 60e6;

	while (now_us() < until) {
		struct pollfd p = {fd, POLLIN, 0};
		ssize_t k;

		if (poll(&p, 1, 1000) <= 0)
			continue;
		k = read(fd, buf + len, sizeof(buf) - 1 - len);
		if (k <= 0)
			return -EIO;
		len += (size_t)k;
		buf[len] = '\0';
		if (strstr(buf, word))
			return 0;
		if (len == sizeof(buf) - 1)
			len = 0;
	}
	return -ETIMEDOUT;
}

/* The runtime's source in a memfd, offset 0, as a session hands it over;
 * -1 when it has none or on failure (the start then fails, measured). */
static int source_fd(const unsigned char *src, size_t len)
{
	int fd;

	if (!src || (fd = memfd_create("runtime", MFD_CLOEXEC)) < 0)
		return -1;
	for (size_t off = 0; off < len;) {
		ssize_t k = write(fd, src + off, len - off);

		if (k <= 0 && errno != EINTR) {
			close(fd);
			return -1;
		}
		off += k > 0 ? (size_t)k : 0;
	}
	if (lseek(fd, 0, SEEK_SET) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

struct runtime_cmd {
	securer_runtime rt;
	const char *const *argv;
	const unsigned char *source;
	size_t source_size;
};

static int runtime_once(const struct runtime_cmd *r, int helper, double *us)
{
	static const char init[] =
	    "{\"type\":\"init\",\"message_bytes\":1048576,"
	    "\"tools\":[]}\n";
	char *const envp[] = {(char *)"PATH=/usr/local/bin:/usr/bin:/bin",
	                      (char *)"HOME=/tmp", (char *)"TMPDIR=/tmp",
	                      (char *)"LANG=C.UTF-8", NULL};
	const char *sh_argv[] = {"securer-init", "-k",          "3", "-k", "4",
	                         "--",           "@securer-sh", NULL};
	int to[2], from[2], src = -1, status, rc;
	double t0 = now_us();
	pid_t pid;

	if (pipe2(to, O_CLOEXEC) < 0 || pipe2(from, O_CLOEXEC) < 0)
		return -errno;
	src = source_fd(r->source, r->source_size);
	pid = fork();
	if (pid == 0) {
		int null = open("/dev/null", O_RDWR);

		/* out of the way of the fds the runtime gets */
		helper = fcntl(helper, F_DUPFD_CLOEXEC, 64);
		to[0] = fcntl(to[0], F_DUPFD, 64);
		from[1] = fcntl(from[1], F_DUPFD, 64);
		src = src >= 0 ? fcntl(src, F_DUPFD, 64) : -1;
		dup2(null, 0);
		dup2(null, 1);
		dup2(null, 2);
		dup2(to[0], 3);
		dup2(from[1], 4);
		if (src >= 0)
			dup2(src, 5);
		if (chdir("/tmp") < 0)
			_exit(126);
		if (r->rt == SECURER_RUNTIME_SH)
			fexecve(helper, (char *const *)sh_argv, envp);
		else
			execve(r->argv[0][0] == '/' ? r->argv[0]
			       : r->rt == SECURER_RUNTIME_R
			           ? "/usr/bin/Rscript"
			           : "/usr/bin/python3",
			       (char *const *)r->argv, envp);
		_exit(127);
	}
	close(to[0]);
	close(from[1]);
	if (src >= 0)
		close(src);
	rc = pid < 0 ? -errno : wait_for(from[0], "hello");
	if (rc == 0 &&
	    write(to[1], init, sizeof(init) - 1) != (ssize_t)sizeof(init) - 1)
		rc = -EIO;
	if (rc == 0)
		rc = wait_for(from[0], "ready");
	*us = now_us() - t0;
	close(to[1]); /* end of input: the runtime exits */
	close(from[0]);
	if (pid > 0) {
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
	}
	return rc;
}

int floor_runtime_start(securer_runtime rt, int n, int warm,
                        struct samples *out)
{
	struct runtime_cmd r = {.rt = rt};
	int helper = securer__helper_fd();

	if (securer__runtime_command(rt, &r.argv, &r.source, &r.source_size) <
	        0 ||
	    helper < 0)
		return -EINVAL;
	for (int i = 0; i < n + warm; i++) {
		double us = 0;
		int rc = runtime_once(&r, helper, &us);

		if (rc < 0)
			return rc;
		if (i >= warm)
			samples_add(out, us);
	}
	return 0;
}
