/*
 * seccomp.c - the syscall deny filter, built with libseccomp and exported as
 * classic BPF (bwrap loads it with --seccomp).
 *
 * The filter allows by default and denies the kernel surface that untrusted
 * code has no business reaching.  The table below is the whole policy: one
 * row per syscall, each with the reason it is denied.  Syscalls that do not
 * exist on the build architecture are skipped (there is nothing to reach).
 * Every non-native architecture (i386 and x32 on x86_64) kills the process:
 * libseccomp filters only the native ABI, and its generated code sends
 * foreign arch tokens and x32 syscall numbers to the bad-arch action.
 *
 * The rows whose rule starts with NONS_ apply only to a backend without
 * namespaces (landlock): they deny what bwrap's namespaces take away for
 * free (the host's SysV IPC, its unix sockets, its processes).
 */
#include <errno.h>
#include <linux/sched.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"

enum arg_rule {
	ANY,         /* deny every call */
	CLONE_NS,    /* deny when any CLONE_NEW* flag is set */
	TTY_INJECT,  /* ioctl TIOCSTI / TIOCLINUX / TIOCSETD, low 32 bits */
	DEVICE_NODE, /* mknod/mknodat of a character or block device */
	PERSONALITY, /* deny anything but PER_LINUX and the query 0xffffffff */
	FAMILY,      /* socket(): deny the families the network mode does not
	              * allow (add_socket_families) */
	PAIR_NOT_UNIX, /* socketpair(): only AF_UNIX, unless network host */
	SETID_MODE,    /* a mode argument with S_ISUID or S_ISGID set */
	/* Only without namespaces (the landlock backend): */
	NONS_ANY,        /* deny every call */
	NONS_UNIX,       /* socket(AF_UNIX, ...) */
	NONS_PAIR_DGRAM, /* socketpair(AF_UNIX, SOCK_DGRAM or SOCK_RAW) */
	NONS_OTHER_PID,  /* the first argument (a pid) is not 0, "myself" */
	NONS_NOT_SELF,   /* (which, who): anything but (PROCESS, 0), "myself" */
};

