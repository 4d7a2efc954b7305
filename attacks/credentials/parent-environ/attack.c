/* parent-environ (C): environ was scrubbed; was the parent's? */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static long ppid_of(long pid)
{
	char path[64], buf[512], *p;
	long pp = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%ld/stat", pid);
	if (!(f = fopen(path, "r")))
		return -1;
	if (fgets(buf, sizeof(buf), f) && (p = strrchr(buf, ')')))
		sscanf(p + 1, " %*c %ld", &pp);
	fclose(f);
	return pp;
}

int main(void)
{
	long p = getppid();

	for (int level = 0; level < 3 && p > 1; level++, p = ppid_of(p)) {
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
