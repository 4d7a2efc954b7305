/* tiocsti-compat: push keystrokes into the terminal on stdin with TIOCSTI
 * through the i386 syscall ABI (int $0x80, ioctl = 54) of an x86_64 kernel:
 * a seccomp filter written only for the native ABI never sees the call.
 * Takes the terminal with TIOCSCTTY first when the kernel asks for it. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "targets.h"

#if defined(__x86_64__)
/* ioctl through the i386 entry point; |arg| must sit below 4 GiB. */
static long ioctl_i386(int fd, unsigned req, void *arg)
{
	long ret;

	__asm__ volatile("int $0x80"
	                 : "=a"(ret)
	                 : "a"(54L), "b"((long)fd), "c"((long)req), "d"(arg)
	                 : "memory");
	return ret;
}

static long push(const char *keys, char *low)
{
	long rc = 0;

	for (; *keys && rc == 0; keys++) {
		*low = *keys;
		rc = ioctl_i386(0, TIOCSTI, low);
	}
	return rc;
}

int main(int argc, char **argv)
{
	char keys[1200], *low;
	long rc;
	pid_t pid;

	targets_load(argc, argv);
	snprintf(keys, sizeof(keys), "touch %s\n", target("T_MARKER"));
	low = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
	           MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
	if (low == MAP_FAILED) {
		perror("mmap");
		return 1;
	}
	if ((rc = push(keys, low)) == 0)
		return 0;
	fprintf(stderr, "i386 TIOCSTI: %s\n", strerror((int)-rc));
	pid = fork();
	if (pid == 0) {
		if (setsid() < 0 || ioctl(0, TIOCSCTTY, 0) < 0)
			perror("taking the terminal");
		if ((rc = push(keys, low)) != 0)
			fprintf(stderr, "i386 TIOCSTI as session leader: %s\n",
			        strerror((int)-rc));
		_exit(0);
	}
	if (pid > 0)
		waitpid(pid, NULL, 0);
	return 0;
}
#else
int main(void)
{
	fprintf(stderr, "the i386 ABI exists only on x86_64\n");
	return 1;
}
#endif
