/* surface-keyring: are the kernel keyrings reachable?  keyctl with an
 * unknown command (EOPNOTSUPP) and add_key of an unknown type into keyring
 * id 0 (EINVAL) can only fail; keyrings are not namespaced. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "probe.h"

#define NO_SUCH_KEYCTL 0x7fff

int main(int argc, char **argv)
{
	targets_load(argc, argv);
	probe_report("keyctl", syscall(SYS_keyctl, NO_SUCH_KEYCTL, 0, 0, 0, 0));
	probe_report("add_key", syscall(SYS_add_key, "securer_no_such_type",
	                                "securer-probe", NULL, 0, 0));
	return 0;
}
