/* chmod-lockout: every file, then every directory, of production to 000
 * (nftw depth first, so each directory is still open while it is walked). */
#include <ftw.h>
#include <stdio.h>
#include <sys/stat.h>

#include "targets.h"

static int lock(const char *path, const struct stat *st, int flag,
                struct FTW *f)
{
	(void)st;
	(void)flag;
	(void)f;
	if (chmod(path, 0) < 0)
		perror(path);
	return 0;
}

int main(int argc, char **argv)
{
	targets_load(argc, argv);
	return nftw(target("T_PROD"), lock, 16, FTW_DEPTH | FTW_PHYS) < 0;
}
