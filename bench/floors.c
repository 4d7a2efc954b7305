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

int floor_bare_bwrap(int n, struct samples *out)
{
	static const char *const links[] = {"bin", "sbin", "lib", "lib64",
	                                    "lib32"};
	const char *argv[64];
	char targets[5][32];
	int k = 0;
	struct stat st;

	argv[k++] = "bwrap";
	argv[k++] = "--unshare-all";
	argv[k++] = "--die-with-parent";
	argv[k++] = "--ro-bind";
	argv[k++] = "/usr";
	argv[k++] = "/usr";
	for (int i = 0; i < 5; i++) {
		char path[32];

		snprintf(path, sizeof(path), "/%s", links[i]);
		if (lstat(path, &st) < 0 || !S_ISLNK(st.st_mode))
			continue;
		snprintf(targets[i], sizeof(targets[i]), "usr/%s", links[i]);
		argv[k++] = "--symlink";
		argv[k++] = targets[i];
		argv[k++] = links[i][0] == 'b'           ? "/bin"
		            : links[i][0] == 's'         ? "/sbin"
		            : !strcmp(links[i], "lib")   ? "/lib"
		            : !strcmp(links[i], "lib64") ? "/lib64"
		                                         : "/lib32";
	}
	argv[k++] = "--proc";
	argv[k++] = "/proc";
	argv[k++] = "--dev";
	argv[k++] = "/dev";
	argv[k++] = "true";
	argv[k] = NULL;
	return floor_exec(argv, n, out);
}

/* The descriptors and words of floor_bare_bwrap_same, made once. */
#define SAME_FD_BASE  200 /* where bwrap finds them: above anything open */
#define SAME_MAX_FDS  24
#define SAME_MAX_ARGS 160
#define SAME_WORDS    64
#define SAME_WORD     256

static struct {
	bool made;
	int rc;
	const char *argv[SAME_MAX_ARGS];
	char words[SAME_WORDS][SAME_WORD];
	struct fd_map maps[SAME_MAX_FDS];
	int n_maps, n_words;
} same;

/* The next free word, or NULL. */
static char *same_word(void)
{
	return same.n_words < SAME_WORDS ? same.words[same.n_words] : NULL;
}

/* |fd| at the next descriptor bwrap reads; its number there as a word
 * (NULL when the table is full). */
static const char *same_fd(int fd)
{
	char *w = same_word();
	int to = SAME_FD_BASE + same.n_maps;

	if (!w || same.n_maps == SAME_MAX_FDS)
		return NULL;
	same.maps[same.n_maps++] = (struct fd_map){fd, to};
	snprintf(w, SAME_WORD, "%d", to);
	same.n_words++;
	return w;
}

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

static int make_same(void)
{
	static const char *const links[] = {"/bin",   "/sbin",  "/lib",
	                                    "/lib64", "/lib32", "/libx32"};
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
	                                   "UTC",
	                                   "--ro-bind",
	                                   "/usr",
	                                   "/usr"};
	static const char *const mounts[] = {
	    "--proc",  "/proc", "--dev",  "/dev",     "--size",  "67108864",
	    "--tmpfs", "/tmp",  "--size", "67108864", "--tmpfs", "/dev/shm"};
	static const char *const tail[] = {
	    "--remount-ro", "/dev", "--remount-ro", "/", "--chdir", "/tmp"};
	static const char *const ids[][2] = {
	    {"/etc/passwd",
	     "root:x:0:0:sandbox:/tmp:/bin/sh\n"
	     "nobody:x:65534:65534:nobody:/nonexistent:/bin/false\n"},
	    {"/etc/group", "root:x:0:\nnogroup:x:65534:\n"},
	    {"/etc/hosts", "127.0.0.1\tlocalhost\n"}};
	const char **a = same.argv;
	securer_policy *p;
	const char *w;
	int k = 0, fd, rc;

#define PUSH(x) (k < SAME_MAX_ARGS - 1 ? (void)(a[k++] = (x)) : (void)0)
	for (size_t i = 0; i < sizeof(head) / sizeof(head[0]); i++)
		PUSH(head[i]);
	for (size_t i = 0; i < sizeof(links) / sizeof(links[0]); i++) {
		struct stat st;
		char *t = same_word();
		ssize_t len;

		if (!t || lstat(links[i], &st) < 0)
			continue;
		if (S_ISLNK(st.st_mode) &&
		    (len = readlink(links[i], t, SAME_WORD - 1)) > 0) {
			t[len] = '\0';
			same.n_words++;
			PUSH("--symlink");
			PUSH(t);
		} else {
			PUSH("--ro-bind");
			PUSH(links[i]);
		}
		PUSH(links[i]);
	}
	/* the system set of /etc as the backend gives it (bwrap_root.c): a
	 * link into /usr as that link, a readable file as a copy, anything
	 * else bound */
	for (size_t i = 0; i < securer__system_set_n; i++) {
		const char *path = securer__system_set[i].path;
		char *t = same_word();
		ssize_t len = t ? readlink(path, t, SAME_WORD - 1) : -1;
		struct stat st;

		if (len > 0 && (t[len] = '\0', strncmp(t, "/usr/", 5) == 0)) {
			same.n_words++;
			PUSH("--symlink");
			PUSH(t);
			PUSH(path);
		} else if (stat(path, &st) == 0 && S_ISREG(st.st_mode) &&
		           (fd = open(path, O_RDONLY | O_CLOEXEC)) >= 0) {
			if (!(w = same_fd(fd)))
				return -E2BIG;
			PUSH("--perms");
			PUSH("0444");
			PUSH("--file");
			PUSH(w);
			PUSH(path);
		} else {
			PUSH("--ro-bind-try");
			PUSH(path);
			PUSH(path);
		}
	}
	for (size_t i = 0; i < sizeof(mounts) / sizeof(mounts[0]); i++)
		PUSH(mounts[i]);
	for (size_t i = 0; i < 3; i++) {
		if ((fd = memfd_text(ids[i][1])) < 0)
			return -errno;
		if (!(w = same_fd(fd)))
			return -E2BIG;
		PUSH("--file");
		PUSH(w);
		PUSH(ids[i][0]);
	}
	for (size_t i = 0; i < sizeof(tail) / sizeof(tail[0]); i++)
		PUSH(tail[i]);
	/* the default policy's seccomp program, as the backend loads it */
	if (!(p = securer_policy_new()))
		return -ENOMEM;
	fd = memfd_create("floor-seccomp", MFD_CLOEXEC);
	rc = fd < 0 ? -errno : securer_policy_export_seccomp(p, fd);
	securer_policy_free(p);
	if (rc < 0)
		return rc;
	if (!(w = same_fd(fd)))
		return -E2BIG;
	PUSH("--seccomp");
	PUSH(w);
	PUSH("--");
	PUSH("true");
	a[k] = NULL;
#undef PUSH
	return k < SAME_MAX_ARGS - 1 ? 0 : -E2BIG;
}

int floor_bare_bwrap_same(int n, struct samples *out)
{
	if (!same.made) {
		same.made = true;
		same.rc = make_same();
	}
	if (same.rc < 0)
		return same.rc;
	return exec_with(same.argv, same.maps, same.n_maps, n, out);
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
