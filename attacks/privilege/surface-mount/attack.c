/* surface-mount: the cgroup v1 release_agent escape (CVE-2022-0492)
 * starts by mounting a cgroup v1 hierarchy.  Here the mount point does not
 * exist, so the call can only fail: ENOENT means the kernel resolved the
 * path.  Also fsopen("cgroup") with unknown flags (new mount API): EINVAL. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "probe.h"

int main(int argc, char **argv)
{
	char dir[1100], target_dir[1200];
	struct stat st;
	long fd;

	targets_load(argc, argv);
	snprintf(dir, sizeof(dir), "%s/no-such-dir", target("T_CASE"));
	snprintf(target_dir, sizeof(target_dir), "%s/cgroup", dir);
	if (stat(dir, &st) == 0 || errno != ENOENT) {
		fprintf(stderr, "%s exists: not probing\n", dir);
		return 1;
	}
	probe_report("mount(cgroup)",
	             mount("cgroup", target_dir, "cgroup", 0, "rdma"));
	fd = syscall(SYS_fsopen, "cgroup", 0x80000000u);
	probe_report("fsopen(cgroup)", fd);
	if (fd >= 0)
		close((int)fd);
	return 0;
}
