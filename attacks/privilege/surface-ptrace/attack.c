/* surface-ptrace: is ptrace reachable?  A request aimed at pid -1, which
 * no task has: ESRCH means the kernel looked for the tracee. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "probe.h"

#define NO_SUCH_REQUEST 0x7fff

int main(int argc, char **argv)
{
	targets_load(argc, argv);
	probe_report("ptrace", syscall(SYS_ptrace, NO_SUCH_REQUEST, -1, 0, 0));
	return 0;
}
