/*
 * init_confine.c - Landlock and seccomp on the command
 * (init_confine.h).  Runs in securer-init, built without sanitizers.
 */
#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "init_abi.h"
#include "init_confine.h"

#ifndef SYS_landlock_restrict_self
#define SYS_landlock_restrict_self 446
#endif

/* The filter's buffer is static rather than malloc'd: musl maps a buffer
 * this size and unmaps it when it is freed, after the vfork that made the
 * command (init_reap.c).  The vforked command ran on the reaper's address
 * space, and the scheduler moves it to another CPU as it executes: that
 * CPU still counts as a user of the reaper's address space, so the munmap
 * interrupts it to flush its TLB.  On this 2-vCPU VM the interrupt cost
 * 40 to 60 us of every landlock run (docs/bench.md). */
static struct sock_filter filter_buf[BPF_MAXINSNS];

void confine_init(struct confine *c)
{
	memset(c, 0, sizeof(*c));
	c->sock = c->landlock_fd = -1;
}

int confine_prepare(struct confine *c)
{
	union {
		struct cmsghdr h;
		char buf[CMSG_SPACE(sizeof(int))];
	} ctl;
	struct msghdr msg;
	struct iovec iov;
	struct cmsghdr *h;
	ssize_t n;

	if (c->sock < 0)
		return c->loaded ? -EBADMSG : 0; /* a filter no run asked for */
	c->bpf = filter_buf;
	memset(&msg, 0, sizeof(msg));
	memset(&ctl, 0, sizeof(ctl));
	iov.iov_base = c->bpf;
	iov.iov_len = sizeof(filter_buf);
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = ctl.buf;
	msg.msg_controllen = sizeof(ctl.buf);
	while ((n = recvmsg(c->sock, &msg, MSG_CMSG_CLOEXEC)) < 0 &&
	       errno == EINTR)
		;
	if (n < 0)
		return -errno;
	close(c->sock);
	c->sock = -1;
	h = CMSG_FIRSTHDR(&msg);
	if (h && h->cmsg_level == SOL_SOCKET && h->cmsg_type == SCM_RIGHTS &&
	    h->cmsg_len == CMSG_LEN(sizeof(int)))
		memcpy(&c->landlock_fd, CMSG_DATA(h), sizeof(int));
	if (n == 0 && c->landlock_fd < 0)
		return -EPIPE;
	if (c->landlock_fd < 0 || (msg.msg_flags & (MSG_TRUNC | MSG_CTRUNC)) ||
	    n == 0 || n % (ssize_t)sizeof(struct sock_filter))
		return -EBADMSG;
	c->bpf_len = (size_t)n;
	if (c->loaded && (c->bpf_len != c->loaded_len ||
	                  memcmp(c->bpf, c->loaded, c->bpf_len) != 0))
		return -EBADMSG; /* both would apply: not the policy's */
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
	if (c->bpf && !c->loaded) {
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
	if (c->sock >= 0)
		close(c->sock);
	confine_init(c);
}
