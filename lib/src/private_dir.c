/*
 * private_dir.c - the private per-run directory of the backends without a
 * mount namespace (none, landlock).
 *
 * Under bwrap the policy's "/tmp" is a fresh tmpfs.  Without mounts it
 * becomes a fresh directory, mode 0700, under the caller's $TMPDIR when it
 * is set; otherwise, for the landlock backend, whose reaper holds it to
 * limits.tmpfs_bytes, on a tmpfs as bwrap's is (the caller's
 * $XDG_RUNTIME_DIR, else /dev/shm), and under /tmp for the none backend,
 * for landlock with limits.tmpfs_bytes 0 (no budget either way: its writes
 * must not take the host's memory without bound) and where there is no
 * tmpfs.
 * HOME=/tmp and TMPDIR=/tmp in the policy's environment and the working
 * directory /tmp name it instead, so code that finds its temporary
 * directory the usual way ($TMPDIR, $HOME, tempfile, tempdir()) finds it.
 * It is removed, with everything in it, once every process of the run is
 * dead.  (On this VM's ext4 /tmp, mounted with `discard`, making and
 * removing an empty directory costs 0.5 to 3.5 ms, more than a fork+exec
 * of `true`; on a tmpfs, 8 us.)
 */
#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/magic.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "internal.h"

/* An absolute directory on a tmpfs. */
static bool on_tmpfs(const char *dir)
{
	struct statfs sf;

	return dir && dir[0] == '/' && statfs(dir, &sf) == 0 &&
	       sf.f_type == TMPFS_MAGIC;
}

/* Where a private directory goes.  Only one whose run's reaper holds it
 * to a budget (init_budget.h: the landlock backend) may go on a tmpfs:
 * unwatched writes there would take the host's memory without a bound. */
static const char *tmp_base(bool budgeted)
{
	const char *t = getenv("TMPDIR"), *run = getenv("XDG_RUNTIME_DIR");

	if (t && t[0] == '/')
		return t;
	if (!budgeted)
		return "/tmp";
	if (on_tmpfs(run))
		return run;
	return on_tmpfs("/dev/shm") ? "/dev/shm" : "/tmp";
}

int securer__private_dir_create(struct securer__run *r, const char *backend,
                                bool budgeted)
{
	const char *base = tmp_base(budgeted);
	int rc;

	snprintf(r->private_dir, sizeof(r->private_dir), "%s/securer-%s.XXXXXX",
	         base, backend);
	if (mkdtemp(r->private_dir))
		return 0;
	rc = -errno;
	r->private_dir[0] = '\0';
	return securer__fail_errno(
	    r->err, rc, "cannot create a private directory under %s", base);
}

int securer__private_env(struct securer__run *r)
{
	struct securer__strv env;
	int rc;

	securer__strv_init(&env);
	rc = securer__policy_build_env(r->policy, r->opts->caller_env, &env);
	for (size_t i = 0; rc == 0 && i < env.n; i++) {
		if (strcmp(env.v[i], "HOME=/tmp") == 0)
			securer__strv_pushf(&r->launch.envp, "HOME=%s",
			                    r->private_dir);
		else if (strcmp(env.v[i], "TMPDIR=/tmp") == 0)
			securer__strv_pushf(&r->launch.envp, "TMPDIR=%s",
			                    r->private_dir);
		else
			securer__strv_push(&r->launch.envp, env.v[i]);
	}
	securer__strv_release(&env);
	if (rc < 0 || r->launch.envp.oom)
		return securer__fail(r->err, -ENOMEM, "out of memory");
	return 0;
}

const char *securer__private_cwd(const struct securer__run *r)
{
	return strcmp(r->policy->cwd, "/tmp") == 0 ? r->private_dir
	                                           : r->policy->cwd;
}

/* The directories from the root down to where we are, to check every
 * step back up: a process of the run that outlived it (a kill that could
 * not finish) might move directories meanwhile, and ".." must never lead
 * above the private directory. */
struct trail {
	struct stat *at;
	size_t depth, cap;
};

static bool trail_push(struct trail *t, int fd)
{
	if (t->depth == t->cap) {
		size_t cap = t->cap ? 2 * t->cap : 64;
		struct stat *a = realloc(t->at, cap * sizeof(*a));

		if (!a)
			return false;
		t->at = a;
		t->cap = cap;
	}
	return fstat(fd, &t->at[t->depth++]) == 0;
}

/* Opens the directory entry |n| of |fd| to go down into, made readable
 * first if the code took that away (never through a symlink: the mode of
 * its target is not ours to change), on the same filesystem.  -1 when it
 * is not such a directory. */
static int enter(int fd, const char *n, const struct stat *root)
{
	struct stat st;
	int child;

	(void)fchmodat(fd, n, 0700, AT_SYMLINK_NOFOLLOW);
	child = openat(fd, n, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (child >= 0 &&
	    (fstat(child, &st) < 0 || st.st_dev != root->st_dev)) {
		close(child);
		return -1;
	}
	return child;
}

/* Empties the directory |fd| refers to, without recursion (the code may
 * have nested directories deeper than any stack) and whatever modes it
 * left (it owns them: a 0500 directory is made writable again).  Returns
 * with |fd| closed. */
static void empty_dir(int fd)
{
	struct trail t = {NULL, 0, 0};

	if (!trail_push(&t, fd))
		goto out;
	/* Bounded: an entry that can be neither removed nor entered would
	 * otherwise send us down and up forever. */
	for (long pass = 0; pass < 1000000; pass++) {
		struct dirent *e;
		struct stat up;
		int dup_fd, child = -1;
		bool progress = false;
		DIR *d;

		(void)fchmod(fd, 0700);
		if ((dup_fd = dup(fd)) < 0 || !(d = fdopendir(dup_fd))) {
			if (dup_fd >= 0)
				close(dup_fd);
			break;
		}
		while ((e = readdir(d))) {
			const char *n = e->d_name;

			if (!strcmp(n, ".") || !strcmp(n, ".."))
				continue;
			if (unlinkat(fd, n, 0) == 0 ||
			    unlinkat(fd, n, AT_REMOVEDIR) == 0) {
				progress = true;
				continue;
			}
			/* A non-empty directory: go down into it. */
			if ((child = enter(fd, n, &t.at[0])) >= 0)
				break;
		}
		closedir(d);
		if (child >= 0) {
			close(fd);
			fd = child;
			if (!trail_push(&t, fd))
				break;
			continue;
		}
		if (progress)
			continue; /* removals may have emptied a directory */
		/* Empty, or nothing more can go: back up one level, to the
		 * very directory we came from or nowhere. */
		if (t.depth == 1)
			break;
		child = openat(fd, "..", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		close(fd);
		fd = child;
		t.depth--;
		if (fd < 0 || fstat(fd, &up) < 0 ||
		    up.st_dev != t.at[t.depth - 1].st_dev ||
		    up.st_ino != t.at[t.depth - 1].st_ino)
			break;
	}
out:
	if (fd >= 0)
		close(fd);
	free(t.at);
}

void securer__private_dir_remove(char *path)
{
	int fd;

	if (!path[0])
		return;
	/* Most runs leave it empty: one call then (the walk below is a dozen
	 * of them, on the path of every run's end). */
	if (rmdir(path) == 0) {
		path[0] = '\0';
		return;
	}
	/* Every process of the run should be dead; empty_dir does not count
	 * on it. */
	fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd >= 0)
		empty_dir(fd);
	rmdir(path);
	path[0] = '\0';
}
