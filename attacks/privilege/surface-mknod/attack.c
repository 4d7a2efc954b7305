/* surface-mknod: the first step of reading the host disk raw is a block
 * device node (8:0, sda).  In a directory that does not exist the call can
 * only fail: ENOENT means the kernel resolved the path before refusing. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "targets.h"

/* "<what> (<errno>) <T_PROBE>" when the kernel itself answered: any result
 * but the EPERM, EACCES or ENOSYS a filter (or a missing feature) gives. */
static void report(const char *what, long rc)
{
	int e = errno;

	if (rc >= 0)
		printf("%s (returned %ld) %s\n", what, rc, target("T_PROBE"));
	else if (e != EPERM && e != EACCES && e != ENOSYS)
		printf("%s (%s) %s\n", what, strerrorname_np(e), target("T_PROBE"));
	else
		printf("%s: stopped (%s)\n", what, strerrorname_np(e));
	fflush(stdout);
}

int main(int argc, char **argv)
{
	char dir[1100], node[1200];
	struct stat st;

	targets_load(argc, argv);
	snprintf(dir, sizeof(dir), "%s/no-such-dir", target("T_CASE"));
	snprintf(node, sizeof(node), "%s/sda", dir);
	if (stat(dir, &st) == 0 || errno != ENOENT) {
		fprintf(stderr, "%s exists: not probing\n", dir);
		return 1;
	}
	report("mknod(block 8:0)", mknod(node, S_IFBLK | 0600, makedev(8, 0)));
	return 0;
}