static const struct deny_rule {
	const char *name;
	int err;
	enum arg_rule rule;
	const char *why;
} deny_table[] = {
    {"clone", EPERM, CLONE_NS,
     "new namespaces are the sandbox's, not the code's"},
    {"clone3", ENOSYS, ANY,
     "flags sit behind a pointer seccomp cannot read; glibc falls back to "
     "clone"},
    {"unshare", EPERM, ANY, "new namespaces widen the kernel attack surface"},
    {"setns", EPERM, ANY, "joining another namespace could leave the sandbox"},
    {"ptrace", EPERM, ANY,
     "tracing other processes reads and changes their memory"},
    {"process_vm_readv", EPERM, ANY, "reads another process's memory"},
    {"process_vm_writev", EPERM, ANY, "writes another process's memory"},
    {"process_madvise", EPERM, ANY, "acts on another process's memory"},
    {"pidfd_getfd", EPERM, ANY, "steals file descriptors from other processes"},
    {"kcmp", EPERM, ANY, "probes other processes' kernel objects"},
    {"keyctl", EPERM, ANY, "the kernel keyring is shared with the host user"},
    {"add_key", EPERM, ANY, "the kernel keyring is shared with the host user"},
    {"request_key", EPERM, ANY,
     "the kernel keyring is shared with the host user"},
    {"bpf", EPERM, ANY, "eBPF is a large kernel attack surface"},
    {"perf_event_open", EPERM, ANY,
     "performance counters leak and attack the kernel"},
    {"userfaultfd", EPERM, ANY,
     "a favourite primitive for kernel race exploits"},
    {"io_uring_setup", EPERM, ANY, "io_uring bypasses syscall filtering"},
    {"io_uring_enter", EPERM, ANY, "io_uring bypasses syscall filtering"},
    {"io_uring_register", EPERM, ANY, "io_uring bypasses syscall filtering"},
    {"mount", EPERM, ANY, "the mount table is fixed by the sandbox"},
    {"umount2", EPERM, ANY, "unmounting could uncover hidden paths"},
    {"fsopen", EPERM, ANY, "new mount API"},
    {"fsconfig", EPERM, ANY, "new mount API"},
    {"fsmount", EPERM, ANY, "new mount API"},
    {"fspick", EPERM, ANY, "new mount API"},
    {"move_mount", EPERM, ANY, "new mount API"},
    {"open_tree", EPERM, ANY, "new mount API"},
    {"mount_setattr", EPERM, ANY, "new mount API"},
    {"pivot_root", EPERM, ANY, "changes the root of the mount namespace"},
    {"chroot", EPERM, ANY,
     "classic escape tricks with inherited directory fds"},
    {"kexec_load", EPERM, ANY, "loads a new kernel"},
    {"kexec_file_load", EPERM, ANY, "loads a new kernel"},
    {"init_module", EPERM, ANY, "loads kernel code"},
    {"finit_module", EPERM, ANY, "loads kernel code"},
    {"delete_module", EPERM, ANY, "unloads kernel code"},
    {"open_by_handle_at", EPERM, ANY,
     "opens files outside the mount namespace (shocker)"},
    {"name_to_handle_at", EPERM, ANY, "companion of open_by_handle_at"},
    {"iopl", EPERM, ANY, "raw I/O port access"},
    {"ioperm", EPERM, ANY, "raw I/O port access"},
    {"modify_ldt", EPERM, ANY,
     "legacy segment tables, a history of kernel bugs"},
    {"swapon", EPERM, ANY, "host swap configuration"},
    {"swapoff", EPERM, ANY, "host swap configuration"},
    {"reboot", EPERM, ANY, "host power state"},
    {"acct", EPERM, ANY, "host process accounting"},
    {"syslog", EPERM, ANY, "the kernel log leaks addresses"},
    {"settimeofday", EPERM, ANY, "the host clock"},
    {"clock_settime", EPERM, ANY, "the host clock"},
    {"adjtimex", EPERM, ANY, "the host clock"},
    {"clock_adjtime", EPERM, ANY, "the host clock"},
    {"sethostname", EPERM, ANY, "host identity"},
    {"setdomainname", EPERM, ANY, "host identity"},
    {"personality", EPERM, PERSONALITY,
     "execution domains disable ASLR and NX"},
    {"vhangup", EPERM, ANY, "terminal hangup of the host's terminal"},
    {"quotactl", EPERM, ANY, "host disk quotas"},
    {"quotactl_fd", EPERM, ANY, "host disk quotas"},
    {"lookup_dcookie", EPERM, ANY, "kernel profiling internals"},
    {"fanotify_init", EPERM, ANY, "watches file access across the host"},
    {"mbind", EPERM, ANY, "NUMA policy affects the host"},
    {"migrate_pages", EPERM, ANY, "moves other processes' memory"},
    {"move_pages", EPERM, ANY, "moves other processes' memory"},
    {"set_mempolicy", EPERM, ANY, "NUMA policy affects the host"},
    {"chmod", EPERM, SETID_MODE,
     "a setuid or setgid file: as root, one made in a writable bind is the "
     "host's (nosuid holds only inside the sandbox), and landlock lets the "
     "owner chmod what it can only read (root: /usr); other modes stay"},
    {"fchmod", EPERM, SETID_MODE, "the same: setuid and setgid bits"},
    {"fchmodat", EPERM, SETID_MODE, "the same: setuid and setgid bits"},
    {"fchmodat2", EPERM, SETID_MODE, "the same: setuid and setgid bits"},
    {"open", EPERM, SETID_MODE, "a new file made setuid or setgid"},
    {"openat", EPERM, SETID_MODE, "a new file made setuid or setgid"},
    {"creat", EPERM, SETID_MODE, "a new file made setuid or setgid"},
    {"mknod", EPERM, SETID_MODE, "a new file made setuid or setgid"},
    {"mknodat", EPERM, SETID_MODE, "a new file made setuid or setgid"},
    {"openat2", ENOSYS, ANY,
     "its mode sits in a struct seccomp cannot read; callers fall back to "
     "openat"},
    {"memfd_create", EPERM, ANY,
     "its pages belong to the file, charged to no address space: 2 GiB "
     "held under a 1 GiB limit (/dev/shm and /tmp are the capped ways)"},
    {"memfd_secret", EPERM, ANY, "unswappable memory no limit counts"},
    {"shmget", EPERM, ANY,
     "a SysV segment keeps its pages once detached, charged to no address "
     "space (and without an IPC namespace, landlock, it is the host's)"},
    {"msgget", EPERM, ANY,
     "SysV message queues hold kernel memory no limit counts (about "
     "500 MiB per IPC namespace; without one, landlock, the host's)"},
    {"nfsservctl", EPERM, ANY, "obsolete NFS server control"},
    {"uselib", EPERM, ANY, "obsolete library loader with a history of bugs"},
    {"ustat", EPERM, ANY, "obsolete, leaks host filesystem data"},
    {"ioctl", EPERM, TTY_INJECT,
     "TIOCSTI/TIOCLINUX push keystrokes into the host terminal "
     "(CVE-2019-10063); TIOCSETD switches a terminal's line discipline, "
     "the door to n_hdlc/n_gsm bugs (CVE-2017-2636, CVE-2023-6546)"},
    {"mknod", EPERM, DEVICE_NODE,
     "a device node of the host's disk or memory; fifos and files stay"},
    {"mknodat", EPERM, DEVICE_NODE,
     "a device node of the host's disk or memory; fifos and files stay"},
    {"socket", EPERM, FAMILY,
     "network none: only AF_UNIX; loopback: also AF_INET, AF_INET6, "
     "AF_NETLINK, the families its own namespace fences in (not AF_VSOCK, "
     "which reaches the hypervisor and other guests whatever the namespace, "
     "nor the kernel surface of AF_PACKET, AF_ALG and the rare families "
     "that load modules)"},
    {"socketpair", EPERM, PAIR_NOT_UNIX,
     "network none and loopback: only AF_UNIX pairs (a pair of another "
     "family, TIPC say, loads its kernel module as socket() would)"},
    /* What namespaces give bwrap for free, denied when there are none. */
    {"socket", EPERM, NONS_UNIX,
     "no mount namespace: connect() and sendto() reach every pathname unix "
     "socket of the host (docker.sock, the session bus, the journal), which "
     "Landlock mediates only from ABI 9; socketpair() stays"},
    {"socketpair", EPERM, NONS_PAIR_DGRAM,
     "no mount namespace: a datagram socket sends to any pathname socket of "
     "the host with sendto(); stream pairs cannot"},
    {"shmat", EPERM, NONS_ANY,
     "no IPC namespace: the host's SysV shared memory"},
    {"shmctl", EPERM, NONS_ANY,
     "no IPC namespace: the host's SysV shared memory"},
    {"semget", EPERM, NONS_ANY, "no IPC namespace: the host's SysV semaphores"},
    {"semop", EPERM, NONS_ANY, "no IPC namespace: the host's SysV semaphores"},
    {"semtimedop", EPERM, NONS_ANY,
     "no IPC namespace: the host's SysV semaphores"},
    {"semctl", EPERM, NONS_ANY, "no IPC namespace: the host's SysV semaphores"},
    {"msgsnd", EPERM, NONS_ANY,
     "no IPC namespace: the host's SysV message queues"},
    {"msgrcv", EPERM, NONS_ANY,
     "no IPC namespace: the host's SysV message queues"},
    {"msgctl", EPERM, NONS_ANY,
     "no IPC namespace: the host's SysV message queues"},
    {"mq_open", EPERM, NONS_ANY,
     "no IPC namespace: the host's POSIX message queues"},
    {"mq_unlink", EPERM, NONS_ANY,
     "no IPC namespace: the host's POSIX message queues"},
    {"mq_timedsend", EPERM, NONS_ANY,
     "no IPC namespace: the host's POSIX message queues"},
    {"mq_timedreceive", EPERM, NONS_ANY,
     "no IPC namespace: the host's POSIX message queues"},
    {"mq_notify", EPERM, NONS_ANY,
     "no IPC namespace: the host's POSIX message queues"},
    {"mq_getsetattr", EPERM, NONS_ANY,
     "no IPC namespace: the host's POSIX message queues"},
    {"prlimit64", EPERM, NONS_OTHER_PID,
     "no pid namespace: another pid may be a host process of this user, "
     "whose limits (open files, CPU) it would set"},
    {"sched_setaffinity", EPERM, NONS_OTHER_PID,
     "no pid namespace: would pin a host process of this user"},
    {"sched_setscheduler", EPERM, NONS_OTHER_PID,
     "no pid namespace: would starve a host process (SCHED_IDLE)"},
    {"sched_setparam", EPERM, NONS_OTHER_PID,
     "no pid namespace: would reschedule a host process"},
    {"sched_setattr", EPERM, NONS_OTHER_PID,
     "no pid namespace: would reschedule a host process"},
    {"setpriority", EPERM, NONS_NOT_SELF,
     "no pid namespace: PRIO_USER and other pids renice the host's "
     "processes of this user"},
    {"ioprio_set", EPERM, NONS_NOT_SELF,
     "no pid namespace: IOPRIO_WHO_USER and other pids reach the host's "
     "processes of this user"},
};

