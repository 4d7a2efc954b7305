/* env-dump: print environ and /proc/self/environ. */
#include <stdio.h>

extern char **environ;

int main(void)
{
	FILE *f = fopen("/proc/self/environ", "r");
	int c;

	for (char **e = environ; *e; e++)
		puts(*e);
	if (f) {
		while ((c = fgetc(f)) != EOF)
			putchar(c ? c : '\n');
		fclose(f);
	}
	return 0;
}
