/* etc-secrets: print the secret files planted under /etc (T_ETC_FILES). */
#include <stdio.h>
#include <string.h>

#include "targets.h"

int main(int argc, char **argv)
{
	char list[512], *path, *save = NULL;

	targets_load(argc, argv);
	snprintf(list, sizeof(list), "%s", target("T_ETC_FILES"));
	for (path = strtok_r(list, " ", &save); path;
	     path = strtok_r(NULL, " ", &save)) {
		char buf[256];
		size_t n;
		FILE *f = fopen(path, "r");

		if (!f) {
			perror(path);
			continue;
		}
		n = fread(buf, 1, sizeof(buf) - 1, f);
		buf[n] = '\0';
		fclose(f);
		printf("%s: %s\n", path, buf);
	}
	return 0;
}
