/* procsys-write: change a kernel setting by writing /proc/sys (the default
 * TTL, T_SYSCTL), as a "network tuning" script would. */
#include <stdio.h>

#include "targets.h"

int main(int argc, char **argv)
{
	FILE *f;

	targets_load(argc, argv);
	if (!(f = fopen(target("T_SYSCTL"), "w"))) {
		perror(target("T_SYSCTL"));
		return 1;
	}
	fputs("128\n", f);
	if (fclose(f) != 0)
		perror(target("T_SYSCTL"));
	return 0;
}
