/*
 * backend_bwrap.c - confinement with bubblewrap.
 *
 * bwrap gets its options through a memfd (--args), so nothing of the
 * policy (environment values included) shows in the host's process list;
 * only the command does.
 * The sandbox is:
 *   every namespace unshared (the network one too unless network is "host"),
 *   further user namespaces disabled, all capabilities dropped, a new
 *   terminal session, death with its parent;
 *   a root that is an empty tmpfs, remounted read-only once built, holding:
 *     /usr read-only and the /bin /sbin /lib* links or dirs as on the host,
 *     the system set of /etc read-only (system_set.c: the loader's
 *     cache, time zone, locale aliases, CA certificates, fonts'
 *     configuration, matplotlibrc...), its files as copies,
 *     a synthesized /etc/passwd and /etc/group that name no host user,
 *     and /etc/hosts naming only localhost,
 *     securer-init at /.securer-init,
 *     a fresh /proc (new pid namespace) and a minimal read-only /dev,
 *     a size-capped tmpfs /tmp (HOME, TMPDIR and cwd) and /dev/shm,
 *     the policy's own binds, mounted from descriptors opened without
 *     following symlinks (path_open.c);
 *   the environment cleared, then the policy's;
 *   the seccomp filter of seccomp.c;
 *   securer-init as pid 1, which sets the rlimits and runs the command.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "internal.h"

/* Child fd numbers of the pipes and memfds handed to bwrap. */
enum {
	FD_STATUS = SECURER__FD_BASE,
	FD_STDERR,
	FD_ARGS,
	FD_SECCOMP,
	FD_INIT,
	FD_INFO,
	FD_PASSWD,
	FD_GROUP,
	FD_HOSTS,
	FD_BINDS, /* the first of the bind mounts' descriptors */
};

#define INIT_PATH "/.securer-init"

int securer__bwrap_find(char *path, size_t size, char *err)
{
	const char *env = getenv("SECURER_BWRAP");

	if (env && *env) {
		if (access(env, X_OK) < 0)
			return securer__fail_errno(
			    err, -errno,
			    "bwrap backend unusable: SECURER_BWRAP='%s'", env);
		snprintf(path, size, "%s", env);
		return 0;
	}
	if (securer__which("bwrap", getenv("PATH"), NULL, path, size) == 0)
		return 0;
	return securer__fail(err, -ENOENT,
	                     "bwrap backend unusable: bwrap is not on PATH "
	                     "(install the bubblewrap package, or set "
	                     "SECURER_BWRAP)");
}

void securer__bwrap_version(const char *path, char *buf, size_t size)
{
	char cmd[600];
	FILE *f;

	snprintf(buf, size, "unknown");
	snprintf(cmd, sizeof(cmd), "'%s' --version 2>/dev/null", path);
	if (strchr(path, '\'') || !(f = popen(cmd, "r")))
		return;
	if (fgets(buf, (int)size, f)) {
		char *nl = strchr(buf, '\n');
		const char *v =
		    strncmp(buf, "bubblewrap ", 11) == 0 ? buf + 11 : buf;

		if (nl)
			*nl = '\0';
		memmove(buf, v, strlen(v) + 1);
	}
	pclose(f);
}

void securer__userns_diagnosis(char *buf, size_t size)
{
	long long max_ns =
	    securer__read_sysctl("/proc/sys/user/max_user_namespaces");
	long long clone =
	    securer__read_sysctl("/proc/sys/kernel/unprivileged_userns_clone");
	long long aa = securer__read_sysctl(
	    "/proc/sys/kernel/apparmor_restrict_unprivileged_userns");

	buf[0] = '\0';
	if (max_ns == 0)
		snprintf(
		    buf, size,
		    "user namespaces are disabled (user.max_user_namespaces "
		    "= 0); enable with: sysctl -w "
		    "user.max_user_namespaces=15000");
	else if (clone == 0 && geteuid() != 0)
		snprintf(buf, size,
		         "unprivileged user namespaces are disabled "
		         "(kernel.unprivileged_userns_clone = 0); enable with: "
		         "sysctl -w kernel.unprivileged_userns_clone=1");
	else if (aa == 1 && geteuid() != 0)
		snprintf(
		    buf, size,
		    "AppArmor restricts unprivileged user namespaces "
		    "(kernel.apparmor_restrict_unprivileged_userns = 1); lift "
		    "with: sysctl -w "
		    "kernel.apparmor_restrict_unprivileged_userns=0, or give "
		    "bwrap an AppArmor profile that allows userns");
	else if (prctl(PR_GET_SECCOMP, 0, 0, 0, 0) == 2)
		snprintf(buf, size,
		         "this process runs under a seccomp filter, which may "
		         "deny new namespaces (as Docker's default profile "
		         "does in a container); the landlock backend needs "
		         "none");
}

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

