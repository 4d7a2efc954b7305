/*
 * probe - a small program the tests run inside a sandbox or under the
 * seccomp filter.  Built without sanitizers (ASan and seccomp do not mix).
 *
 *   probe syscalls   one line "name errno" per denied syscall, tried with
 *                    arguments a kernel without the filter rejects with an
 *                    errno other than the filter's (0 when it succeeded)
 *   probe nons       the same for the rows that stand in for namespaces
 *                    (landlock backend): host IPC, unix sockets, other
 *                    processes' limits and scheduling; a pid or uid that
 *                    exists nowhere, so an unfiltered kernel says ESRCH
 *   probe x32        makes an x32-ABI syscall (the filter kills us)
 *   probe fds        one line per open fd (except the one listing them)
 */
#include <dirent.h>
#include <errno.h>
#include <linux/sched.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/ipc.h>
#include <sys/mount.h>
#include <sys/msg.h>
#include <sys/personality.h>
#include <sys/resource.h>
#include <sys/shm.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

static void report(const char *name, long rc)
{
	printf("%s %d\n", name, rc < 0 ? errno : 0);
}

static int syscalls(void)
{
	long rc;
	int fd;

	/* Namespaces: in a forked child, so a success changes nothing here. */
	pid_t pid = fork();
	if (pid == 0)
		_exit(unshare(CLONE_NEWUTS) < 0 ? errno : 0);
	int st = 0;
	waitpid(pid, &st, 0);
	printf("unshare %d\n", WIFEXITED(st) ? WEXITSTATUS(st) : -1);

	rc = syscall(SYS_clone, CLONE_NEWUSER | SIGCHLD, 0, 0, 0, 0);
	if (rc == 0)
		_exit(0);
	if (rc > 0)
		waitpid((pid_t)rc, NULL, 0);
	report("clone_newuser", rc);
	report("clone3", syscall(SYS_clone3, NULL, 0));
	report("setns", syscall(SYS_setns, -1, 0));
	report("keyctl", syscall(SYS_keyctl, 9999, 0, 0, 0, 0));
	report("bpf", syscall(SYS_bpf, -1, NULL, 0));
	report("perf_event_open",
	       syscall(SYS_perf_event_open, NULL, 0, -1, -1, 0));
	report("io_uring_setup", syscall(SYS_io_uring_setup, 0, NULL));
	report("mount",
	       mount("none", "/nonexistent-securer-probe", "tmpfs", 0, NULL));
	report("chroot", chroot("/nonexistent-securer-probe"));
	report("open_by_handle_at",
	       syscall(SYS_open_by_handle_at, -1, NULL, 0));
	report("kexec_load", syscall(SYS_kexec_load, 0, 0, NULL, ~0UL));
	report("init_module", syscall(SYS_init_module, NULL, 0, NULL));
	report("process_vm_readv",
	       syscall(SYS_process_vm_readv, 0, NULL, 0, NULL, 0, ~0UL));
	/* TIOCSTI with garbage in the high 32 bits: still TIOCSTI */
	report("ioctl_tiocsti_high",
	       syscall(SYS_ioctl, 0, (1UL << 32) | TIOCSTI, "x"));
	{
		int ldisc = 1000; /* no such discipline: only the filter answers
		                     EPERM */

		report("ioctl_tiocsetd",
		       syscall(SYS_ioctl, 0, TIOCSETD, &ldisc));
	}
	report("mknod_dev", mknod("/nonexistent-securer-probe/dev",
	                          S_IFCHR | 0600, makedev(1, 3)));
	report("mknod_fifo",
	       mknod("/nonexistent-securer-probe/fifo", S_IFIFO | 0600, 0));
	report("personality_change", personality(0x0040000));
	report("personality_query", personality(0xffffffff));
	fd = socket(AF_INET, SOCK_STREAM, 0);
	report("socket_inet", fd);
	if (fd >= 0)
		close(fd);
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	report("socket_unix", fd);
	if (fd >= 0)
		close(fd);
	/* A setuid or setgid file: as root, one the code makes in a writable
	 * bind is the host's (the bind is nosuid only inside); a root-owned
	 * file it can read, landlock lets it chmod.  Paths that do not exist:
	 * unfiltered, the kernel says ENOENT. */
	report("chmod_setuid", chmod("/nonexistent-securer-probe/f", 04755));
	report("chmod_plain", chmod("/nonexistent-securer-probe/f", 0755));
	report("open_setuid",
	       syscall(SYS_openat, AT_FDCWD, "/nonexistent-securer-probe/f",
	               O_CREAT | O_WRONLY, 02755));
	report("openat2", syscall(SYS_openat2, AT_FDCWD, "/", NULL, 0));
	/* Memory no address-space limit counts: a memfd's pages belong to
	 * the file, a SysV segment's to the segment, a message queue's to the
	 * kernel (each made and freed at once here). */
	fd = (int)syscall(SYS_memfd_create, "probe", 0);
	report("memfd_create", fd);
	if (fd >= 0)
		close(fd);
	rc = shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600);
	report("shmget", rc);
	if (rc >= 0)
		shmctl((int)rc, IPC_RMID, NULL);
	rc = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
	report("msgget", rc);
	if (rc >= 0)
		msgctl((int)rc, IPC_RMID, NULL);
	/* The families a private network namespace does not fence in (vsock
	 * reaches the hypervisor; alg and packet are kernel surface). */
	static const struct {
		const char *name;
		int family, type;
	} families[] = {
	    {"socket_inet6", AF_INET6, SOCK_STREAM},
	    {"socket_netlink", AF_NETLINK, SOCK_RAW},
	    {"socket_vsock", AF_VSOCK, SOCK_STREAM},
	    {"socket_packet", AF_PACKET, SOCK_DGRAM},
	    {"socket_alg", AF_ALG, SOCK_SEQPACKET},
	};
	for (size_t i = 0; i < sizeof(families) / sizeof(families[0]); i++) {
		fd = socket(families[i].family, families[i].type, 0);
		report(families[i].name, fd);
		if (fd >= 0)
			close(fd);
	}
	return 0;
}

