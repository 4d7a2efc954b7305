/*
 * landlock.c - the Landlock side of the landlock backend: the kernel's ABI,
 * the features each ABI adds, whether a policy can be expressed at all, and
 * the ruleset that expresses it.
 *
 * What a policy becomes (bwrap's mounts, as rules):
 *   files.system      read and execute under /usr, the /bin /sbin /lib*
 *                     directories (links into /usr need nothing more) and
 *                     the system set of /etc (system_set.c), as bwrap
 *   (always)          /dev/null, /dev/zero, /dev/full read and write,
 *                     /dev/random and /dev/urandom read
 *   the private dir   every right but device nodes (HOME, TMPDIR, cwd)
 *   files.ro          read and execute beneath each bind
 *   files.rw          every right but device nodes beneath each bind, or,
 *                     when files.protect_git finds a .git at its top: read
 *                     on the bind itself and every right on each of its
 *                     top-level entries except .git (below)
 * Nothing else: not /tmp, not /proc, not /sys, not the home directory.
 *
 * Rules only add rights, so three things bwrap does with mounts cannot be
 * said and are refused by securer__landlock_check, naming the key: a bind
 * at another path than its source, a read-only path (a files.ro bind, a
 * protected .git) beneath a writable one, and the loopback network (the
 * host's loopback is not the sandbox's own).
 *
 * protect_git without a read-only mount: rights granted on a directory hold
 * for everything beneath it, so the bind's root gets read only, and each
 * top-level entry but .git gets its own rule; the same one level down for
 * every directory on the way to what git_protect.c protects (a submodule's
 * .git, a submodule not checked out, a git directory a .git pointer names
 * inside the bind).  Consequences, documented in docs/backends.md: the
 * code edits every existing file and works freely in every other existing
 * subdirectory, but cannot create, remove or rename entries at the top of
 * the working copy or in the directories on the way to a submodule (that
 * needs rights on them, which would reach what is protected); entries the
 * host creates there during the run stay read-only; symlinks there get no
 * rule (following one would grant its target, wherever that is).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "landlock.h"

/* The uapi header of the build machine may predate the ABIs used here. */
#ifndef SYS_landlock_create_ruleset
#define SYS_landlock_create_ruleset 444
#define SYS_landlock_add_rule       445
#endif

#define LL_CREATE_RULESET_VERSION (1U << 0)
#define LL_RULE_PATH_BENEATH      1

#define LL_FS_EXECUTE      (1ULL << 0)
#define LL_FS_WRITE_FILE   (1ULL << 1)
#define LL_FS_READ_FILE    (1ULL << 2)
#define LL_FS_READ_DIR     (1ULL << 3)
#define LL_FS_REMOVE_DIR   (1ULL << 4)
#define LL_FS_REMOVE_FILE  (1ULL << 5)
#define LL_FS_MAKE_CHAR    (1ULL << 6)
#define LL_FS_MAKE_DIR     (1ULL << 7)
#define LL_FS_MAKE_REG     (1ULL << 8)
#define LL_FS_MAKE_SOCK    (1ULL << 9)
#define LL_FS_MAKE_FIFO    (1ULL << 10)
#define LL_FS_MAKE_BLOCK   (1ULL << 11)
#define LL_FS_MAKE_SYM     (1ULL << 12)
#define LL_FS_REFER        (1ULL << 13) /* ABI 2 */
#define LL_FS_TRUNCATE     (1ULL << 14) /* ABI 3 */
#define LL_FS_IOCTL_DEV    (1ULL << 15) /* ABI 5 */
#define LL_FS_RESOLVE_UNIX (1ULL << 16) /* ABI 9 */

#define LL_NET_BIND_TCP    (1ULL << 0) /* ABI 4 */
#define LL_NET_CONNECT_TCP (1ULL << 1)

#define LL_SCOPE_ABSTRACT_UNIX_SOCKET (1ULL << 0) /* ABI 6 */
#define LL_SCOPE_SIGNAL               (1ULL << 1)

struct ll_ruleset_attr {
	uint64_t handled_access_fs;
	uint64_t handled_access_net;
	uint64_t scoped;
};

struct ll_path_beneath_attr {
	uint64_t allowed_access;
	int32_t parent_fd;
} __attribute__((packed));

/* The rights that apply to a file (the others only to directories). */
#define FILE_RIGHTS                                                            \
	(LL_FS_EXECUTE | LL_FS_WRITE_FILE | LL_FS_READ_FILE | LL_FS_TRUNCATE | \
	 LL_FS_IOCTL_DEV)