static int map_bind_fd(struct securer__run *r, int fd);

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

/* memfd with |data|, mapped into the child at |to|; closed by sandbox.c. */
static int add_data_fd(struct securer__run *r, const char *name,
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
	if ((rc = add_data_fd(r, "securer-passwd", passwd, strlen(passwd),
	                      FD_PASSWD)) < 0 ||
	    (rc = add_data_fd(r, "securer-group", group, strlen(group),
	                      FD_GROUP)) < 0 ||
	    (rc = add_data_fd(r, "securer-hosts", hosts, strlen(hosts),
	                      FD_HOSTS)) < 0)
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

static int add_seccomp(struct securer__run *r, struct securer__strv *a)
{
	void *bpf = NULL;
	size_t len = 0;
	int rc = securer__seccomp_filter(r->policy, false, &bpf, &len, r->err);

	if (rc < 0)
		return rc;
	rc = add_data_fd(r, "securer-seccomp", bpf, len, FD_SECCOMP);
	free(bpf);
	if (rc < 0)
		return rc;
	securer__strv_push(a, "--seccomp");
	securer__strv_pushf(a, "%d", FD_SECCOMP);
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

static int build_args(struct securer__run *r, struct securer__strv *a)
{
	const securer_policy *p = r->policy;
	struct securer__strv env;
	int rc;

	securer__strv_push(a, "--unshare-all");
	securer__strv_push(a, "--unshare-user");
	if (p->net == SECURER_NET_HOST)
		securer__strv_push(a, "--share-net");
	securer__strv_push(a, "--disable-userns");
	securer__strv_push(a, "--die-with-parent");
	securer__strv_push(a, "--new-session");
	securer__strv_push(a, "--as-pid-1");
	securer__strv_push(a, "--cap-drop");
	securer__strv_push(a, "ALL");
	securer__strv_push(a, "--hostname");
	securer__strv_push(a, "securer");

	securer__strv_push(a, "--clearenv");
	securer__strv_init(&env);
	rc = securer__policy_build_env(p, r->opts->caller_env, &env);
	for (size_t i = 0; rc == 0 && i < env.n; i++) {
		size_t len = strcspn(env.v[i], "=");

		securer__strv_push(a, "--setenv");
		securer__strv_pushf(a, "%.*s", (int)len, env.v[i]);
		securer__strv_push(a, env.v[i] + len + 1);
	}
	securer__strv_release(&env);
	if (rc < 0)
		return securer__fail(r->err, rc, "out of memory");

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
	if ((rc = add_init(r, a)) < 0)
		return rc;
	securer__strv_push(a, "--remount-ro");
	securer__strv_push(a, "/dev");
	securer__strv_push(a, "--remount-ro");
	securer__strv_push(a, "/");
	securer__strv_push(a, "--chdir");
	securer__strv_push(a, p->cwd);
	if ((rc = add_seccomp(r, a)) < 0)
		return rc;
	securer__strv_push(a, "--info-fd");
	securer__strv_pushf(a, "%d", FD_INFO);
	return a->oom ? securer__fail(r->err, -ENOMEM, "out of memory") : 0;
}

/* bwrap reads options only from --args; the command must be on its own
 * command line. */
static int build_argv(struct securer__run *r, const char *const argv[])
{
	struct securer__strv *a = &r->launch.argv;
	int rc;

	securer__strv_push(a, "bwrap");
	securer__strv_push(a, "--args");
	securer__strv_pushf(a, "%d", FD_ARGS);
	securer__strv_push(a, "--");
	securer__strv_push(a, INIT_PATH);
	if ((rc = securer__init_args(r, a, FD_STDERR)) < 0)
		return rc;
	for (size_t i = 0; argv[i]; i++)
		securer__strv_push(a, argv[i]);
	return a->oom ? securer__fail(r->err, -ENOMEM, "out of memory") : 0;
}

static bool binds_usr(const securer_policy *p)
{
	for (size_t i = 0; i < p->n_binds; i++)
		if (strcmp(p->binds[i].dst, "/usr") == 0)
			return true;
	return false;
}

static int bwrap_prepare(struct securer__run *r, const char *const argv[])
{
	struct securer__strv args;
	size_t total = 0;
	char *blob;
	int rc;

	if ((rc = securer__bwrap_find(r->tool, sizeof(r->tool), r->err)) < 0)
		return rc;
	if (!r->policy->system_files && !binds_usr(r->policy))
		return securer__fail(
		    r->err, -EINVAL,
		    "files.system is false and nothing is "
		    "mounted at /usr: securer-init, the "
		    "sandbox's first process, needs the dynamic "
		    "loader and libc; bind /usr and the /lib "
		    "links yourself, or keep files.system");
	/* bwrap's own stderr is the diag pipe; the command's is FD_STDERR. */
	if ((rc = securer__launch_map(&r->launch, r->diag_wr, 2)) < 0 ||
	    (rc = securer__launch_map(&r->launch, r->opts->stderr_fd,
	                              FD_STDERR)) < 0 ||
	    (rc = securer__launch_map(&r->launch, r->info_wr, FD_INFO)) < 0)
		return securer__fail_errno(r->err, rc, "fd map");

	securer__strv_init(&args);
	rc = build_args(r, &args);
	if (rc == 0) {
		for (size_t i = 0; i < args.n; i++)
			total += strlen(args.v[i]) + 1;
		blob = malloc(total ? total : 1);
		if (!blob)
			rc = securer__fail(r->err, -ENOMEM, "out of memory");
		else {
			char *w = blob;

			for (size_t i = 0; i < args.n; i++) {
				size_t n = strlen(args.v[i]) + 1;

				memcpy(w, args.v[i], n);
				w += n;
			}
			rc = add_data_fd(r, "securer-bwrap-args", blob, total,
			                 FD_ARGS);
			free(blob);
		}
	}
	securer__strv_release(&args);
	if (rc < 0)
		return rc;

	r->launch.exec_path = r->tool;
	if ((rc = build_argv(r, argv)) < 0)
		return rc;
	/* bwrap itself needs no environment; the sandbox's is in --setenv. */
	securer__strv_push(&r->launch.envp, "LC_ALL=C");
	return 0;
}

static void bwrap_diagnose(struct securer__run *r, const char *said)
{
	char why[600];
	char msg[SECURER__ERR_SIZE];

	securer__userns_diagnosis(why, sizeof(why));
	if (strstr(said, "Unknown option")) {
		char path[4096], version[64], dummy[SECURER__ERR_SIZE];

		if (securer__bwrap_find(path, sizeof(path), dummy) == 0)
			securer__bwrap_version(path, version, sizeof(version));
		else
			snprintf(version, sizeof(version), "unknown");
		snprintf(
		    why, sizeof(why),
		    "bwrap %s is too old: securer needs bubblewrap >= 0.8.0 "
		    "(for --disable-userns and --size)",
		    version);
	}
	if (why[0])
		snprintf(msg, sizeof(msg),
		         "bwrap cannot create the sandbox: %s "
		         "(bwrap said: %s)",
		         why, said[0] ? said : "nothing");
	else
		snprintf(
		    msg, sizeof(msg), "bwrap cannot create the sandbox: %s",
		    said[0] ? said : "it exited before starting the command");
	memcpy(r->err, msg, sizeof(msg));
}

const struct securer__backend_ops securer__backend_bwrap = {
    .id = SECURER_BACKEND_BWRAP,
    .name = "bwrap",
    .sandbox = true,
    .prepare = bwrap_prepare,
    .diagnose = bwrap_diagnose,
};

int securer__bwrap_options(const securer_policy *policy,
                           char *const *caller_env, struct securer__strv *out,
                           char *err)
{
	struct securer__run r;
	securer_start_opts o;
	int rc;

	memset(&r, 0, sizeof(r));
	securer_start_opts_init(&o);
	o.caller_env = caller_env;
	r.policy = (securer_policy *)policy;
	r.opts = &o;
	securer__launch_init(&r.launch);
	rc = build_args(&r, out);
	for (size_t i = 0; i < r.launch.n_maps; i++)
		close(r.launch.maps[i].from);
	securer__launch_release(&r.launch);
	if (rc < 0)
		memcpy(err, r.err, SECURER__ERR_SIZE);
	return rc;
}
