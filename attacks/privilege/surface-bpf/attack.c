/* surface-bpf: is the eBPF syscall reachable?  bpf() with a command
 * number that does not exist can only fail; EINVAL means the kernel looked
 * at it (the verifier and maps are one call away). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "targets.h"

/* "<what> (<errno>) <T_PROBE>" when the kernel itself answered: any result
 * but the EPERM, EACCES or ENOSYS a filter (or a missing feature) gives. */
static void report(const char *what, long rc)
{
	int e = errno;

	if (rc >= 0)
		printf("%s (returned %ld) %s\n", what, rc, target("T_PROBE"));
	else if (e != EPERM && e != EACCES && e != ENOSYS)
		printf("%s (%s) %s\n", what, strerrorname_np(e), target("T_PROBE"));
	else
		printf("%s: stopped (%s)\n", what, strerrorname_np(e));
	fflush(stdout);
}

#define NO_SUCH_BPF_CMD 1000

int main(int argc, char **argv)
{
	targets_load(argc, argv);
	report("bpf", syscall(SYS_bpf, NO_SUCH_BPF_CMD, NULL, 0));
	return 0;
}
