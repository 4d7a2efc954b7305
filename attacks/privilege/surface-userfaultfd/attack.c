/* surface-userfaultfd: is userfaultfd reachable?  Every flag bit set is
 * invalid (the user-mode-only bit among them, so the unprivileged sysctl
 * does not answer first): EINVAL means the kernel looked. */
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
	fd = syscall(SYS_userfaultfd, -1);
	probe_report("userfaultfd", fd);
	if (fd >= 0)
		close((int)fd);
	return 0;
}
