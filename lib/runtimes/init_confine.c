/*
 * init_confine.c - capabilities, Landlock and seccomp on the command
 * (init_confine.h).  Runs in securer-init, built without sanitizers.
 */
#include <errno.h>
#include <linux/capability.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <linux/securebits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "init_confine.h"

#ifndef SYS_landlock_restrict_self
#define SYS_landlock_restrict_self 446
#endif
#ifndef PR_CAP_AMBIENT
#define PR_CAP_AMBIENT           47
#define PR_CAP_AMBIENT_CLEAR_ALL 4
#endif

void confine_init(struct confine *c)
{
	memset(c, 0, sizeof(*c));
	c->landlock_fd = c->bpf_fd = -1;
}

int confine_prepare(struct confine *c)
{
	struct stat st;

	if (c->bpf_fd < 0)
		return 0;
	if (fstat(c->bpf_fd, &st) < 0)
		return -errno;
	if (st.st_size <= 0 || st.st_size % sizeof(struct sock_filter) ||
	    st.st_size > (off_t)(sizeof(struct sock_filter) * BPF_MAXINSNS))
		return -EINVAL;
	if (!(c->bpf = malloc((size_t)st.st_size)))
		return -ENOMEM;
	c->bpf_len = (size_t)st.st_size;
	if (pread(c->bpf_fd, c->bpf, c->bpf_len, 0) != (ssize_t)c->bpf_len)
		return errno ? -errno : -EIO;
	close(c->bpf_fd);
	c->bpf_fd = -1;
	return 0;
}

static bool any_cap(const struct __user_cap_data_struct d[2])
{
	for (int i = 0; i < 2; i++)
		if (d[i].effective || d[i].permitted || d[i].inheritable)
			return true;
	return false;
}

static int drop_caps(void)
{
	struct __user_cap_header_struct h = {_LINUX_CAPABILITY_VERSION_3, 0};
	struct __user_cap_data_struct d[2];
	bool had;

	memset(d, 0, sizeof(d));
	if (syscall(SYS_capget, &h, d) < 0)
		return -errno;
	had = any_cap(d);
	/* The bounding set caps what any later exec can gain.  Dropping
	 * needs CAP_SETPCAP; without any capability there is nothing an
	 * exec could gain (no_new_privs ignores file capabilities). */
	for (int cap = 0; had && cap < 64; cap++) {
		int in = prctl(PR_CAPBSET_READ, cap, 0, 0, 0);

		if (in < 0)
			break; /* past the last capability */
		if (in && prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) < 0 && had)
			return -errno;
	}
	(void)prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);
	/* Root's exec fills the permitted set again unless told not to. */
	if (had && prctl(PR_SET_SECUREBITS,
	                 SECBIT_NOROOT | SECBIT_NOROOT_LOCKED |
	                     SECBIT_NO_SETUID_FIXUP |
	                     SECBIT_NO_SETUID_FIXUP_LOCKED |
	                     SECBIT_KEEP_CAPS_LOCKED |
	                     SECBIT_NO_CAP_AMBIENT_RAISE |
	                     SECBIT_NO_CAP_AMBIENT_RAISE_LOCKED,
	                 0, 0, 0) < 0)
		return -errno;
	memset(d, 0, sizeof(d));
	if (syscall(SYS_capset, &h, d) < 0)
		return -errno;
	if (syscall(SYS_capget, &h, d) < 0)
		return -errno;
	return any_cap(d) ? -EPERM : 0;
}

int confine_apply(const struct confine *c, int *step)
{
	int rc;

	if (c->drop_caps && (rc = drop_caps()) < 0) {
		*step = CONFINE_STEP_CAPS;
		return rc;
	}
	/* no_new_privs is already set (spawn.c): both calls below need it. */
	if (c->landlock_fd >= 0) {
		if (syscall(SYS_landlock_restrict_self, c->landlock_fd, 0) < 0) {
			*step = CONFINE_STEP_LANDLOCK;
			return -errno;
		}
		close(c->landlock_fd);
	}
	if (c->bpf) {
		struct sock_fprog prog = {
		    (unsigned short)(c->bpf_len / sizeof(struct sock_filter)),
		    (struct sock_filter *)c->bpf};

		if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog, 0, 0) <
		    0) {
			*step = CONFINE_STEP_SECCOMP;
			return -errno;
		}
	}
	return 0;
}

void confine_release(struct confine *c)
{
	if (c->landlock_fd >= 0)
		close(c->landlock_fd);
	if (c->bpf_fd >= 0)
		close(c->bpf_fd);
	free(c->bpf);
	confine_init(c);
}
