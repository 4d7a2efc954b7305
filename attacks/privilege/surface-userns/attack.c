/* surface-userns: can the code make a user namespace, the door to most
 * unprivileged kernel exploits?  unshare(CLONE_NEWUSER) with
 * CLONE_PARENT_SETTID, a clone-only flag unshare refuses, and
 * clone(CLONE_NEWUSER | CLONE_FS), a pair the kernel always refuses:
 * EINVAL means it checked the flags. */
#include <errno.h>
#include <sched.h>
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
	long pid;

	targets_load(argc, argv);
	report("unshare(CLONE_NEWUSER)",
	       syscall(SYS_unshare, CLONE_NEWUSER | CLONE_PARENT_SETTID));
	/* x86_64 and aarch64 agree on the first argument: the flags */
	pid = syscall(SYS_clone, CLONE_NEWUSER | CLONE_FS, NULL, NULL, NULL, NULL);
	if (pid == 0)
		_exit(0); /* cannot happen: the kernel refuses the pair */
	report("clone(CLONE_NEWUSER)", pid);
	return 0;
}
