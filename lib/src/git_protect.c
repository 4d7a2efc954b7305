/*
 * git_protect.c - files.protect_git: what of a writable bind's git
 * repository is mounted read-only, and what is pinned in place, so that
 * nothing the user's next git command runs (hooks, core.fsmonitor,
 * core.hooksPath, a gitdir pointer) can be planted by the code.
 *
 * For the repository at the top of the bind:
 *   its `.git` read-only (a directory, or a gitdir pointer file; then the
 *   git directory it points at too, when that lies inside the bind);
 * for every submodule its index records (a gitlink), recursively:
 *   its `.git` read-only too (git status runs `git status` inside each
 *   populated submodule: a rewritten `gitdir:` line there runs the code's
 *   fsmonitor on the host), and the directories from the bind's top down
 *   to the submodule bound onto themselves, so that none can be renamed
 *   away and rebuilt with a `.git` of the code's (a mount point cannot be
 *   renamed or removed); a submodule that is not checked out (no `.git`)
 *   is mounted read-only whole, so that no `.git` can be created in it,
 *   and one whose directory is missing gets it back, empty, as git
 *   itself makes it.
 * Every path is opened below the bind's own descriptor without following
 * any symlink; a `.git` that is a symlink stops the start.  What is not
 * covered: a repository nested below the top that is not a submodule (a
 * clone inside the working copy), and a new `.git` anywhere else: a git
 * command run in that directory would use it (docs/threat-model.md).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"

#define GIT_MOUNTS_MAX 96 /* per bind: one descriptor each */
#define NESTING_MAX    8  /* submodules of submodules */

struct mnt {
	char *rel;
	int fd;
	bool writable;
};

struct plan {
	int root;        /* the bind's directory (O_PATH) */
	const char *src; /* its host path, for messages */
	struct mnt m[GIT_MOUNTS_MAX];
	size_t n;
	char *err;
};

struct repo {
	struct plan *pl;
	const char *dir; /* the repository's working tree, relative */
	int depth;
};

static int protect_repo(struct plan *pl, const char *dir, int depth);

static int join(char *out, size_t size, const char *dir, const char *name)
{
	int n = snprintf(out, size, "%s%s%s", dir, *dir ? "/" : "", name);

	return n < 0 || (size_t)n >= size ? -ENAMETOOLONG : 0;
}

/* Takes |fd|: a mount of it at |rel|, once. */
static int add(struct plan *pl, const char *rel, int fd, bool writable)
{
	for (size_t i = 0; i < pl->n; i++)
		if (strcmp(pl->m[i].rel, rel) == 0) {
			close(fd);
			return 0;
		}
	if (pl->n == GIT_MOUNTS_MAX) {
		close(fd);
		return securer__fail(pl->err, -E2BIG,
		                     "%s holds more submodules than "
		                     "files.protect_git can mount read-only "
		                     "(%d mounts): refusing to start with some "
		                     "unprotected",
		                     pl->src, GIT_MOUNTS_MAX);
	}
	pl->m[pl->n] = (struct mnt){securer__strdup(rel), fd, writable};
	if (!pl->m[pl->n].rel) {
		close(fd);
		return securer__fail(pl->err, -ENOMEM, "out of memory");
	}
	pl->n++;
	return 0;
}

/* Below a read-only mount already planned? */
static bool covered(const struct plan *pl, const char *rel)
{
	for (size_t i = 0; i < pl->n; i++) {
		size_t n = strlen(pl->m[i].rel);

		if (!pl->m[i].writable && strncmp(rel, pl->m[i].rel, n) == 0 &&
		    (rel[n] == '/' || rel[n] == '\0'))
			return true;
	}
	return false;
}

static int open_rel(struct plan *pl, const char *rel, int flags)
{
	return securer__open_nofollow(pl->root, *rel ? rel : ".", flags, true);
}

static int fail_open(struct plan *pl, const char *rel, int rc)
{
	if (rc == -ELOOP)
		return securer__fail(pl->err, -EPERM,
		                     "%s/%s is a symlink (or passes through "
		                     "one): refusing to guess what to protect "
		                     "(files.protect_git)",
		                     pl->src, rel);
	return securer__fail_errno(pl->err, rc, "%s/%s", pl->src, rel);
}

