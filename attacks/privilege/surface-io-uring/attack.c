/* surface-io-uring: is io_uring reachable?  io_uring_setup with NULL
 * parameters can only fail: EFAULT means the kernel tried to read them. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "probe.h"

int main(int argc, char **argv)
{
	long fd;

	targets_load(argc, argv);
	fd = syscall(SYS_io_uring_setup, 1, NULL);
	probe_report("io_uring_setup", fd);
	if (fd >= 0)
		close((int)fd);
	return 0;
}
