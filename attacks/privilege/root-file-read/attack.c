/* root-file-read: read a file only root may read (mode 0400, owned by the
 * runner), the way code running as root on the host simply can. */
#include <stdio.h>

#include "targets.h"

int main(int argc, char **argv)
{
	FILE *f;
	int c;

	targets_load(argc, argv);
	if (!(f = fopen(target("T_ROOTFILE"), "r"))) {
		perror(target("T_ROOTFILE"));
		return 1;
	}
	while ((c = fgetc(f)) != EOF)
		putchar(c);
	fclose(f);
	return 0;
}