/* |dir|/|path| with "." and ".." resolved as text: nothing on the way can
 * be a symlink (every open refuses them).  -EXDEV when it leaves the bind;
 * an absolute |path| is taken relative to the bind's host path. */
static int normalize(const struct plan *pl, const char *dir, const char *path,
                     char *out, size_t size)
{
	char buf[PATH_MAX], *save = NULL, *tok;
	size_t n = 0, slen = strlen(pl->src);

	if (path[0] == '/') {
		if (strncmp(path, pl->src, slen) != 0 ||
		    (path[slen] != '/' && path[slen] != '\0'))
			return -EXDEV;
		path += slen;
		dir = "";
	}
	if (join(buf, sizeof(buf), dir, path) < 0)
		return -ENAMETOOLONG;
	out[0] = '\0';
	for (tok = strtok_r(buf, "/", &save); tok;
	     tok = strtok_r(NULL, "/", &save)) {
		if (strcmp(tok, ".") == 0)
			continue;
		if (strcmp(tok, "..") == 0) {
			char *slash;

			if (n == 0)
				return -EXDEV;
			slash = strrchr(out, '/');
			n = slash ? (size_t)(slash - out) : 0;
			out[n] = '\0';
			continue;
		}
		if (n + strlen(tok) + 2 > size)
			return -ENAMETOOLONG;
		n += (size_t)sprintf(out + n, "%s%s", n ? "/" : "", tok);
	}
	return 0;
}

/* A `.git` file: "gitdir: PATH".  Its git directory, opened (O_PATH),
 * and mounted read-only when it lies inside the bind; -ENOENT when there
 * is none to read the index of. */
static int follow_pointer(struct plan *pl, const char *dir, const char *git)
{
	char text[PATH_MAX + 16], rel[PATH_MAX], *p;
	int fd = open_rel(pl, git, O_RDONLY), rc;
	ssize_t got;

	if (fd < 0)
		return fail_open(pl, git, fd);
	got = read(fd, text, sizeof(text) - 1);
	close(fd);
	if (got < 0 || strncmp(text, "gitdir:", 7) != 0)
		return -ENOENT; /* git would not read it either */
	text[got] = '\0';
	text[strcspn(text, "\r\n")] = '\0';
	for (p = text + 7; *p == ' '; p++)
		;
	rc = normalize(pl, dir, p, rel, sizeof(rel));
	if (rc == -EXDEV) {
		char host[PATH_MAX * 2];

		/* outside the bind: not visible to the code, so nothing to
		 * mount; its index still lists the submodules */
		if (p[0] == '/')
			snprintf(host, sizeof(host), "%s", p);
		else
			snprintf(host, sizeof(host), "%s/%s%s%s", pl->src, dir,
			         *dir ? "/" : "", p);
		fd = open(host, O_PATH | O_DIRECTORY | O_CLOEXEC);
		return fd < 0 ? -ENOENT : fd;
	}
	if (rc < 0)
		return securer__fail_errno(pl->err, rc, "%s/%s", pl->src, git);
	fd = open_rel(pl, rel, O_PATH | O_DIRECTORY);
	if (fd == -ENOENT || fd == -ENOTDIR)
		return -ENOENT;
	if (fd < 0)
		return fail_open(pl, rel, fd);
	if (covered(pl, rel)) /* a submodule's, inside .git/modules */
		return fd;
	rc = fcntl(fd, F_DUPFD_CLOEXEC, 3);
	if (rc < 0) {
		rc = securer__fail_errno(pl->err, -errno, "dup");
		close(fd);
		return rc;
	}
	if ((rc = add(pl, rel, rc, false)) < 0) {
		close(fd);
		return rc;
	}
	return fd;
}

/* |rel| opened (O_PATH); a directory that is missing is made first, as
 * git checkout makes a submodule's, from its parent's descriptor. */
