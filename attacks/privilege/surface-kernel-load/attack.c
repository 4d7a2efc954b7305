/* surface-kernel-load: can the code load code into the kernel?
 * init_module of an empty image (ENOEXEC), finit_module and kexec_file_load
 * with unknown flags and fd -1 (EINVAL/EBADF), kexec_load with unknown
 * flags, a foreign architecture and too many segments (EINVAL): every call
 * can only fail.  Kernels without modules or kexec answer ENOSYS. */
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

int main(int argc, char **argv)
{
	targets_load(argc, argv);
	report("init_module", syscall(SYS_init_module, NULL, 0UL, ""));
	report("finit_module", syscall(SYS_finit_module, -1, "", 0x80000000u));
	report("kexec_load", syscall(SYS_kexec_load, 0UL, 1000UL, NULL, 0xffff8000UL));
#ifdef SYS_kexec_file_load
	report("kexec_file_load",
	       syscall(SYS_kexec_file_load, -1, -1, 0UL, NULL, 0x80000000UL));
#endif
	return 0;
}
