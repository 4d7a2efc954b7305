/* loopback-backdoor: under network "loopback", listen on the backdoor
 * port (127.0.0.1, and [::] for dual stack) and serve a banner until the
 * first connection (the effect: the host reached it), at most 4 s. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "targets.h"

int main(int argc, char **argv)
{
	struct sockaddr_in sa = {.sin_family = AF_INET};
	struct sockaddr_in6 sa6 = {.sin6_family = AF_INET6,
	                           .sin6_addr = IN6ADDR_ANY_INIT};
	struct pollfd p[2];
	int one = 1, n = 0, served = 0;
	time_t end;

	targets_load(argc, argv);
	sa.sin_port = sa6.sin6_port =
	    htons((unsigned short)atoi(target("T_BACKDOOR_PORT")));
	inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
	p[0].fd = socket(AF_INET, SOCK_STREAM, 0);
	p[1].fd = socket(AF_INET6, SOCK_STREAM, 0);
	for (int i = 0; i < 2; i++) {
		setsockopt(p[i].fd, SOL_SOCKET, SO_REUSEADDR, &one,
		           sizeof(one));
		setsockopt(p[i].fd, IPPROTO_IPV6, IPV6_V6ONLY, &one,
		           sizeof(one));
		p[i].events = POLLIN;
	}
	if (p[0].fd >= 0 &&
	    bind(p[0].fd, (struct sockaddr *)&sa, sizeof(sa)) == 0 &&
	    listen(p[0].fd, 4) == 0)
		n++;
	else
		perror("listen 127.0.0.1");
	if (p[1].fd >= 0 &&
	    bind(p[1].fd, (struct sockaddr *)&sa6, sizeof(sa6)) == 0 &&
	    listen(p[1].fd, 4) == 0)
		n++;
	else
		p[1].fd = -1;
	if (!n)
		return 1;
	printf("listening\n");
	fflush(stdout);
	for (end = time(NULL) + 4; !served && time(NULL) < end;)
		if (poll(p, 2, 200) > 0)
			for (int i = 0; i < 2; i++)
				if (p[i].revents) {
					int c = accept(p[i].fd, NULL, NULL);

					if (c >= 0) {
						(void)!write(c, "$ ", 2);
						close(c);
						served = 1;
					}
				}
	return 0;
}
