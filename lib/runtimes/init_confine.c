/*
 * init_confine.c - Landlock and seccomp on the command
 * (init_confine.h).  Runs in securer-init, built without sanitizers.
 */
#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "init_abi.h"
#include "init_confine.h"

#ifndef SYS_landlock_restrict_self
#define SYS_landlock_restrict_self 446
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

int confine_apply(const struct confine *c, int *step)
{
	/* no_new_privs is already set (spawn.c): both calls below need it. */
	if (c->landlock_fd >= 0) {
		if (syscall(SYS_landlock_restrict_self, c->landlock_fd, 0) <
		    0) {
			*step = SECURER__SETUP_LANDLOCK;
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
			*step = SECURER__SETUP_SECCOMP;
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
