/*
 * bwrap_root.c - what the root of a bwrap sandbox holds (bwrap.h): the
 * system files, a fresh /proc and /dev, the sized tmpfs /tmp and /dev/shm,
 * the synthesized identity, the policy's binds with their .git kept
 * read-only, and securer-init.  Each becomes bwrap options on |a| and, for
 * what bwrap reads from a descriptor, a mapping on the run's launch.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bwrap.h"
#include "internal.h"

static const char *const root_links[] = {
    "/bin", "/sbin", "/lib", "/lib64", "/lib32", "/libx32",
};

static void add_system(struct securer__strv *a)
{
	securer__strv_push(a, "--ro-bind");
	securer__strv_push(a, "/usr");
	securer__strv_push(a, "/usr");
	for (size_t i = 0; i < sizeof(root_links) / sizeof(root_links[0]);
	     i++) {
		char target[256];
		ssize_t n = readlink(root_links[i], target, sizeof(target) - 1);
		struct stat st;

		if (n > 0) { /* merged /usr: recreate the link */
			target[n] = '\0';
			securer__strv_push(a, "--symlink");
			securer__strv_push(a, target);
			securer__strv_push(a, root_links[i]);
		} else if (stat(root_links[i], &st) == 0 &&
		           S_ISDIR(st.st_mode)) {
			securer__strv_push(a, "--ro-bind");
			securer__strv_push(a, root_links[i]);
			securer__strv_push(a, root_links[i]);
		}
	}
}

/* Largest system-set file copied rather than bound. */
#define SYSTEM_COPY_MAX (1 << 20)

/* Maps |fd| into bwrap at the next free number of the bind range; the fd
 * is then the launch's (closed by sandbox.c after the fork). */
static int map_bind_fd(struct securer__run *r, int fd)
{
	int to = FD_BINDS;

	for (size_t i = 0; i < r->launch.n_maps; i++)
		if (r->launch.maps[i].to >= to)
			to = r->launch.maps[i].to + 1;
	if (securer__launch_map(&r->launch, fd, to) < 0) {
		close(fd);
		return securer__fail(r->err, -EMFILE,
		                     "too many bind mounts (at most %d "
		                     "descriptors per sandbox)",
		                     SECURER__MAX_FDS);
	}
	return to;
}

/* The system set (system_set.c), each entry shown when the host has it: a
 * link into /usr as the same link, a regular file as a read-only copy in
 * the root tmpfs (--file), anything else bound read-only.  Each bind costs
 * bwrap a read of /proc/self/mountinfo (450 us per bind measured on this
 * host); a copy costs a read of the file.  A copy holds what the file held
 * when the sandbox started, as a bind would at that moment; the root is
 * remounted read-only once built. */
static int add_system_set(struct securer__run *r, struct securer__strv *a)
{
	for (size_t i = 0; i < securer__system_set_n; i++) {
		const char *path = securer__system_set[i].path;
		char target[256];
		ssize_t n = readlink(path, target, sizeof(target) - 1);
		struct stat st;
		int fd, to;

		if (n > 0 &&
		    (target[n] = '\0', strncmp(target, "/usr/", 5) == 0)) {
			securer__strv_push(a, "--symlink");
			securer__strv_push(a, target);
			securer__strv_push(a, path);
			continue;
		}
		fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
		if (fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
		    st.st_size <= SYSTEM_COPY_MAX) {
			if ((to = map_bind_fd(r, fd)) < 0)
				return to;
			securer__strv_push(a, "--perms");
			securer__strv_push(a, "0444");
			securer__strv_push(a, "--file");
			securer__strv_pushf(a, "%d", to);
			securer__strv_push(a, path);
			continue;
		}
		if (fd >= 0)
			close(fd);
		securer__strv_push(a, "--ro-bind-try");
		securer__strv_push(a, path);
		securer__strv_push(a, path);
	}
	return 0;
}

