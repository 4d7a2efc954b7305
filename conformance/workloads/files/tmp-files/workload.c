/* a private temporary directory: files written, read back, removed */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(void)
{
	char dir[256], path[512];
	const char *tmp = getenv("TMPDIR");
	long bytes = 0;
	int files = 0;
	DIR *d;
	struct dirent *e;

	snprintf(dir, sizeof(dir), "%s/wl-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir))
		return perror("mkdtemp"), 1;
	for (int i = 0; i < 100; i++) {
		FILE *f;

		snprintf(path, sizeof(path), "%s/f%d.txt", dir, i);
		if (!(f = fopen(path, "w")))
			return perror(path), 1;
		fprintf(f, "line %d\n", i);
		fclose(f);
	}
	if (!(d = opendir(dir)))
		return perror(dir), 1;
	while ((e = readdir(d))) {
		FILE *f;
		char buf[64];

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (!(f = fopen(path, "r")))
			return perror(path), 1;
		bytes += (long)fread(buf, 1, sizeof(buf), f);
		fclose(f);
		unlink(path);
		files++;
	}
	closedir(d);
	printf("@@ files %d bytes %ld\n", files, bytes);
	printf("@@ removed %s\n", rmdir(dir) == 0 ? "yes" : "no");
	printf("@@ done\n");
	return 0;
}
