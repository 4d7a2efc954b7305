/* host-recon: "which machine am I on?": gethostname, uname and the files
 * that hold the host name. */
#include <stdio.h>
#include <sys/utsname.h>
#include <unistd.h>

static void cat(const char *path)
{
	char line[256];
	FILE *f = fopen(path, "r");

	if (!f) {
		perror(path);
		return;
	}
	while (fgets(line, sizeof(line), f))
		printf("%s: %s", path, line);
	fclose(f);
}

int main(void)
{
	char name[256] = "";
	struct utsname u;

	if (gethostname(name, sizeof(name)) == 0)
		printf("gethostname: %s\n", name);
	if (uname(&u) == 0)
		printf("uname: %s\n", u.nodename);
	cat("/proc/sys/kernel/hostname");
	cat("/etc/hostname");
	return 0;
}