#define READ_RIGHTS (LL_FS_EXECUTE | LL_FS_READ_FILE | LL_FS_READ_DIR)
/* Everything but device nodes (seccomp refuses those too). */
#define WRITE_RIGHTS                                                           \
	(READ_RIGHTS | LL_FS_WRITE_FILE | LL_FS_REMOVE_DIR |                   \
	 LL_FS_REMOVE_FILE | LL_FS_MAKE_DIR | LL_FS_MAKE_REG |                 \
	 LL_FS_MAKE_SOCK | LL_FS_MAKE_FIFO | LL_FS_MAKE_SYM | LL_FS_REFER |    \
	 LL_FS_TRUNCATE)

static const struct securer__landlock_feature features[] = {
    {"filesystem access", 1, "5.13", true,
     "reading, writing and executing outside the granted hierarchies"},
    {"renames and links across directories (refer)", 2, "5.19", false,
     "without it Landlock denies every such rename and link: safe, but "
     "`mv a/x b/` fails in the sandbox"},
    {"truncate", 3, "6.2", true,
     "without it truncate(2) is not mediated: a read-only file could be "
     "emptied"},
    {"TCP bind and connect", 4, "6.7", false,
     "network none: seccomp already refuses every socket but AF_UNIX; "
     "used on top when present"},
    {"device ioctls", 5, "6.10", false,
     "only null, zero, full, random and urandom are granted, whose ioctls "
     "are harmless"},
    {"signal scoping", 6, "6.12", true,
     "without it the code could signal any process of this user on the "
     "host, securer's reaper and the caller included (there is no pid "
     "namespace)"},
    {"abstract unix socket scoping", 6, "6.12", false,
     "seccomp already refuses socket(AF_UNIX) under this backend; used on "
     "top when present"},
    {"pathname unix socket connect (resolve_unix)", 9, "7.1", false,
     "seccomp already refuses socket(AF_UNIX) under this backend; used on "
     "top when present"},
};

const struct securer__landlock_feature *securer__landlock_features(size_t *n)
{
	*n = sizeof(features) / sizeof(features[0]);
	return features;
}

int securer__landlock_abi(char *why, size_t why_size)
{
	long abi = syscall(SYS_landlock_create_ruleset, NULL, 0,
	                   LL_CREATE_RULESET_VERSION);
	int e = errno;

	if (abi > 0) {
		snprintf(why, why_size, "landlock ABI %ld", abi);
		return (int)abi;
	}
	snprintf(why, why_size, "%s",
	         e == ENOSYS ? "the kernel has no landlock (Linux >= 5.13 "
	                       "built with CONFIG_SECURITY_LANDLOCK)"
	         : e == EOPNOTSUPP
	             ? "landlock is built in but disabled: add landlock to "
	               "the lsm= boot parameter"
	         : e == EPERM
	             ? "landlock_create_ruleset is denied here (a seccomp "
	               "filter of the container?)"
	             : strerror(e));
	return -(e ? e : ENOSYS);
}

int securer_landlock_abi(char *reason, size_t reason_size)
{
	return securer__landlock_abi(reason, reason_size);
}

static uint64_t fs_handled(int abi)
{
	uint64_t r = (LL_FS_MAKE_SYM << 1) - 1; /* ABI 1 */

	if (abi >= 2)
		r |= LL_FS_REFER;
	if (abi >= 3)
		r |= LL_FS_TRUNCATE;
	if (abi >= 5)
		r |= LL_FS_IOCTL_DEV;
	if (abi >= 9)
		r |= LL_FS_RESOLVE_UNIX;
	return r;
}

/* |child| is |parent| or lies beneath it (both absolute, normalized). */
static bool beneath(const char *child, const char *parent)
{
	size_t n = strlen(parent);

	if (strcmp(parent, "/") == 0)
		return true;
	return strncmp(child, parent, n) == 0 &&
	       (child[n] == '\0' || child[n] == '/');
}

/* 1: |b| is a writable bind whose .git must stay read-only; 0: not; or
 * -EPERM when .git is a symlink (refused, as bwrap refuses it). */
static int split_bind(const securer_policy *p, const struct securer__bind *b,
                      char *err)
{
	char git[PATH_MAX];
	struct stat st;

	if (!b->writable || !p->protect_git)
		return 0;
	if (snprintf(git, sizeof(git), "%s/.git", b->src) >= (int)sizeof(git))
		return securer__fail(err, -ENAMETOOLONG,
		                     "files.rw: path too long: %s", b->src);
	if (lstat(git, &st) < 0)
		return 0; /* no .git: nothing to protect */
	if (S_ISLNK(st.st_mode))
		return securer__fail(
		    err, -EPERM,
		    "%s is a symlink: refusing to guess what to "
		    "protect (files.protect_git)",
		    git);
	return 1;
}