static void close_pair(long rc, int sv[2])
{
	if (rc == 0) {
		close(sv[0]);
		close(sv[1]);
	}
}

static int nons(void)
{
	const long nobody = 0x3ffffff0; /* past any pid_max and uid in use */
	struct rlimit rl;
	cpu_set_t set;
	int sv[2];
	long rc;

	rc = syscall(SYS_socket, AF_UNIX, SOCK_STREAM, 0);
	report("socket_unix", rc);
	if (rc >= 0)
		close((int)rc);
	/* the family is an int: junk above it must not slip past */
	rc = syscall(SYS_socket, (1L << 32) | AF_UNIX, SOCK_STREAM, 0);
	report("socket_unix_high", rc);
	if (rc >= 0)
		close((int)rc);
	rc = socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	report("socketpair_unix_stream", rc);
	close_pair(rc, sv);
	rc = socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, sv);
	report("socketpair_unix_dgram", rc);
	close_pair(rc, sv);
	rc = socketpair(AF_INET, SOCK_STREAM, 0, sv);
	report("socketpair_inet", rc);
	close_pair(rc, sv);
	report("shmget", syscall(SYS_shmget, IPC_PRIVATE, 0, IPC_CREAT | 0600));
	report("semget",
	       syscall(SYS_semget, IPC_PRIVATE, -1, IPC_CREAT | 0600));
	report("msgget", syscall(SYS_msgget, 0x7ffe5ecu, 0));
	report("mq_open",
	       syscall(SYS_mq_open, "securer-probe-none", O_RDONLY, 0, NULL));
	report("prlimit_self",
	       syscall(SYS_prlimit64, 0, RLIMIT_NOFILE, NULL, &rl));
	report("prlimit_other",
	       syscall(SYS_prlimit64, nobody, RLIMIT_NOFILE, NULL, &rl));
	CPU_ZERO(&set);
	CPU_SET(0, &set);
	report("sched_setaffinity_other",
	       syscall(SYS_sched_setaffinity, nobody, sizeof(set), &set));
	report("setpriority_self", syscall(SYS_setpriority, PRIO_PROCESS, 0,
	                                   getpriority(PRIO_PROCESS, 0)));
	report("setpriority_other",
	       syscall(SYS_setpriority, PRIO_PROCESS, nobody, 0));
	report("setpriority_user",
	       syscall(SYS_setpriority, PRIO_USER, nobody, 0));
	report("ioprio_set_other", syscall(SYS_ioprio_set, 1, nobody, 0));
	return 0;
}

static int x32(void)
{
	/* getpid through the x32 ABI: a foreign arch for the filter */
	long rc = syscall(0x40000000L | 39);

	printf("x32 %ld %d\n", rc, rc < 0 ? errno : 0);
	return 0;
}

static int fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;

	if (!d)
		return 1;
	while ((e = readdir(d)))
		if (e->d_name[0] != '.' && atoi(e->d_name) != dirfd(d))
			printf("%s\n", e->d_name);
	closedir(d);
	return 0;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc == 2 && strcmp(argv[1], "syscalls") == 0)
		return syscalls();
	if (argc == 2 && strcmp(argv[1], "nons") == 0)
		return nons();
	if (argc == 2 && strcmp(argv[1], "x32") == 0)
		return x32();
	if (argc == 2 && strcmp(argv[1], "fds") == 0)
		return fds();
	fprintf(stderr, "usage: probe syscalls|nons|x32|fds\n");
	return 2;
}
