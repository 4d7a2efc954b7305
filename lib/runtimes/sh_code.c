/*
 * sh_code.c - code files and their syntax check.
 *
 * The driver has the shell source a file rather than read the code from
 * its stdin: a code that reads stdin or never ends a quote cannot eat the
 * driver's next command line.  The same bytes go to a warm "sh -n" first.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sh_code.h"
#include "sh_io.h"

extern char **environ;

/* Tries before giving up on creating a code file. */
#define WRITE_ATTEMPTS 8

static int safe_path(const char *s)
{
	if (s[0] != '/' || strlen(s) > SH_PATH_MAX / 2)
		return 0;
	for (; *s; s++)
		if (!strchr("/._-", *s) && !(*s >= 'a' && *s <= 'z') &&
		    !(*s >= 'A' && *s <= 'Z') && !(*s >= '0' && *s <= '9'))
			return 0;
	return 1;
}

void sh_code_init(struct sh_code *c)
{
	c->dir[0] = '\0';
	c->counter = 0;
}

void sh_code_release(struct sh_code *c)
{
	if (c->dir[0])
		rmdir(c->dir);
	c->dir[0] = '\0';
}

static int make_dir(struct sh_code *c, char *msg, size_t size)
{
	const char *base = getenv("TMPDIR");

	/* An unusual TMPDIR is not worth quoting: /tmp is always there. */
	if (!base || !safe_path(base))
		base = "/tmp";
	snprintf(c->dir, sizeof(c->dir), "%s/securer-sh.XXXXXX", base);
	if (!mkdtemp(c->dir)) {
		snprintf(msg, size, "cannot create a directory in '%s': %s",
		         base, strerror(errno));
		c->dir[0] = '\0';
		return -1;
	}
	return 0;
}

/* A new file in the directory, or -1 with errno. */
static int create_file(struct sh_code *c, char path[SH_PATH_MAX], char *msg,
                       size_t size)
{
	int fd = -1, err = 0;

	for (int i = 0; i < WRITE_ATTEMPTS && fd < 0; i++) {
		if (!c->dir[0] && make_dir(c, msg, size) < 0)
			return -1;
		snprintf(path, SH_PATH_MAX, "%s/%lu.sh", c->dir, ++c->counter);
		fd = open(path,
		          O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW,
		          0600);
		err = errno;
		/* The code may have removed the directory or taken its
		 * names: move on to a new directory or name. */
		if (fd < 0 &&
		    (err == ENOENT || err == ENOTDIR || err == EACCES))
			c->dir[0] = '\0';
		else if (fd < 0 && err != EEXIST)
			break;
	}
	if (fd < 0)
		snprintf(msg, size, "cannot create a file for the code: %s",
		         strerror(err));
	return fd;
}

int sh_code_write(struct sh_code *c, const char *text, size_t n,
                  char path[SH_PATH_MAX], char *msg, size_t size)
{
	int fd = create_file(c, path, msg, size), rc;

	if (fd < 0)
		return -1;
	rc = sh_write_all(fd, text, n);
	if (close(fd) < 0 && rc == 0)
		rc = -errno;
	if (rc < 0) {
		unlink(path);
		snprintf(msg, size, "cannot write the code to '%s': %s", path,
		         strerror(-rc));
		return -1;
	}
	return 0;
}

int sh_spawn_shell(char *const argv[], const posix_spawn_file_actions_t *fa,
                   pid_t *pid)
{
	posix_spawnattr_t attr;
	sigset_t dfl;
	int rc;

	if ((rc = posix_spawnattr_init(&attr)) != 0)
		return rc;
	sigemptyset(&dfl);
	sigaddset(&dfl, SIGPIPE);
	sigaddset(&dfl, SIGXFSZ);
	rc = posix_spawnattr_setsigdefault(&attr, &dfl);
	if (rc == 0)
		rc = posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGDEF);
	if (rc == 0)
		rc = posix_spawn(pid, SH_SHELL, fa, &attr, argv, environ);
	posix_spawnattr_destroy(&attr);
	return rc;
}