size_t securer__seccomp_table_size(void)
{
	return sizeof(deny_table) / sizeof(deny_table[0]);
}

static int add_clone_ns(scmp_filter_ctx ctx, int nr, uint32_t action)
{
	static const unsigned long flags[] = {
	    CLONE_NEWNS,   CLONE_NEWCGROUP, CLONE_NEWUTS, CLONE_NEWIPC,
	    CLONE_NEWUSER, CLONE_NEWPID,    CLONE_NEWNET,
	};

	/* On x86_64 and aarch64 the flags are the first argument. */
	for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++) {
		int rc = seccomp_rule_add(
		    ctx, action, nr, 1,
		    SCMP_A0(SCMP_CMP_MASKED_EQ, flags[i], flags[i]));
		if (rc < 0)
			return rc;
	}
	return 0;
}

static int add_tty_inject(scmp_filter_ctx ctx, int nr, uint32_t action)
{
	static const unsigned long requests[] = {TIOCSTI, TIOCLINUX, TIOCSETD};

	/* Compare only the low 32 bits: the kernel truncates the request to
	 * an unsigned int, so 0x100005412 is TIOCSTI too. */
	for (size_t i = 0; i < sizeof(requests) / sizeof(requests[0]); i++) {
		int rc = seccomp_rule_add(
		    ctx, action, nr, 1,
		    SCMP_A1(SCMP_CMP_MASKED_EQ, 0xffffffffu, requests[i]));
		if (rc < 0)
			return rc;
	}
	return 0;
}

