/* surface-userfaultfd: is userfaultfd reachable?  Every flag bit set is
 * invalid (the user-mode-only bit among them, so the unprivileged sysctl
 * does not answer first): EINVAL means the kernel looked. */
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
	long fd;

	targets_load(argc, argv);
	fd = syscall(SYS_userfaultfd, -1);
	report("userfaultfd", fd);
	if (fd >= 0)
		close((int)fd);
	return 0;
}