/* Reads |fd| to its end, keeping the first size - 1 bytes in |out|. */
static void read_all(int fd, char *out, size_t size)
{
	size_t len = 0;
	char sink[512];

	for (;;) {
		char *to = len + 1 < size ? out + len : sink;
		size_t room = len + 1 < size ? size - 1 - len : sizeof(sink);
		ssize_t got = read(fd, to, room);

		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			break;
		if (to != sink)
			len += (size_t)got;
	}
	out[len] = '\0';
}

/* dash says "PATH: 3: Syntax error: ...", bash "PATH: line 3: ...": the
 * private path means nothing to the code's author, a line number does. */
static void format_syntax(const char *path, const char *out, char *msg,
                          size_t size)
{
	size_t plen = strlen(path), len = 0;
	const char *p = out;

	msg[0] = '\0';
	while (*p && len + 1 < size) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		const char *sep = len ? "\n" : "";

		if (n > plen + 1 && strncmp(p, path, plen) == 0 &&
		    p[plen] == ':' && p[plen + 1] == ' ') {
			p += plen + 2;
			n -= plen + 2;
			if (*p >= '0' && *p <= '9')
				sep = len ? "\nline " : "line ";
		}
		if (n)
			len += (size_t)snprintf(msg + len, size - len, "%s%.*s",
			                        sep, (int)n, p);
		p += n + (nl ? 1 : 0);
	}
}

/* A warm "sh -n", started while the driver is idle: an execute's check
 * then costs a write and a wait instead of a fork and an exec. */
static struct {
	pid_t pid;
	int in;  /* its stdin: the code */
	int err; /* its stderr: the syntax error */
} checker = {-1, -1, -1};

void sh_code_prepare_check(void)
{
	int in[2], err[2];
	pid_t pid;

	if (checker.pid > 0)
		return;
	if (pipe2(in, O_CLOEXEC) < 0)
		return;
	if (pipe2(err, O_CLOEXEC) < 0) {
		close(in[0]);
		close(in[1]);
		return;
	}
	/* fork, not posix_spawn: posix_spawn suspends the driver until the
	 * child's exec (vfork), while this lets the exec and the dynamic
	 * loading run beside the driver's work.  The driver has no threads. */
	pid = fork();
	if (pid == 0) {
		char a0[] = "sh", a1[] = "-n";
		char *argv[] = {a0, a1, NULL};

		signal(SIGPIPE, SIG_DFL);
		signal(SIGXFSZ, SIG_DFL);
		if (dup2(in[0], 0) < 0 || dup2(err[1], 2) < 0)
			_exit(127);
		execve(SH_SHELL, argv, environ);
		_exit(127);
	}
	close(in[0]);
	close(err[1]);
	if (pid < 0) {
		close(in[1]);
		close(err[0]);
		return;
	}
	checker.pid = pid;
	checker.in = in[1];
	checker.err = err[0];
}

int sh_code_check(const char *text, size_t n, char *msg, size_t size)
{
	char out[4096];
	int status;

	sh_code_prepare_check();
	if (checker.pid <= 0) {
		snprintf(msg, size, "cannot run " SH_SHELL " -n: %s",
		         strerror(errno));
		return -1;
	}
	/* A syntax error makes it stop reading: EPIPE then, not an error. */
	if (sh_write_all(checker.in, text, n) == 0)
		sh_write_all(checker.in, "\n", 1);
	close(checker.in);
	read_all(checker.err, out, sizeof(out));
	close(checker.err);
	while (waitpid(checker.pid, &status, 0) < 0)
		if (errno != EINTR) {
			checker.pid = -1;
			snprintf(msg, size, "cannot check the syntax: %s",
			         strerror(errno));
			return -1;
		}
	checker.pid = -1;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	format_syntax("sh", out, msg, size); /* dash says "sh: LINE: ..." */
	if (!msg[0] && WIFSIGNALED(status))
		snprintf(msg, size, SH_SHELL " -n was killed by signal %d",
		         WTERMSIG(status));
	else if (!msg[0])
		snprintf(msg, size, SH_SHELL " -n exited with status %d",
		         WEXITSTATUS(status));
	return 1;
}
