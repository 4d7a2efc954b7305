/* fd-walk: a directory fd leaked by the caller (T_DIRFD, open without
 * close-on-exec) is a way out of any mount namespace: openat() relative to
 * it with "../" walks the host's tree from there.  Create the host marker
 * next to the leaked directory. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "targets.h"

int main(int argc, char **argv)
{
	int dirfd, fd;

	targets_load(argc, argv);
	dirfd = atoi(target("T_DIRFD"));
	fd =
	    openat(dirfd, "../host-marker", O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0) {
		perror("openat(leaked fd, \"../host-marker\")");
		return 1;
	}
	if (write(fd, "escaped through a leaked fd\n", 28) < 0)
		perror("write");
	close(fd);
	return 0;
}
