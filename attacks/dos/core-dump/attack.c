/* core-dump: raise the soft core limit to the hard one, touch 100 MiB, and
 * abort in the workspace: the kernel writes the core file there. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "targets.h"

int main(int argc, char **argv)
{
	size_t size = 100u << 20;
	struct rlimit rl;
	char *p;

	targets_load(argc, argv);
	if (chdir(target("T_WORK")) < 0)
		perror("chdir");
	if (getrlimit(RLIMIT_CORE, &rl) == 0) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_CORE, &rl);
		printf("core limit %lld\n", (long long)rl.rlim_cur);
	}
	if (!(p = malloc(size)))
		return 1;
	memset(p, 0x5a, size);
	fflush(stdout);
	abort();
}
