/* abstract-unix-socket: connect(AF_UNIX, "\0name") to the harness's
 * abstract listener and write the environment into it.  AF_UNIX stays
 * allowed under network none; only the network namespace fences the
 * abstract names. */
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "targets.h"

extern char **environ;

int main(int argc, char **argv)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	const char *name;
	size_t n;
	int fd;

	targets_load(argc, argv);
	name = target("T_ABSTRACT_SOCK");
	n = strlen(name);
	if (!n || n + 1 >= sizeof(sa.sun_path))
		return 1;
	memcpy(sa.sun_path + 1, name, n); /* sun_path[0] == 0: abstract */
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	if (fd < 0 ||
	    connect(fd, (struct sockaddr *)&sa,
	            (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 +
	                        n)) < 0) {
		perror("connect");
		return 1;
	}
	for (char **e = environ; *e; e++) {
		(void)!write(fd, *e, strlen(*e));
		(void)!write(fd, "\n", 1);
	}
	(void)!write(fd, "\r\n\r\n", 4);
	close(fd);
	puts("sent");
	return 0;
}
