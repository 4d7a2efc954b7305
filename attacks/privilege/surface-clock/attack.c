/* surface-clock: can the code reach the clock setters?  clock_settime
 * of a clock id that does not exist (EINVAL) and settimeofday with a time
 * at an unmapped address (EFAULT): neither can change the clock. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "probe.h"

#define NO_SUCH_CLOCK 1000
#define UNMAPPED      ((void *)8)

int main(int argc, char **argv)
{
	targets_load(argc, argv);
	probe_report("clock_settime",
	             syscall(SYS_clock_settime, NO_SUCH_CLOCK, NULL));
	/* raw: the libc wrapper would read the time itself */
	probe_report("settimeofday", syscall(SYS_settimeofday, UNMAPPED, NULL));
	return 0;
}
