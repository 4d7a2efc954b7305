/* surface-keyring: are the kernel keyrings reachable?  keyctl with an
 * unknown command (EOPNOTSUPP) and add_key of an unknown type into keyring
 * id 0 (EINVAL) can only fail; keyrings are not namespaced. */
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

#define NO_SUCH_KEYCTL 0x7fff

int main(int argc, char **argv)
{
	targets_load(argc, argv);
	report("keyctl", syscall(SYS_keyctl, NO_SUCH_KEYCTL, 0, 0, 0, 0));
	report("add_key", syscall(SYS_add_key, "securer_no_such_type",
	                          "securer-probe", NULL, 0, 0));
	return 0;
}
