/* surface-open-by-handle: the "shocker" breakout (Docker, 2014) opened
 * host files by guessed handles with open_by_handle_at.  Mount fd -1 and a
 * NULL handle can only fail: EBADF or EFAULT mean the kernel looked. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "probe.h"

int main(int argc, char **argv)
{
	long fd;

	targets_load(argc, argv);
	fd = syscall(SYS_open_by_handle_at, -1, NULL, O_RDONLY);
	probe_report("open_by_handle_at", fd);
	if (fd >= 0)
		close((int)fd);
	return 0;
}
