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

#include "probe.h"

int main(int argc, char **argv)
{
	targets_load(argc, argv);
	probe_report("init_module", syscall(SYS_init_module, NULL, 0UL, ""));
	probe_report("finit_module",
	             syscall(SYS_finit_module, -1, "", 0x80000000u));
	probe_report("kexec_load",
	             syscall(SYS_kexec_load, 0UL, 1000UL, NULL, 0xffff8000UL));
#ifdef SYS_kexec_file_load
	probe_report("kexec_file_load", syscall(SYS_kexec_file_load, -1, -1,
	                                        0UL, NULL, 0x80000000UL));
#endif
	return 0;
}
