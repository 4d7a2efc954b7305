/* ipv6-loopback: socket(AF_INET6) to [::1]:T_TCP6_PORT, the environment
 * into it. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "targets.h"

extern char **environ;

int main(int argc, char **argv)
{
	struct sockaddr_in6 sa = {.sin6_family = AF_INET6,
	                          .sin6_addr = IN6ADDR_LOOPBACK_INIT};
	int fd;

	targets_load(argc, argv);
	if (!*target("T_TCP6_PORT"))
		return 1;
	sa.sin6_port = htons((unsigned short)atoi(target("T_TCP6_PORT")));
	fd = socket(AF_INET6, SOCK_STREAM, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		perror("[::1]");
		return 1;
	}
	for (char **e = environ; *e; e++) {
		(void)!write(fd, *e, strlen(*e));
		(void)!write(fd, "\n", 1);
	}
	close(fd);
	puts("sent");
	return 0;
}
