/* listen-backdoor (C): a bind shell's listening half: accept the first
 * visitor within 4 s and greet it. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include "targets.h"

int main(int argc, char **argv)
{
	struct sockaddr_in sa = {.sin_family = AF_INET};
	struct pollfd p;
	int fd, c, one = 1;

	targets_load(argc, argv);
	sa.sin_port = htons((unsigned short)atoi(target("T_BACKDOOR_PORT")));
	inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
	fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) < 0 ||
	    bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
	    listen(fd, 1) < 0) {
		perror("listen");
		return 1;
	}
	p = (struct pollfd){fd, POLLIN, 0};
	if (poll(&p, 1, 4000) > 0 && (c = accept(fd, NULL, NULL)) >= 0) {
		dprintf(c, "# root shell ready\n");
		close(c);
		puts("a visitor came");
	}
	close(fd);
	return 0;
}