int securer__bwrap_data_fd(struct securer__run *r, const char *name,
                           const void *data, size_t len, int to)
{
	int fd = securer__memfd_with(name, data, len);
	int rc;

	if (fd < 0)
		return securer__fail_errno(r->err, fd, "memfd for %s", name);
	rc = securer__launch_map(&r->launch, fd, to);
	if (rc < 0) {
		close(fd);
		return securer__fail_errno(r->err, rc, "fd map for %s", name);
	}
	return 0;
}

static int add_identity(struct securer__run *r, struct securer__strv *a)
{
	/* localhost resolves (a loopback server and its client); no host
	 * name of the host's own /etc/hosts */
	static const char hosts[] = "127.0.0.1\tlocalhost\n"
	                            "::1\tlocalhost ip6-localhost "
	                            "ip6-loopback\n";
	char passwd[512], group[256];
	unsigned uid = (unsigned)getuid(), gid = (unsigned)getgid();
	int rc;

	/* No host user name, home or shell: only what programs need to look
	 * up their own uid. */
	if (uid == 0)
		snprintf(
		    passwd, sizeof(passwd),
		    "root:x:0:0:sandbox:/tmp:/bin/sh\n"
		    "nobody:x:65534:65534:nobody:/nonexistent:/bin/false\n");
	else
		snprintf(
		    passwd, sizeof(passwd),
		    "sandbox:x:%u:%u:sandbox:/tmp:/bin/sh\n"
		    "nobody:x:65534:65534:nobody:/nonexistent:/bin/false\n",
		    uid, gid);
	snprintf(group, sizeof(group), "%s:x:%u:\nnogroup:x:65534:\n",
	         gid == 0 ? "root" : "sandbox", gid);
	if ((rc = securer__bwrap_data_fd(r, "securer-passwd", passwd,
	                                 strlen(passwd), FD_PASSWD)) < 0 ||
	    (rc = securer__bwrap_data_fd(r, "securer-group", group,
	                                 strlen(group), FD_GROUP)) < 0 ||
	    (rc = securer__bwrap_data_fd(r, "securer-hosts", hosts,
	                                 strlen(hosts), FD_HOSTS)) < 0)
		return rc;
	/* --file copies into the root tmpfs, which is remounted read-only
	 * after setup: cheaper than a bind mount per file. */
	securer__strv_push(a, "--file");
	securer__strv_pushf(a, "%d", FD_PASSWD);
	securer__strv_push(a, "/etc/passwd");
	securer__strv_push(a, "--file");
	securer__strv_pushf(a, "%d", FD_GROUP);
	securer__strv_push(a, "/etc/group");
	securer__strv_push(a, "--file");
	securer__strv_pushf(a, "%d", FD_HOSTS);
	securer__strv_push(a, "/etc/hosts");
	return 0;
}

static int add_init(struct securer__run *r, struct securer__strv *a)
{
	char path[64];
	int helper = securer__helper_fd(), fd, rc;

	if (helper < 0)
		return securer__fail_errno(r->err, helper,
		                           "cannot load securer-init");
	/* bwrap reads the data from the fd's offset: give it a fresh open
	 * file description of the sealed memfd. */
	snprintf(path, sizeof(path), "/proc/self/fd/%d", helper);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return securer__fail_errno(r->err, -errno,
		                           "cannot reopen securer-init");
	rc = securer__launch_map(&r->launch, fd, FD_INIT);
	if (rc < 0) {
		close(fd);
		return securer__fail_errno(r->err, rc, "fd map");
	}
	securer__strv_push(a, "--perms");
	securer__strv_push(a, "0555");
	securer__strv_push(a, "--file");
	securer__strv_pushf(a, "%d", FD_INIT);
	securer__strv_push(a, INIT_PATH);
	return 0;
}

static void add_tmpfs(struct securer__strv *a, int64_t size, const char *dst)
{
	if (size > 0) {
		securer__strv_push(a, "--size");
		securer__strv_pushf(a, "%lld", (long long)size);
	}
	securer__strv_push(a, "--tmpfs");
	securer__strv_push(a, dst);
}

