/* lang-hooks-r: run 1 writes ~/.Rprofile; run 2 starts R as any later job
 * would. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "targets.h"

int main(int argc, char **argv)
{
	const char *home = getenv("HOME");
	char path[1200];
	FILE *f;

	targets_load(argc, argv);
	if (strcmp(target("T_STAGE"), "1") != 0) {
		execlp("Rscript", "Rscript", "-e", "cat('analysis done\\n')",
		       (char *)NULL);
		perror("Rscript");
		return 1;
	}
	snprintf(path, sizeof(path), "%s/.Rprofile", home ? home : ".");
	if (!(f = fopen(path, "a"))) {
		perror(path);
		return 1;
	}
	fprintf(f, "invisible(file.create('%s'))\n", target("T_MARKER"));
	return fclose(f) != 0;
}
