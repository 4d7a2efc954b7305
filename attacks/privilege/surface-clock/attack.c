/* surface-clock: can the code reach the clock setters?  clock_settime
 * of a clock id that does not exist (EINVAL) and settimeofday with a time
 * at an unmapped address (EFAULT): neither can change the clock. */
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

#define NO_SUCH_CLOCK 1000
#define UNMAPPED ((void *)8)

int main(int argc, char **argv)
{
	targets_load(argc, argv);
	report("clock_settime", syscall(SYS_clock_settime, NO_SUCH_CLOCK, NULL));
	/* raw: the libc wrapper would read the time itself */
	report("settimeofday", syscall(SYS_settimeofday, UNMAPPED, NULL));
	return 0;
}