/* Is the read-only |ro| (a files.ro bind, or the .git of a split writable
 * bind, |owner|) beneath a hierarchy |w| grants write on? */
static bool writable_over(const char *ro, const struct securer__bind *owner,
                          const struct securer__bind *w, int w_split)
{
	char git[PATH_MAX];

	if (!w->writable || w == owner || !beneath(ro, w->src))
		return false;
	if (!w_split)
		return true;
	/* A split bind grants write beneath each top-level entry but .git:
	 * only what lies inside its .git stays read-only. */
	snprintf(git, sizeof(git), "%s/.git", w->src);
	return !beneath(ro, git);
}

static int check_nesting(const securer_policy *p, char *err)
{
	for (size_t i = 0; i < p->n_binds; i++) {
		const struct securer__bind *r = &p->binds[i];
		int r_split = split_bind(p, r, err);
		char git[PATH_MAX];
		const char *ro = r->src;

		if (r_split < 0)
			return r_split;
		if (r->writable && !r_split)
			continue;
		if (r_split) {
			snprintf(git, sizeof(git), "%s/.git", r->src);
			ro = git;
		}
		for (size_t j = 0; j < p->n_binds; j++) {
			int w_split = split_bind(p, &p->binds[j], err);

			if (w_split < 0)
				return w_split;
			if (!writable_over(ro, r, &p->binds[j], w_split))
				continue;
			return securer__fail(
			    err, -EINVAL,
			    "%s: '%s' lies inside the writable bind '%s' "
			    "(files.rw): Landlock rules only add rights, so "
			    "the landlock backend cannot keep it read-only; "
			    "bind them apart, or use bwrap",
			    r_split ? "files.protect_git" : "files.ro", ro,
			    p->binds[j].src);
		}
	}
	return 0;
}

int securer__landlock_check(const securer_policy *p, int abi, char *err)
{
	for (size_t i = 0; i < sizeof(features) / sizeof(features[0]); i++)
		if (features[i].required && abi < features[i].abi)
			return securer__fail(
			    err, -EPERM,
			    "landlock backend unusable: the kernel has "
			    "landlock "
			    "ABI %d, and %s needs ABI %d (Linux %s): %s",
			    abi, features[i].name, features[i].abi,
			    features[i].linux_version, features[i].why);
	if (p->net == SECURER_NET_LOOPBACK)
		return securer__fail(
		    err, -EINVAL,
		    "network: 'loopback' means a private loopback in a network "
		    "namespace, which the landlock backend does not have: "
		    "127.0.0.1 would be the host's, where its own services "
		    "listen, and Landlock can neither tell the sandbox's "
		    "listener from the host's on a port nor mediate UDP; use "
		    "network none, or the bwrap backend");
	for (size_t i = 0; i < p->n_binds; i++) {
		const struct securer__bind *b = &p->binds[i];

		if (strcmp(b->src, b->dst) != 0)
			return securer__fail(
			    err, -EINVAL,
			    "%s: the landlock backend cannot show '%s' at "
			    "'%s': "
			    "without a mount namespace a host path is only "
			    "visible where it is; bind it at its own path, or "
			    "use bwrap",
			    b->writable ? "files.rw" : "files.ro", b->src,
			    b->dst);
	}
	return check_nesting(p, err);
}

/* ---- building the ruleset ------------------------------------------------ */

struct builder {
	int fd;
	uint64_t handled;
	char *err;
};

/* Adds a rule for the object |pfd| refers to (closed here).  Symlinks get
 * no rule; files get the file rights only. */
static int grant_fd(struct builder *b, int pfd, const char *label,
                    uint64_t rights)
{
	struct ll_path_beneath_attr attr;
	struct stat st;
	int rc = 0;

	if (fstat(pfd, &st) < 0) {
		rc = securer__fail_errno(b->err, -errno, "landlock: '%s'",
		                         label);
		goto out;
	}
	if (S_ISLNK(st.st_mode))
		goto out;
	if (!S_ISDIR(st.st_mode))
		rights &= FILE_RIGHTS;
	attr.allowed_access = rights & b->handled;
	attr.parent_fd = pfd;
	if (attr.allowed_access && syscall(SYS_landlock_add_rule, b->fd,
	                                   LL_RULE_PATH_BENEATH, &attr, 0) < 0)
		rc = securer__fail_errno(b->err, -errno,
		                         "landlock: cannot add a rule for '%s'",
		                         label);
out:
	close(pfd);
	return rc;
}

