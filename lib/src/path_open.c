/*
 * path_open.c - opening a host path the way it was when the policy was
 * loaded: no symlink followed anywhere on the way.
 *
 * A bind's source is resolved to a real path (no symlinks) when the policy
 * is loaded; the sandbox starts later, and by then anything that can write
 * a parent directory (another sandbox with that directory bound writable,
 * say) may have swapped a component for a symlink to a host secret.  The
 * backend therefore mounts descriptors opened here, never path strings:
 * a symlink that appeared since is refused, and what is mounted is exactly
 * what was opened.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "internal.h"

/* Without openat2 (Linux < 5.6): one component at a time, each opened
 * O_PATH | O_NOFOLLOW, each checked not to be a symlink (O_PATH |
 * O_NOFOLLOW opens a symlink itself rather than failing). */
static int walk(int dirfd, const char *path, int flags, bool beneath)
{
	char part[256];
	const char *p = path;
	int fd = -1, at = dirfd, rc, depth = 0;

	if (*p == '/') {
		if (beneath)
			return -EXDEV;
		fd = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
		if (fd < 0)
			return -errno;
		at = fd;
	}
	for (;;) {
		size_t n;
		struct stat st;
		bool last;
		int next;

		while (*p == '/')
			p++;
		n = strcspn(p, "/");
		if (n == 0)
			break;
		if (n >= sizeof(part)) {
			rc = -ENAMETOOLONG;
			goto fail;
		}
		memcpy(part, p, n);
		part[n] = '\0';
		p += n;
		while (*p == '/')
			p++;
		last = *p == '\0';
		/* as RESOLVE_BENEATH: ".." never above the start */
		if (strcmp(part, "..") == 0 && beneath && depth-- == 0) {
			rc = -EXDEV;
			goto fail;
		}
		if (strcmp(part, "..") != 0 && strcmp(part, ".") != 0)
			depth++;
		next = openat(at, part,
		              (last ? flags : O_PATH | O_DIRECTORY) |
		                  O_NOFOLLOW | O_CLOEXEC);
		if (next < 0) {
			struct stat ln;

			rc = -errno;
			/* O_DIRECTORY | O_NOFOLLOW on a symlink says ENOTDIR */
			if (rc == -ENOTDIR &&
			    fstatat(at, part, &ln, AT_SYMLINK_NOFOLLOW) == 0 &&
			    S_ISLNK(ln.st_mode))
				rc = -ELOOP;
			goto fail;
		}
		if (fstat(next, &st) < 0 || S_ISLNK(st.st_mode)) {
			rc = fstat(next, &st) < 0 ? -errno : -ELOOP;
			close(next);
			goto fail;
		}
		if (fd >= 0)
			close(fd);
		fd = at = next;
		if (last)
			return fd;
	}
	/* "" or "/": the starting directory itself */
	if (fd >= 0)
		return fd;
	rc = openat(dirfd, ".", flags | O_CLOEXEC);
	return rc < 0 ? -errno : rc;
fail:
	if (fd >= 0)
		close(fd);
	return rc;
}

int securer__open_nofollow(int dirfd, const char *path, int flags, bool beneath)
{
	struct open_how how = {
	    .flags = (unsigned long long)(flags | O_CLOEXEC),
	    .resolve = RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS |
	               (beneath ? RESOLVE_BENEATH : 0),
	};
	long fd;

	/* Never O_NOFOLLOW here: with O_PATH it would hand back a trailing
	 * symlink itself; without it, RESOLVE_NO_SYMLINKS makes one ELOOP. */
	how.flags &= ~(unsigned long long)O_NOFOLLOW;
	fd = syscall(SYS_openat2, dirfd, path, &how, sizeof(how));
	if (fd >= 0)
		return (int)fd;
	if (errno != ENOSYS)
		return -errno;
	return walk(dirfd, path, flags, beneath);
}
