/*
 * util.c - small helpers every module uses: error messages, string vectors,
 * whole-file reads, memfds and pidfds.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "internal.h"

const char *securer_version(void)
{
	return "0.1.0";
}

int64_t securer_monotonic_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int securer__fail(char *buf, int err, const char *fmt, ...)
{
	int saved = errno;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, SECURER__ERR_SIZE, fmt, ap);
	va_end(ap);
	errno = saved;
	return err;
}

int securer__fail_errno(char *buf, int err, const char *fmt, ...)
{
	int saved = errno;
	size_t used;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, SECURER__ERR_SIZE, fmt, ap);
	va_end(ap);
	used = strlen(buf);
	snprintf(buf + used, SECURER__ERR_SIZE - used, ": %s", strerror(-err));
	errno = saved;
	return err;
}

char *securer__strdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = malloc(n);

	if (d)
		memcpy(d, s, n);
	return d;
}

void securer__strv_init(struct securer__strv *sv)
{
	memset(sv, 0, sizeof(*sv));
}

void securer__strv_release(struct securer__strv *sv)
{
	for (size_t i = 0; i < sv->n; i++)
		free(sv->v[i]);
	free(sv->v);
	securer__strv_init(sv);
}

static void strv_take(struct securer__strv *sv, char *s)
{
	if (!s || sv->oom) {
		free(s);
		sv->oom = true;
		return;
	}
	if (sv->n + 2 > sv->cap) {
		size_t cap = sv->cap ? sv->cap * 2 : 16;
		char **v = realloc(sv->v, cap * sizeof(*v));

		if (!v) {
			free(s);
			sv->oom = true;
			return;
		}
		sv->v = v;
		sv->cap = cap;
	}
	sv->v[sv->n++] = s;
	sv->v[sv->n] = NULL;
}

void securer__strv_push(struct securer__strv *sv, const char *s)
{
	strv_take(sv, securer__strdup(s));
}

void securer__strv_pushf(struct securer__strv *sv, const char *fmt, ...)
{
	char *s = NULL;
	va_list ap;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		s = NULL;
	va_end(ap);
	strv_take(sv, s);
}

char *securer__read_file(const char *path, size_t max)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	char *buf;
	size_t len = 0;

	if (fd < 0)
		return NULL;
	buf = malloc(max + 1);
	if (!buf) {
		close(fd);
		errno = ENOMEM;
		return NULL;
	}
	while (len < max) {
		ssize_t n = read(fd, buf + len, max - len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int saved = errno;

			free(buf);
			close(fd);
			errno = saved;
			return NULL;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	buf[len] = '\0';
	close(fd);
	return buf;
}

long long securer__read_sysctl(const char *path)
{
	char *s = securer__read_file(path, 64);
	long long v;

	if (!s)
		return -1;
	v = strtoll(s, NULL, 10);
	free(s);
	return v;
}

size_t securer__drain_text(int fd, char *buf, size_t size)
{
	size_t len = 0;

	if (size == 0)
		return 0;
	while (fd >= 0 && len + 1 < size) {
		ssize_t n = read(fd, buf + len, size - 1 - len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	while (len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == '\r'))
		len--;
	buf[len] = '\0';
	return len;
}

void securer__close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

ssize_t securer__write_nosigpipe(int fd, const void *buf, size_t len)
{
	struct timespec zero = {0, 0};
	sigset_t pipe_set, old, pending;
	bool was_pending;
	ssize_t n;
	int saved;

	/* The library installs no handlers: block SIGPIPE for this write and
	 * take back the one it raised (a pipe's SIGPIPE goes to the writing
	 * thread), unless one was already pending for the caller. */
	sigemptyset(&pipe_set);
	sigaddset(&pipe_set, SIGPIPE);
	sigpending(&pending);
	was_pending = sigismember(&pending, SIGPIPE);
	pthread_sigmask(SIG_BLOCK, &pipe_set, &old);
	n = write(fd, buf, len);
	saved = errno;
	if (n < 0 && saved == EPIPE && !was_pending)
		while (sigtimedwait(&pipe_set, NULL, &zero) < 0 &&
		       errno == EINTR)
			;
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	errno = saved;
	return n;
}

int securer__write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len > 0) {
		ssize_t n = securer__write_nosigpipe(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int securer__memfd_with(const char *name, const void *data, size_t len)
{
	int fd = memfd_create(name, MFD_CLOEXEC);
	int rc;

	if (fd < 0)
		return -errno;
	rc = securer__write_all(fd, data, len);
	if (rc == 0 && lseek(fd, 0, SEEK_SET) < 0)
		rc = -errno;
	if (rc < 0) {
		close(fd);
		return rc;
	}
	return fd;
}

int securer__pidfd_open(pid_t pid)
{
	long fd = syscall(SYS_pidfd_open, pid, 0);

	return fd < 0 ? -errno : (int)fd;
}

int securer__pidfd_send_signal(int pidfd, int sig)
{
	return syscall(SYS_pidfd_send_signal, pidfd, sig, NULL, 0) < 0 ? -errno
	                                                               : 0;
}

int securer__which(const char *name, const char *search, const char *cwd,
                   char *out, size_t size)
{
	const char *dir, *end;

	out[0] = '\0';
	if (strchr(name, '/')) {
		int n = name[0] != '/' && cwd
		            ? snprintf(out, size, "%s/%s", cwd, name)
		            : snprintf(out, size, "%s", name);

		if (n < 0 || (size_t)n >= size) {
			out[0] = '\0';
			return -ENAMETOOLONG;
		}
		return 0;
	}
	if (!search || !*search)
		search = "/usr/local/bin:/usr/bin:/bin";
	for (dir = search; *dir; dir = *end ? end + 1 : end) {
		struct stat st;
		size_t len;
		int n;

		end = strchrnul(dir, ':');
		len = (size_t)(end - dir);
		if (len == 0 || dir[0] != '/') /* "" and relative: never cwd */
			continue;
		n = snprintf(out, size, "%.*s/%s", (int)len, dir, name);
		if (n > 0 && (size_t)n < size && stat(out, &st) == 0 &&
		    S_ISREG(st.st_mode) && access(out, X_OK) == 0)
			return 0;
	}
	out[0] = '\0';
	return -ENOENT;
}