enum { FOLLOW = 0, NOFOLLOW = 1, OPTIONAL = 2 };

static int grant(struct builder *b, const char *path, uint64_t rights, int how)
{
	int pfd = open(path, O_PATH | O_CLOEXEC |
	                         ((how & NOFOLLOW) ? O_NOFOLLOW : 0));

	if (pfd < 0 && (how & OPTIONAL) &&
	    (errno == ENOENT || errno == ENOTDIR))
		return 0;
	if (pfd < 0)
		return securer__fail_errno(b->err, -errno,
		                           "landlock: cannot open '%s'", path);
	return grant_fd(b, pfd, path, rights);
}

static int grant_system(struct builder *b)
{
	static const char *const dirs[] = {
	    "/usr", "/bin", "/sbin", "/lib", "/lib64", "/lib32", "/libx32",
	};
	int rc = 0;

	/* On merged /usr, /bin and the others are links into /usr: opening
	 * them follows the link to a directory already granted. */
	for (size_t i = 0; rc == 0 && i < sizeof(dirs) / sizeof(dirs[0]); i++)
		rc = grant(b, dirs[i], READ_RIGHTS, OPTIONAL);
	/* the system set of /etc, as bwrap binds it (system_set.c) */
	for (size_t i = 0; rc == 0 && i < securer__system_set_n; i++)
		rc = grant(b, securer__system_set[i].path, READ_RIGHTS,
		           OPTIONAL);
	return rc;
}

static int grant_devices(struct builder *b)
{
	static const struct {
		const char *path;
		uint64_t rights;
	} devs[] = {
	    {"/dev/null", LL_FS_READ_FILE | LL_FS_WRITE_FILE | LL_FS_IOCTL_DEV},
	    {"/dev/zero", LL_FS_READ_FILE | LL_FS_WRITE_FILE | LL_FS_IOCTL_DEV},
	    {"/dev/full", LL_FS_READ_FILE | LL_FS_WRITE_FILE | LL_FS_IOCTL_DEV},
	    {"/dev/random", LL_FS_READ_FILE | LL_FS_IOCTL_DEV},
	    {"/dev/urandom", LL_FS_READ_FILE | LL_FS_IOCTL_DEV},
	};
	int rc = 0;

	for (size_t i = 0; rc == 0 && i < sizeof(devs) / sizeof(devs[0]); i++)
		rc = grant(b, devs[i].path, devs[i].rights, OPTIONAL);
	return rc;
}

/* files.protect_git without mounts: the paths git_protect.c would mount
 * read-only (the .git, a submodule's .git, a submodule not checked out, a
 * git directory a pointer names) get no rule of their own, and the
 * directories on the way to them (the bind's top, those it would pin) get
 * read only, with each of their other entries granted write on its own:
 * rights granted on a directory hold for everything beneath it. */
struct split {
	char *rel[96 + 1];
	bool ro[96 + 1];
	size_t n;
};

static int collect(void *ctx, int fd, const char *rel, bool writable)
{
	struct split *sp = ctx;

	close(fd);
	if (sp->n == sizeof(sp->rel) / sizeof(sp->rel[0]) ||
	    !(sp->rel[sp->n] = securer__strdup(rel)))
		return -ENOMEM;
	sp->ro[sp->n++] = !writable;
	return 0;
}

/* 1: |rel| is protected (read-only); 2: a directory on the way to one;
 * 0: neither. */
static int split_kind(const struct split *sp, const char *rel)
{
	for (size_t i = 0; i < sp->n; i++)
		if (strcmp(sp->rel[i], rel) == 0)
			return sp->ro[i] ? 1 : 2;
	return 0;
}

