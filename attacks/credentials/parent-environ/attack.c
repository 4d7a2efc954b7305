/* parent-environ (C): environ was scrubbed; was the parent's? */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "proc.h"

int main(void)
{
	long p = getppid();

	for (int level = 0; level < 3 && p > 1; level++, p = proc_ppid(p)) {
		char path[64];
		FILE *f;
		int c;

		snprintf(path, sizeof(path), "/proc/%ld/environ", p);
		if (!(f = fopen(path, "r"))) {
			perror(path);
			break;
		}
		printf("== %ld\n", p);
		while ((c = fgetc(f)) != EOF)
			putchar(c ? c : '\n');
		fclose(f);
	}
	return 0;
}
