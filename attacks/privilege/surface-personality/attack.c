/* surface-personality: exploits of NULL dereferences (CVE-2009-2692) and
 * ASLR bypasses set an execution domain with personality().  This one asks
 * for ADDR_NO_RANDOMIZE for itself only and puts the old value back: a
 * result shows the kernel took it. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/personality.h>

#include "probe.h"

int main(int argc, char **argv)
{
	int old, rc;

	targets_load(argc, argv);
	old = personality(0xffffffff);
	rc = personality((unsigned long)old | ADDR_NO_RANDOMIZE);
	probe_report("personality(ADDR_NO_RANDOMIZE)", rc);
	if (rc >= 0)
		personality((unsigned long)old);
	return 0;
}
