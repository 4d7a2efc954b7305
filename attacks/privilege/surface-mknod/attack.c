/* surface-mknod: the first step of reading the host disk raw is a block
 * device node (8:0, sda).  In a directory that does not exist the call can
 * only fail: ENOENT means the kernel resolved the path before refusing. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "probe.h"

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
	probe_report("mknod(block 8:0)",
	             mknod(node, S_IFBLK | 0600, makedev(8, 0)));
	return 0;
}
