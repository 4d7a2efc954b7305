/* surface-compat-abi: is the i386 syscall ABI of an x86_64 kernel
 * reachable?  A seccomp filter that checks only native syscall numbers is
 * bypassed through it (int $0x80 numbers differ).  close(-1) through
 * int $0x80 can only fail: EBADF means the kernel ran it; a filter that
 * kills foreign ABIs leaves no line at all. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "targets.h"

#if defined(__x86_64__)
int main(int argc, char **argv)
{
	long ret;

	targets_load(argc, argv);
	fflush(stdout);
	__asm__ volatile("int $0x80"
	                 : "=a"(ret)
	                 : "a"(6L /* i386 close */), "b"(-1L)
	                 : "memory");
	if (ret == -EBADF)
		printf("i386 close(-1) (EBADF) %s\n", target("T_PROBE"));
	else
		printf("i386 close(-1): stopped (%s)\n",
		       strerrorname_np((int)-ret));
	return 0;
}
#else
int main(void)
{
	fprintf(stderr, "the i386 ABI exists only on x86_64\n");
	return 1;
}
#endif