/* mknod(path, mode, dev) and mknodat(dirfd, path, mode, dev): the type
 * bits of mode, the second or the third argument. */
static int add_device_node(scmp_filter_ctx ctx, int nr, uint32_t action)
{
	static const uint64_t types[] = {S_IFCHR, S_IFBLK};
	unsigned arg = nr == seccomp_syscall_resolve_name("mknodat") ? 2 : 1;

	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		struct scmp_arg_cmp cmp = {arg, SCMP_CMP_MASKED_EQ, S_IFMT,
		                           types[i]};
		int rc = seccomp_rule_add_array(ctx, action, nr, 1, &cmp);

		if (rc < 0)
			return rc;
	}
	return 0;
}

static int add_personality(scmp_filter_ctx ctx, int nr, uint32_t action)
{
	/* Allow exactly 0 (PER_LINUX) and 0xffffffff (query).  libseccomp
	 * cannot AND two tests of one argument, but "not all zeros and not
	 * all ones" means some bit i is 1 while bit i+1 (cyclically) is 0,
	 * which is an OR of 32 masked comparisons. */
	for (unsigned i = 0; i < 32; i++) {
		uint64_t bit = UINT64_C(1) << i;
		uint64_t next = UINT64_C(1) << ((i + 1) % 32);
		int rc = seccomp_rule_add(
		    ctx, action, nr, 1,
		    SCMP_A0(SCMP_CMP_MASKED_EQ, bit | next, bit));
		if (rc < 0)
			return rc;
	}
	return 0;
}

/* The mode's argument: chmod(path, mode), fchmod(fd, mode), creat(path,
 * mode), mknod(path, mode, dev) take it second; open(path, flags, mode),
 * fchmodat(dfd, path, mode...) and mknodat(dfd, path, mode, dev) third;
 * openat(dfd, path, flags, mode) fourth. */
static int add_setid_mode(scmp_filter_ctx ctx, int nr, const char *name,
                          uint32_t action)
{
	static const uint64_t bits[] = {S_ISUID, S_ISGID};
	unsigned arg = strcmp(name, "openat") == 0 ? 3
	               : strcmp(name, "open") == 0 ||
	                       strcmp(name, "fchmodat") == 0 ||
	                       strcmp(name, "fchmodat2") == 0 ||
	                       strcmp(name, "mknodat") == 0
	                   ? 2
	                   : 1;

	for (size_t i = 0; i < sizeof(bits) / sizeof(bits[0]); i++) {
		struct scmp_arg_cmp cmp = {arg, SCMP_CMP_MASKED_EQ, bits[i],
		                           bits[i]};
		int rc = seccomp_rule_add_array(ctx, action, nr, 1, &cmp);

		if (rc < 0)
			return rc;
	}
	return 0;
}

