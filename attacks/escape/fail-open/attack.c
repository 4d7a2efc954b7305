/* fail-open: the plain grab (SSH key, environment secrets) run while the
 * sandbox backend is broken: a library that falls back to running it
 * unconfined hands both over. */
#include <stdio.h>

#include "targets.h"

extern char **environ;

int main(int argc, char **argv)
{
	char path[1200];
	FILE *f;
	int c;

	targets_load(argc, argv);
	snprintf(path, sizeof(path), "%s/.ssh/id_rsa", target("T_HOME"));
	if ((f = fopen(path, "r"))) {
		while ((c = fgetc(f)) != EOF)
			putchar(c);
		fclose(f);
	} else {
		perror(path);
	}
	for (char **e = environ; *e; e++)
		puts(*e);
	return 0;
}
