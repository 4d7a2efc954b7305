/*
 * mcp_workspace.c - the workspace directory's life: the one given with
 * --workspace, or a fresh private temp dir that is removed at exit.
 *
 * The removal walks a tree the sandboxed code wrote: it never follows a
 * link (every directory is opened O_NOFOLLOW relative to its parent's
 * descriptor, every link is unlinked as a name), copes with directories
 * the code made unreadable, and with trees deeper than the descriptors a
 * process has: past a depth it moves a subtree up to the top and takes it
 * from there.  It runs after every sandbox is gone.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "mcp.h"

#define RM_MAX_DEPTH  64
#define RM_MAX_ROUNDS 100000

/* Makes |name| in |dfd| (a directory, not a link) searchable and
 * writable by us, through its own descriptor. */
static void own_dir(int dfd, const char *name)
{
	char proc[64];
	int fd =
	    openat(dfd, name, O_PATH | O_NOFOLLOW | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0)
		return;
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
	chmod(proc, 0700);
	close(fd);
}

/* Empties directory |dfd| (taken).  Subtrees past RM_MAX_DEPTH are moved
 * under |top| for a later round, each under a name never used before;
 * *moved counts them. */
static void rm_children(int dfd, int top, int depth, unsigned *moved)
{
	DIR *d = fdopendir(dfd);
	struct dirent *e;

	if (!d) {
		close(dfd);
		return;
	}
	while ((e = readdir(d))) {
		const char *name = e->d_name;
		int sub;

		if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
			continue;
		if (unlinkat(dirfd(d), name, 0) == 0 || errno != EISDIR)
			continue;
		if (depth >= RM_MAX_DEPTH) {
			static unsigned seq;
			char up[64];

			snprintf(up, sizeof(up), ".securer-rm-%u", ++seq);
			if (renameat(dirfd(d), name, top, up) == 0)
				++*moved;
			continue;
		}
		own_dir(dirfd(d), name);
		sub = openat(dirfd(d), name,
		             O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (sub >= 0)
			rm_children(sub, top, depth + 1, moved);
		unlinkat(dirfd(d), name, AT_REMOVEDIR);
	}
	closedir(d);
}

static void remove_tree(const char *path)
{
	int top = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	unsigned rounds = 0, moved;

	if (top < 0)
		return;
	chmod(path, 0700); /* ours: we made it, a link cannot be there */
	do {
		int fd = openat(top, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);

		moved = 0;
		if (fd >= 0)
			rm_children(fd, top, 0, &moved);
	} while (moved && ++rounds < RM_MAX_ROUNDS);
	close(top);
	if (rmdir(path) < 0)
		mcp_log("cannot remove the workspace %s: %s", path,
		        strerror(errno));
}

/* A fresh private directory under $TMPDIR (else /tmp), 0700. */
static int make_temp(struct mcp_config *cfg)
{
	const char *tmp = getenv("TMPDIR");
	char *tmpl = NULL;
	int err = 0;

	if (!tmp || tmp[0] != '/')
		tmp = "/tmp";
	if (asprintf(&tmpl, "%s/securer-mcp-XXXXXX", tmp) < 0)
		return -ENOMEM;
	if (!mkdtemp(tmpl)) {
		err = -errno;
		mcp_log("cannot make a workspace in %s: %s", tmp,
		        strerror(-err));
	} else {
		cfg->workspace_tmp = true;
		if (!(cfg->workspace = realpath(tmpl, NULL))) {
			err = -errno;
			rmdir(tmpl);
		}
	}
	free(tmpl);
	return err;
}

int mcp_workspace_open(struct mcp_config *cfg, const char *dir)
{
	struct open_how how = {
	    .flags = O_PATH | O_DIRECTORY | O_CLOEXEC,
	    .resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS,
	};
	long probe;
	int err;

	cfg->workspace_fd = -1;
	if (dir && !(cfg->workspace = realpath(dir, NULL))) {
		err = -errno;
		mcp_log("--workspace '%s': %s", dir, strerror(-err));
		return err;
	}
	if (!dir && (err = make_temp(cfg)) < 0)
		return err;
	cfg->workspace_fd =
	    open(cfg->workspace, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (cfg->workspace_fd < 0) {
		err = -errno;
		mcp_log("the workspace %s: %s", cfg->workspace, strerror(-err));
		return err;
	}
	/* The file tools rest on openat2(2): without it they would have to
	 * check paths as strings, which a link swapped at the right moment
	 * defeats.  Refuse rather than weaken. */
	probe = syscall(SYS_openat2, cfg->workspace_fd, ".", &how, sizeof(how));
	if (probe < 0) {
		err = -errno;
		mcp_log("openat2 (Linux 5.6 or later) is needed to keep file "
		        "operations inside the workspace: %s",
		        strerror(-err));
		return err;
	}
	close((int)probe);
	return 0;
}

void mcp_workspace_close(struct mcp_config *cfg)
{
	if (cfg->workspace_fd >= 0)
		close(cfg->workspace_fd);
	cfg->workspace_fd = -1;
	if (cfg->workspace_tmp && cfg->workspace)
		remove_tree(cfg->workspace);
	free(cfg->workspace);
	cfg->workspace = NULL;
}