/* socket(family, ...): deny every family but those of |allowed| (sorted
 * ascending).
 * libseccomp cannot AND two tests of one argument, so the gaps between
 * allowed families are denied one value at a time, and everything past
 * the last with one "greater or equal", which also catches a family with
 * garbage in the register's upper half. */
static int add_family(scmp_filter_ctx ctx, int nr, uint32_t action,
                      const int *allowed, size_t n)
{
	int next = 0, rc;

	for (size_t i = 0; i <= n; i++) {
		int end = i < n ? allowed[i] : -1;

		for (int f = next; i < n && f < end; f++)
			if ((rc = seccomp_rule_add(
			         ctx, action, nr, 1,
			         SCMP_A0(SCMP_CMP_EQ, (scmp_datum_t)f, 0))) < 0)
				return rc;
		if (i < n)
			next = end + 1;
	}
	return seccomp_rule_add(ctx, action, nr, 1,
	                        SCMP_A0(SCMP_CMP_GE, (scmp_datum_t)next, 0));
}

static int add_socket_families(scmp_filter_ctx ctx, const securer_policy *p,
                               int nr, uint32_t action)
{
	static const int unix_only[] = {AF_UNIX};
	static const int loopback[] = {AF_UNIX, AF_INET, AF_INET6, AF_NETLINK};

	switch (p->net) {
	case SECURER_NET_NONE:
		return add_family(ctx, nr, action, unix_only, 1);
	case SECURER_NET_LOOPBACK:
		return add_family(ctx, nr, action, loopback,
		                  sizeof(loopback) / sizeof(loopback[0]));
	default:
		return 0; /* the host's network: a deliberate weakening */
	}
}

/* socketpair() of datagrams (SOCK_RAW unix sockets are datagrams too):
 * the type's low four bits, as the kernel reads them. */
static int add_pair_dgram(scmp_filter_ctx ctx, int nr, uint32_t action)
{
	static const uint64_t types[] = {SOCK_DGRAM, SOCK_RAW};

	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		struct scmp_arg_cmp cmp = {1, SCMP_CMP_MASKED_EQ, 0xf,
		                           types[i]};
		int rc = seccomp_rule_add_array(ctx, action, nr, 1, &cmp);

		if (rc < 0)
			return rc;
	}
	return 0;
}

/* (which, who) other than (|self_which|, 0).  A 64-bit "not equal" also
 * refuses junk in the upper half the kernel would ignore: it can only
 * refuse more than needed, never less. */
static int add_not_self(scmp_filter_ctx ctx, int nr, uint32_t action,
                        uint64_t self_which)
{
	int rc = seccomp_rule_add(ctx, action, nr, 1,
	                          SCMP_A0(SCMP_CMP_NE, self_which, 0));

	return rc < 0 ? rc
	              : seccomp_rule_add(ctx, action, nr, 1,
	                                 SCMP_A1(SCMP_CMP_NE, 0, 0));
}

static int add_nons(scmp_filter_ctx ctx, int nr, uint32_t action,
                    const struct deny_rule *r)
{
	switch (r->rule) {
	case NONS_ANY:
		return seccomp_rule_add(ctx, action, nr, 0);
	case NONS_UNIX:
		/* The family is an int: compare the low half only, or
		 * (1 << 32) | AF_UNIX would pass. */
		return seccomp_rule_add(
		    ctx, action, nr, 1,
		    SCMP_A0(SCMP_CMP_MASKED_EQ, 0xffffffffu, AF_UNIX));
	case NONS_PAIR_DGRAM:
		return add_pair_dgram(ctx, nr, action);
	case NONS_OTHER_PID:
		return seccomp_rule_add(ctx, action, nr, 1,
		                        SCMP_A0(SCMP_CMP_NE, 0, 0));
	case NONS_NOT_SELF:
		/* PRIO_PROCESS is 0, IOPRIO_WHO_PROCESS 1 */
		return add_not_self(ctx, nr, action,
		                    strcmp(r->name, "ioprio_set") == 0 ? 1 : 0);
	default:
		return -EINVAL;
	}
}

