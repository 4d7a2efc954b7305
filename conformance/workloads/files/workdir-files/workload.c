/* the working directory: a folder, a file written, renamed, appended */
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

int main(void)
{
	char line[64];
	FILE *f;
	int n = 0;

	if (mkdir("wl-wd-c", 0755) < 0 || !(f = fopen("wl-wd-c/a.txt", "w")))
		return perror("create"), 1;
	fputs("alpha\n", f);
	fclose(f);
	if (rename("wl-wd-c/a.txt", "wl-wd-c/b.txt") < 0 ||
	    !(f = fopen("wl-wd-c/b.txt", "a")))
		return perror("rename"), 1;
	fputs("beta\n", f);
	fclose(f);
	if (!(f = fopen("wl-wd-c/b.txt", "r")))
		return perror("read"), 1;
	while (fgets(line, sizeof(line), f))
		n++;
	fclose(f);
	printf("@@ lines %d\n", n);
	unlink("wl-wd-c/b.txt");
	printf("@@ cleaned %s\n", rmdir("wl-wd-c") == 0 ? "yes" : "no");
	printf("@@ done\n");
	return 0;
}