static int open_or_make(struct plan *pl, const char *rel)
{
	char parent[PATH_MAX];
	const char *slash = strrchr(rel, '/');
	int fd = open_rel(pl, rel, O_PATH | O_DIRECTORY), dir;

	if (fd != -ENOENT)
		return fd < 0 ? fail_open(pl, rel, fd) : fd;
	snprintf(parent, sizeof(parent), "%.*s", slash ? (int)(slash - rel) : 0,
	         rel);
	dir = open_rel(pl, parent, O_PATH | O_DIRECTORY);
	if (dir < 0)
		return fail_open(pl, parent, dir);
	if (mkdirat(dir, slash ? slash + 1 : rel, 0755) < 0 &&
	    errno != EEXIST) {
		fd =
		    securer__fail_errno(pl->err, -errno, "%s/%s", pl->src, rel);
		close(dir);
		return fd;
	}
	close(dir);
	fd = open_rel(pl, rel, O_PATH | O_DIRECTORY);
	return fd < 0 ? fail_open(pl, rel, fd) : fd;
}

/* The directories from the bind's top down to |rel| (not included), each
 * bound onto itself: none can be renamed away. */
static int pin_parents(struct plan *pl, const char *rel)
{
	char prefix[PATH_MAX];

	for (const char *s = strchr(rel, '/'); s; s = strchr(s + 1, '/')) {
		int fd;

		snprintf(prefix, sizeof(prefix), "%.*s", (int)(s - rel), rel);
		if ((fd = open_or_make(pl, prefix)) < 0)
			return fd;
		if ((fd = add(pl, prefix, fd, true)) < 0)
			return fd;
	}
	return 0;
}

static int on_gitlink(void *ctx, const char *path)
{
	const struct repo *r = ctx;
	struct plan *pl = r->pl;
	char sub[PATH_MAX], git[PATH_MAX + 8];
	int fd, rc;

	if (normalize(pl, r->dir, path, sub, sizeof(sub)) < 0 || !*sub)
		return 0; /* not a path git would check out */
	if (r->depth >= NESTING_MAX)
		return securer__fail(pl->err, -E2BIG,
		                     "%s/%s: submodules nested deeper than %d "
		                     "(files.protect_git)",
		                     pl->src, sub, NESTING_MAX);
	if ((rc = pin_parents(pl, sub)) < 0)
		return rc;
	/* a missing one is made: mounted read-only, no .git appears in it */
	if ((fd = open_or_make(pl, sub)) < 0)
		return fd;
	if (join(git, sizeof(git), sub, ".git") < 0) {
		close(fd);
		return -ENAMETOOLONG;
	}
	rc = faccessat(pl->root, git, F_OK, AT_SYMLINK_NOFOLLOW);
	/* checked out: writable, its .git read-only on top; not checked out:
	 * read-only whole */
	if ((rc = add(pl, sub, fd, rc == 0)) < 0)
		return rc;
	return protect_repo(pl, sub, r->depth + 1);
}

