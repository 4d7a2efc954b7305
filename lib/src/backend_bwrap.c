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
 *   a root that is an empty tmpfs, remounted read-only once built, holding
 *   (bwrap_root.c):
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

#include "bwrap.h"
#include "internal.h"

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

/* The seccomp filter.  bwrap reads it only at the end of its setup, just
 * before it executes securer-init.  A program this process already built
 * (seccomp_cache.c), or one of a caller's own deny list (it may be long),
 * goes in a memfd made now.  A first default program goes through a pipe
 * that bwrap_spawned writes once bwrap runs: libseccomp builds it while
 * bwrap makes the namespaces and mounts, on another CPU (the CLI's one
 * start, docs/bench.md).  A whole program or nothing reaches bwrap: the
 * one write is of at most PIPE_BUF bytes, which a pipe takes atomically,
 * and bwrap refuses an empty one (its prctl fails).  The pipe's cost: a
 * copy of its write end forked by another thread of the caller before
 * our close holds bwrap's read until that copy goes, up to the start's
 * timeout. */
static int add_seccomp_pipe(struct securer__run *r)
{
	int fds[2], rc;

	if (pipe2(fds, O_CLOEXEC) < 0)
		return securer__fail_errno(r->err, -errno,
		                           "pipe for the seccomp filter");
	r->confine_wr = fds[1];
	if ((rc = securer__launch_map(&r->launch, fds[0], FD_SECCOMP)) < 0) {
		close(fds[0]);
		return securer__fail_errno(r->err, rc, "fd map");
	}
	return 0;
}

/* The filter's descriptor: a memfd of the program when it is at hand (in
 * the cache) or may be long (a deny list of the caller's), else the pipe
 * bwrap_spawned fills. */
static int map_seccomp(struct securer__run *r)
{
	bool own = r->policy->n_deny > 0;
	void *bpf = NULL;
	size_t len = 0;
	int rc =
	    own ? 0 : securer__seccomp_cached(r->policy, false, &bpf, &len);

	if (rc < 0)
		return securer__fail(r->err, rc, "out of memory");
	if (rc == 0 && !own)
		return add_seccomp_pipe(r);
	if (rc == 0 && (rc = securer__seccomp_filter(r->policy, false, &bpf,
	                                             &len, r->err)) < 0)
		return rc;
	rc = securer__bwrap_data_fd(r, "securer-seccomp", bpf, len, FD_SECCOMP);
	free(bpf);
	return rc;
}

static int add_seccomp(struct securer__run *r, struct securer__strv *a)
{
	int rc = map_seccomp(r);

	if (rc < 0)
		return rc;
	securer__strv_push(a, "--seccomp");
	securer__strv_pushf(a, "%d", FD_SECCOMP);
	return 0;
}

/* bwrap runs: the filter into its pipe (add_seccomp), if it has one.  On
 * failure the library kills bwrap, which is still waiting on the pipe
 * then: nothing of the command has run.  If bwrap has already exited, the
 * write lands in the pipe (our read end is still open) and the start
 * reports bwrap's own words. */
static int bwrap_spawned(struct securer__run *r)
{
	void *bpf = NULL;
	size_t len = 0;
	ssize_t n;
	int rc;

	if (r->confine_wr < 0)
		return 0;
	rc = securer__seccomp_filter(r->policy, false, &bpf, &len, r->err);
	if (rc == 0 && len > PIPE_BUF)
		rc = securer__fail(r->err, -E2BIG,
		                   "the seccomp filter (%zu bytes) is longer "
		                   "than one atomic pipe write (%d); the next "
		                   "start hands it over in a memfd",
		                   len, PIPE_BUF);
	if (rc == 0) {
		n = securer__write_nosigpipe(r->confine_wr, bpf, len);
		if (n != (ssize_t)len)
			rc = securer__fail_errno(r->err, n < 0 ? -errno : -EIO,
			                         "sending the seccomp filter "
			                         "to bwrap");
	}
	free(bpf);
	securer__close_fd(&r->confine_wr);
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

	if ((rc = securer__bwrap_root(r, a)) < 0)
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
			rc = securer__bwrap_data_fd(r, "securer-bwrap-args",
			                            blob, total, FD_ARGS);
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
    .spawned = bwrap_spawned,
};

int securer__bwrap_options(const securer_policy *policy,
                           char *const *caller_env, struct securer__strv *out,
                           char *err)
{
	struct securer__run r;
	securer_start_opts o;
	int rc;

	memset(&r, 0, sizeof(r));
	r.confine_wr = -1;
	securer_start_opts_init(&o);
	o.caller_env = caller_env;
	r.policy = (securer_policy *)policy;
	r.opts = &o;
	securer__launch_init(&r.launch);
	rc = build_args(&r, out);
	for (size_t i = 0; i < r.launch.n_maps; i++)
		close(r.launch.maps[i].from);
	securer__close_fd(&r.confine_wr);
	securer__launch_release(&r.launch);
	if (rc < 0)
		memcpy(err, r.err, SECURER__ERR_SIZE);
	return rc;
}
