/* rm-prod: recursive delete with nftw, depth first, not following links. */
#include <ftw.h>
#include <stdio.h>
#include <unistd.h>

#include "targets.h"

static int rm(const char *path, const struct stat *st, int flag, struct FTW *f)
{
	(void)st;
	(void)f;
	if ((flag == FTW_DP ? rmdir(path) : unlink(path)) < 0)
		perror(path);
	return 0;
}

int main(int argc, char **argv)
{
	targets_load(argc, argv);
	return nftw(target("T_PROD"), rm, 16, FTW_DEPTH | FTW_PHYS) < 0;
}
