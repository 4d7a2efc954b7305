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

#include "probe.h"

int main(int argc, char **argv)
{
	long pid;

	targets_load(argc, argv);
	probe_report("unshare(CLONE_NEWUSER)",
	             syscall(SYS_unshare, CLONE_NEWUSER | CLONE_PARENT_SETTID));
	/* x86_64 and aarch64 agree on the first argument: the flags */
	pid = syscall(SYS_clone, CLONE_NEWUSER | CLONE_FS, NULL, NULL, NULL,
	              NULL);
	if (pid == 0)
		_exit(0); /* cannot happen: the kernel refuses the pair */
	probe_report("clone(CLONE_NEWUSER)", pid);
	return 0;
}
