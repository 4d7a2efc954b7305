/*
 * floors.c - physical floors measured in the same run.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
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

int floor_exec(const char *const argv[], int n, struct samples *out)
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
