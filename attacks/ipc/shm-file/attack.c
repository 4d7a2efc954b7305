/* shm-file: what lives in /dev/shm, and the host's named segment's
 * content. */
#include <dirent.h>
#include <stdio.h>

#include "targets.h"

int main(int argc, char **argv)
{
	DIR *d = opendir("/dev/shm");
	struct dirent *e;
	char buf[4096];
	size_t n;
	FILE *f;

	targets_load(argc, argv);
	while (d && (e = readdir(d)))
		printf("/dev/shm/%s\n", e->d_name);
	if (d)
		closedir(d);
	if (!(f = fopen(target("T_SHM_FILE"), "r"))) {
		perror(target("T_SHM_FILE"));
		return 1;
	}
	n = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	fwrite(buf, 1, n, stdout);
	putchar('\n');
	return 0;
}
