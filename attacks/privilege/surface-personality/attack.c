/* surface-personality: exploits of NULL dereferences (CVE-2009-2692) and
 * ASLR bypasses set an execution domain with personality().  This one asks
 * for ADDR_NO_RANDOMIZE for itself only and puts the old value back: a
 * result shows the kernel took it. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/personality.h>

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
	int old, rc;

	targets_load(argc, argv);
	old = personality(0xffffffff);
	rc = personality((unsigned long)old | ADDR_NO_RANDOMIZE);
	report("personality(ADDR_NO_RANDOMIZE)", rc);
	if (rc >= 0)
		personality((unsigned long)old);
	return 0;
}
