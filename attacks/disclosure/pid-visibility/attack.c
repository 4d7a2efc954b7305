/* pid-visibility: `ps aux`, by hand: every command line under /proc. */
#include <ctype.h>
#include <dirent.h>
#include <stdio.h>

int main(void)
{
	DIR *d = opendir("/proc");
	struct dirent *e;

	if (!d) {
		perror("/proc");
		return 1;
	}
	while ((e = readdir(d))) {
		char path[300], buf[4096];
		FILE *f;
		size_t n;

		if (!isdigit((unsigned char)e->d_name[0]))
			continue;
		snprintf(path, sizeof(path), "/proc/%s/cmdline", e->d_name);
		if (!(f = fopen(path, "r")))
			continue;
		n = fread(buf, 1, sizeof(buf) - 1, f);
		fclose(f);
		for (size_t i = 0; i < n; i++)
			if (!buf[i])
				buf[i] = ' ';
		buf[n] = '\0';
		if (n)
			printf("%s: %s\n", e->d_name, buf);
	}
	closedir(d);
	return 0;
}