static int grant_split_dir(struct builder *b, const struct split *sp, int dfd,
                           const char *root, const char *rel, int depth)
{
	int rc, lfd;
	struct dirent *e;
	DIR *d;

	if ((lfd = fcntl(dfd, F_DUPFD_CLOEXEC, 3)) < 0) {
		close(dfd);
		return securer__fail_errno(b->err, -errno, "dup");
	}
	if ((rc = grant_fd(b, lfd, root, READ_RIGHTS)) < 0) {
		close(dfd);
		return rc;
	}
	if (!(d = fdopendir(dfd))) {
		rc = securer__fail_errno(
		    b->err, -errno, "files.rw: cannot list '%s/%s'", root, rel);
		close(dfd);
		return rc;
	}
	while (rc == 0 && (e = readdir(d))) {
		char sub[PATH_MAX], label[PATH_MAX * 2];
		int kind, efd;

		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(sub, sizeof(sub), "%s%s%s", rel, *rel ? "/" : "",
		         e->d_name);
		snprintf(label, sizeof(label), "%s/%s", root, sub);
		kind = split_kind(sp, sub);
		if (kind == 1)
			continue; /* read-only: its parent's read right */
		/* a directory on the way is listed in turn: readable */
		efd = securer__open_nofollow(
		    dirfd(d), e->d_name, kind ? O_RDONLY | O_DIRECTORY : O_PATH,
		    true);
		if (efd == -ENOENT || (efd == -ELOOP && !kind))
			continue; /* gone meanwhile, or a symlink: no rule */
		if (efd < 0)
			rc = securer__fail_errno(
			    b->err, efd, "files.rw: cannot open '%s'", label);
		else if (kind == 2 && depth < 64)
			rc = grant_split_dir(b, sp, efd, root, sub, depth + 1);
		else
			rc = grant_fd(b, efd, label, WRITE_RIGHTS);
	}
	closedir(d);
	return rc;
}

static int grant_split(struct builder *b, int root_fd, const char *root)
{
	struct split sp = {.n = 0};
	int rc = securer__git_protect(root_fd, root, collect, &sp, b->err), dfd;

	if (rc == 0) {
		dfd = securer__open_nofollow(root_fd, ".",
		                             O_RDONLY | O_DIRECTORY, true);
		rc = dfd < 0 ? securer__fail_errno(b->err, dfd,
		                                   "files.rw: cannot open '%s'",
		                                   root)
		             : grant_split_dir(b, &sp, dfd, root, "", 0);
	} else if (rc == -ENOMEM) {
		securer__fail(b->err, rc, "files.protect_git: too many paths");
	}
	for (size_t i = 0; i < sp.n; i++)
		free(sp.rel[i]);
	return rc;
}

static int grant_binds(struct builder *b, const securer_policy *p)
{
	int rc = 0;

	for (size_t i = 0; rc == 0 && i < p->n_binds; i++) {
		const struct securer__bind *bd = &p->binds[i];
		int split = split_bind(p, bd, b->err), fd;

		if (split < 0)
			return split;
		/* The source was resolved when the policy was made; one with a
		 * symlink on its path now (itself, or a directory above it)
		 * was swapped since: refused, not followed (path_open.c). */
		fd = securer__open_nofollow(AT_FDCWD, bd->src, O_PATH, false);
		if (fd == -ELOOP)
			return securer__fail(
			    b->err, -EPERM,
			    "%s: '%s' has a symlink in its path "
			    "now, which it had not when the "
			    "policy was made",
			    bd->writable ? "files.rw" : "files.ro", bd->src);
		if (fd < 0)
			return securer__fail_errno(
			    b->err, fd, "landlock: cannot open '%s'", bd->src);
		if (split) {
			rc = grant_split(b, fd, bd->src);
			close(fd);
		} else {
			rc =
			    grant_fd(b, fd, bd->src,
			             bd->writable ? WRITE_RIGHTS : READ_RIGHTS);
		}
	}
	return rc;
}

int securer__landlock_ruleset(const securer_policy *p, int abi,
                              const char *private_dir, char *err)
{
	struct ll_ruleset_attr attr;
	struct builder b = {-1, fs_handled(abi), err};
	int rc;

	if ((rc = securer__landlock_check(p, abi, err)) < 0)
		return rc;
	memset(&attr, 0, sizeof(attr));
	attr.handled_access_fs = b.handled;
	if (abi >= 4 && p->net != SECURER_NET_HOST)
		attr.handled_access_net = LL_NET_BIND_TCP | LL_NET_CONNECT_TCP;
	if (abi >= 6)
		attr.scoped = LL_SCOPE_ABSTRACT_UNIX_SOCKET | LL_SCOPE_SIGNAL;
	b.fd =
	    (int)syscall(SYS_landlock_create_ruleset, &attr, sizeof(attr), 0);
	if (b.fd < 0)
		return securer__fail_errno(err, -errno,
		                           "landlock: cannot create a ruleset");
	rc = grant_devices(&b);
	if (rc == 0 && p->system_files)
		rc = grant_system(&b);
	if (rc == 0 && private_dir)
		rc = grant(&b, private_dir, WRITE_RIGHTS, NOFOLLOW);
	if (rc == 0)
		rc = grant_binds(&b, p);
	if (rc < 0) {
		close(b.fd);
		return rc;
	}
	return b.fd;
}
