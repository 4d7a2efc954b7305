/* setuid-plant: a setuid copy of /bin/sh in the workspace (created with
 * the bit, and chmod'ed), and the bit on a read-only bound root file. */
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "targets.h"

static void copy(const char *to, mode_t mode)
{
	char buf[65536];
	int in = open("/bin/sh", O_RDONLY),
	    out = open(to, O_CREAT | O_WRONLY | O_TRUNC, mode);
	ssize_t n;

	if (in < 0 || out < 0) {
		perror(to);
	} else {
		while ((n = read(in, buf, sizeof(buf))) > 0)
			if (write(out, buf, (size_t)n) != n)
				break;
		puts("copied");
	}
	if (in >= 0)
		close(in);
	if (out >= 0)
		close(out);
}

int main(int argc, char **argv)
{
	char a[1200];

	targets_load(argc, argv);
	snprintf(a, sizeof(a), "%s/.helper", target("T_WORK"));
	copy(a, 04755);
	snprintf(a, sizeof(a), "%s/.helper2", target("T_WORK"));
	copy(a, 0755);
	printf("chmod: %d\n", chmod(a, 04755));
	snprintf(a, sizeof(a), "%s/customers.db", target("T_PROD"));
	printf("read-only: %d\n", chmod(a, 04644));
	return 0;
}
