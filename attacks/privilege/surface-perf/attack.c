/* surface-perf: is perf_event_open reachable?  Flags no kernel knows make
 * it fail before it reads the (NULL) attributes: EINVAL means reached. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "probe.h"

int main(int argc, char **argv)
{
	targets_load(argc, argv);
	probe_report("perf_event_open",
	             syscall(SYS_perf_event_open, NULL, 0, -1, -1, ~0UL));
	return 0;
}
