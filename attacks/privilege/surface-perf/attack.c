/* surface-perf: is perf_event_open reachable?  Flags no kernel knows make
 * it fail before it reads the (NULL) attributes: EINVAL means reached. */
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
	report("perf_event_open",
	       syscall(SYS_perf_event_open, NULL, 0, -1, -1, ~0UL));
	return 0;
}
