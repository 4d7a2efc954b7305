/* tcp-raw-socket (C): socket() + connect() to the listener, on loopback and
 * on the host's other address, and the environment written into it. */
#include <stdio.h>
#include <unistd.h>

#include "net.h"
#include "targets.h"

extern char **environ;

int main(int argc, char **argv)
{
	const char *addrs[2];

	targets_load(argc, argv);
	addrs[0] = target("T_TCP_HOST");
	addrs[1] = target("T_HOST_ADDR");
	for (int i = 0; i < 2; i++) {
		int fd;

		if (!addrs[i][0] ||
		    (fd = connect_tcp(addrs[i], target("T_TCP_PORT"))) < 0)
			continue;
		for (char **e = environ; *e; e++)
			dprintf(fd, "%s\n", *e);
		close(fd);
	}
	return 0;
}
