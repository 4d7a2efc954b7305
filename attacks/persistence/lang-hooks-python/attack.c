/* lang-hooks-python: run 1 drops a .pth into the user site; run 2 starts
 * python3 as any later job would. */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "targets.h"

int main(int argc, char **argv)
{
	char site[1024] = "", pth[1200];
	FILE *p;

	targets_load(argc, argv);
	if (strcmp(target("T_STAGE"), "1") != 0) {
		execlp("python3", "python3", "-c", "print('analysis done')",
		       (char *)NULL);
		perror("python3");
		return 1;
	}
	if (!(p = popen(
	          "python3 -c 'import site; print(site.getusersitepackages())'",
	          "r")) ||
	    !fgets(site, sizeof(site), p))
		return 1;
	pclose(p);
	site[strcspn(site, "\n")] = '\0';
	/* mkdir -p */
	for (char *s = site + 1; *s; s++)
		if (*s == '/') {
			*s = '\0';
			mkdir(site, 0755);
			*s = '/';
		}
	mkdir(site, 0755);
	snprintf(pth, sizeof(pth), "%s/zz-update.pth", site);
	if (!(p = fopen(pth, "w"))) {
		perror(pth);
		return 1;
	}
	fprintf(p, "import os; open('%s', 'w').close()\n", target("T_MARKER"));
	return fclose(p) != 0;
}