static int add_rule(scmp_filter_ctx ctx, const securer_policy *p,
                    bool no_namespaces, const struct deny_rule *r)
{
	int nr = seccomp_syscall_resolve_name(r->name);
	uint32_t action = SCMP_ACT_ERRNO(r->err);
	int rc;

	if (nr == __NR_SCMP_ERROR || nr < 0)
		return 0; /* not a syscall of this architecture */
	if (r->rule >= NONS_ANY)
		return no_namespaces ? add_nons(ctx, nr, action, r) : 0;
	switch (r->rule) {
	case ANY:
		rc = seccomp_rule_add(ctx, action, nr, 0);
		break;
	case CLONE_NS:
		rc = add_clone_ns(ctx, nr, action);
		break;
	case TTY_INJECT:
		rc = add_tty_inject(ctx, nr, action);
		break;
	case DEVICE_NODE:
		rc = add_device_node(ctx, nr, action);
		break;
	case PERSONALITY:
		rc = add_personality(ctx, nr, action);
		break;
	case FAMILY:
		rc = add_socket_families(ctx, p, nr, action);
		break;
	case SETID_MODE:
		rc = add_setid_mode(ctx, nr, r->name, action);
		break;
	case PAIR_NOT_UNIX:
		if (p->net == SECURER_NET_HOST)
			return 0;
		/* datum_b spelled out: clang's -Wmissing-field-initializers
		 * rejects the two-argument form. */
		rc = seccomp_rule_add(ctx, action, nr, 1,
		                      SCMP_A0(SCMP_CMP_NE, AF_UNIX, 0));
		break;
	default:
		rc = -EINVAL;
	}
	return rc;
}

int securer__seccomp_compile(const securer_policy *p, void **bpf, size_t *len,
                             char *err)
{
	return securer__seccomp_compile_for(p, false, bpf, len, err);
}

int securer__seccomp_compile_for(const securer_policy *p, bool no_namespaces,
                                 void **bpf, size_t *len, char *err)
{
	scmp_filter_ctx ctx;
	int rc, fd = -1;
	off_t size;
	char *buf = NULL;

	ctx = seccomp_init(SCMP_ACT_ALLOW);
	if (!ctx)
		return securer__fail(err, -ENOMEM, "seccomp_init failed");
	rc = seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH,
	                      SCMP_ACT_KILL_PROCESS);
	if (rc == 0)
		rc = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_OPTIMIZE, 2);
	if (rc < 0)
		goto fail_msg;
	for (size_t i = 0; i < securer__seccomp_table_size(); i++) {
		rc = add_rule(ctx, p, no_namespaces, &deny_table[i]);
		if (rc < 0) {
			securer__fail_errno(err, rc, "seccomp rule for '%s'",
			                    deny_table[i].name);
			goto fail_ctx;
		}
	}
	for (size_t i = 0; i < p->n_deny; i++) {
		int nr = seccomp_syscall_resolve_name(p->deny[i]);

		if (nr == __NR_SCMP_ERROR || nr < 0)
			continue;
		rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), nr, 0);
		/* -EEXIST: already denied by the table */
		if (rc < 0 && rc != -EEXIST) {
			securer__fail_errno(err, rc, "syscalls.deny '%s'",
			                    p->deny[i]);
			goto fail_ctx;
		}
	}
	fd = memfd_create("securer-bpf", MFD_CLOEXEC);
	if (fd < 0) {
		rc = -errno;
		goto fail_msg;
	}
	rc = seccomp_export_bpf(ctx, fd);
	if (rc < 0)
		goto fail_msg;
	size = lseek(fd, 0, SEEK_CUR);
	if (size <= 0 || lseek(fd, 0, SEEK_SET) < 0 ||
	    !(buf = malloc((size_t)size)) ||
	    pread(fd, buf, (size_t)size, 0) != size) {
		rc = -EIO;
		goto fail_msg;
	}
	close(fd);
	seccomp_release(ctx);
	*bpf = buf;
	*len = (size_t)size;
	return 0;
fail_msg:
	securer__fail_errno(err, rc, "cannot build the seccomp filter");
fail_ctx:
	free(buf);
	if (fd >= 0)
		close(fd);
	seccomp_release(ctx);
	return rc;
}

int securer_policy_export_seccomp(securer_policy *p, int fd)
{
	void *bpf = NULL;
	size_t len = 0;
	int rc = securer__seccomp_compile(p, &bpf, &len, p->err);

	if (rc < 0)
		return rc;
	rc = securer__write_all(fd, bpf, len);
	free(bpf);
	if (rc < 0)
		return securer__fail_errno(p->err, rc,
		                           "cannot write the filter");
	return 0;
}