/* The repository whose working tree is |dir| ("": the bind's top). */
static int protect_repo(struct plan *pl, const char *dir, int depth)
{
	struct repo r = {pl, dir, depth};
	char git[PATH_MAX];
	struct stat st;
	int fd, gitdir, idx, rc;

	if (join(git, sizeof(git), dir, ".git") < 0)
		return securer__fail(pl->err, -ENAMETOOLONG,
		                     "path too long: %s", pl->src);
	fd = open_rel(pl, git, O_PATH);
	if (fd == -ENOENT || fd == -ENOTDIR)
		return 0;
	if (fd < 0)
		return fail_open(pl, git, fd);
	if (fstat(fd, &st) < 0) {
		close(fd);
		return securer__fail_errno(pl->err, -errno, "%s/%s", pl->src,
		                           git);
	}
	if (S_ISDIR(st.st_mode))
		gitdir = fcntl(fd, F_DUPFD_CLOEXEC, 3);
	else
		gitdir = S_ISREG(st.st_mode) ? follow_pointer(pl, dir, git)
		                             : -ENOENT;
	if ((rc = add(pl, git, fd, false)) < 0 ||
	    (gitdir < 0 && gitdir != -ENOENT)) {
		if (gitdir >= 0)
			close(gitdir);
		return rc < 0 ? rc : gitdir;
	}
	if (gitdir < 0)
		return 0;
	idx = openat(gitdir, "index", O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	close(gitdir);
	if (idx < 0)
		return 0; /* a repository with nothing staged yet */
	rc = securer__git_gitlinks(idx, on_gitlink, &r);
	close(idx);
	if (rc == -EINVAL)
		return securer__fail(pl->err, -EINVAL,
		                     "cannot read the submodules of %s/%s "
		                     "(its index is not one of the formats "
		                     "git writes): refusing to start without "
		                     "protecting them (files.protect_git)",
		                     pl->src, git);
	return rc;
}

static int by_path(const void *a, const void *b)
{
	return strcmp(((const struct mnt *)a)->rel,
	              ((const struct mnt *)b)->rel);
}

int securer__git_protect(int root, const char *src, securer__git_mount_fn emit,
                         void *ctx, char *err)
{
	struct plan *pl = calloc(1, sizeof(*pl));
	size_t i = 0;
	int rc;

	if (!pl)
		return securer__fail(err, -ENOMEM, "out of memory");
	pl->root = root;
	pl->src = src;
	pl->err = err;
	rc = protect_repo(pl, "", 0);
	/* parents before children: a prefix sorts first */
	qsort(pl->m, pl->n, sizeof(pl->m[0]), by_path);
	for (; rc == 0 && i < pl->n; i++) {
		rc = emit(ctx, pl->m[i].fd, pl->m[i].rel, pl->m[i].writable);
		pl->m[i].fd = -1;
	}
	for (i = 0; i < pl->n; i++) {
		if (pl->m[i].fd >= 0)
			close(pl->m[i].fd);
		free(pl->m[i].rel);
	}
	free(pl);
	return rc;
}

/* ---- securer_git_protected ---------------------------------------------- */

struct ro_probe {
	const char *rel; /* normalized: no ".", "..", empty component */
	int hit;
};

static int probe_mount(void *ctx, int fd, const char *rel, bool writable)
{
	struct ro_probe *p = ctx;
	size_t n = strlen(rel);

	close(fd);
	if (!writable && strncmp(p->rel, rel, n) == 0 &&
	    (p->rel[n] == '\0' || p->rel[n] == '/'))
		p->hit = 1;
	return 0;
}

/* |rel| by name into |out|: components joined by one '/', "." dropped,
 * ".." removing the one before it.  -EXDEV above the top. */
static int normalize_rel(const char *rel, char *out, size_t size)
{
	size_t len = 0;

	out[0] = '\0';
	for (const char *p = rel; *p;) {
		size_t n = strcspn(p, "/");

		if (n == 2 && p[0] == '.' && p[1] == '.') {
			char *slash;

			if (len == 0)
				return -EXDEV;
			slash = strrchr(out, '/');
			len = slash ? (size_t)(slash - out) : 0;
			out[len] = '\0';
		} else if (n > 0 && !(n == 1 && p[0] == '.')) {
			if (len + (len > 0) + n + 1 > size)
				return -ENAMETOOLONG;
			if (len > 0)
				out[len++] = '/';
			memcpy(out + len, p, n);
			len += n;
			out[len] = '\0';
		}
		p += n;
		p += strspn(p, "/");
	}
	return 0;
}

int securer_git_protected(int dirfd, const char *rel)
{
	char err[SECURER__ERR_SIZE], norm[PATH_MAX], link[64], src[PATH_MAX];
	struct ro_probe probe = {norm, 0};
	ssize_t n;
	int root, rc;

	if (!rel)
		return -EINVAL;
	if ((rc = normalize_rel(rel, norm, sizeof(norm))) < 0)
		return rc;
	root = openat(dirfd, ".", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (root < 0)
		return -errno;
	/* Its host path: git writes absolute gitdir pointers
	 * (--separate-git-dir, submodules of old gits). */
	snprintf(link, sizeof(link), "/proc/self/fd/%d", root);
	n = readlink(link, src, sizeof(src) - 1);
	if (n < 0 || n == sizeof(src) - 1) {
		rc = n < 0 ? -errno : -ENAMETOOLONG;
		close(root);
		return rc;
	}
	src[n] = '\0';
	rc = securer__git_protect(root, src, probe_mount, &probe, err);
	close(root);
	return rc < 0 ? rc : probe.hit;
}
