/* stat-metadata: size and mtime (seconds since the epoch) of a host file. */
#include <stdio.h>
#include <sys/stat.h>

#include "targets.h"

int main(int argc, char **argv)
{
	struct stat st;

	targets_load(argc, argv);
	if (stat(target("T_STATFILE"), &st) < 0) {
		perror("stat");
		return 1;
	}
	printf("size=%lld mtime=%lld\n", (long long)st.st_size,
	       (long long)st.st_mtime);
	return 0;
}