/* A bind mount of what |fd| is (taken), at |dst|. */
static int push_fd_bind(struct securer__run *r, struct securer__strv *a, int fd,
                        const char *dst, bool writable)
{
	int to = map_bind_fd(r, fd);

	if (to < 0)
		return to;
	securer__strv_push(a, writable ? "--bind-fd" : "--ro-bind-fd");
	securer__strv_pushf(a, "%d", to);
	securer__strv_push(a, dst);
	return 0;
}

struct git_emit {
	struct securer__run *r;
	struct securer__strv *a;
	const struct securer__bind *b;
};

static int emit_git_mount(void *ctx, int fd, const char *rel, bool writable)
{
	const struct git_emit *g = ctx;
	char dst[PATH_MAX];

	if (snprintf(dst, sizeof(dst), "%s/%s",
	             strcmp(g->b->dst, "/") ? g->b->dst : "",
	             rel) >= (int)sizeof(dst)) {
		close(fd);
		return securer__fail(g->r->err, -ENAMETOOLONG,
		                     "path too long: %s/%s", g->b->src, rel);
	}
	return push_fd_bind(g->r, g->a, fd, dst, writable);
}

/* files.protect_git over a writable bind (git_protect.c): its `.git`
 * read-only and, being a mount point, impossible to rename or replace;
 * the same for every submodule's. */
static int protect_git(struct securer__run *r, struct securer__strv *a,
                       const struct securer__bind *b, int root)
{
	struct git_emit g = {r, a, b};

	return securer__git_protect(root, b->src, emit_git_mount, &g, r->err);
}

/* A bind from a descriptor opened now, without following any symlink:
 * its source was a real path when the policy was loaded, so a symlink on
 * the way now was swapped in since (path_open.c).  Mounting the
 * descriptor leaves bwrap nothing to resolve again. */
static int add_bind(struct securer__run *r, struct securer__strv *a,
                    const struct securer__bind *b)
{
	int fd = securer__open_nofollow(AT_FDCWD, b->src, O_PATH, false);
	int root, rc;

	if (fd == -ELOOP)
		return securer__fail(r->err, -ELOOP,
		                     "bind source '%s' has a symlink in its "
		                     "path now, which it had not when the "
		                     "policy was loaded: refusing to follow it",
		                     b->src);
	if (fd < 0)
		return securer__fail_errno(
		    r->err, fd, "cannot open bind source '%s'", b->src);
	if (!b->writable || !r->policy->protect_git)
		return push_fd_bind(r, a, fd, b->dst, b->writable);
	/* the same directory the bind mounts: nothing can swap it now */
	root = fcntl(fd, F_DUPFD_CLOEXEC, 3);
	if (root < 0) {
		close(fd);
		return securer__fail_errno(r->err, -errno, "dup");
	}
	rc = push_fd_bind(r, a, fd, b->dst, true);
	if (rc == 0)
		rc = protect_git(r, a, b, root);
	close(root);
	return rc;
}

int securer__bwrap_root(struct securer__run *r, struct securer__strv *a)
{
	const securer_policy *p = r->policy;
	int rc;

	if (p->system_files) {
		add_system(a);
		if ((rc = add_system_set(r, a)) < 0)
			return rc;
	}
	securer__strv_push(a, "--proc");
	securer__strv_push(a, "/proc");
	securer__strv_push(a, "--dev");
	securer__strv_push(a, "/dev");
	add_tmpfs(a, p->limits[SECURER_LIMIT_TMPFS], "/tmp");
	add_tmpfs(a, p->limits[SECURER_LIMIT_TMPFS], "/dev/shm");
	if ((rc = add_identity(r, a)) < 0)
		return rc;
	for (size_t i = 0; i < p->n_binds; i++)
		if ((rc = add_bind(r, a, &p->binds[i])) < 0)
			return rc;
	return add_init(r, a);
}
