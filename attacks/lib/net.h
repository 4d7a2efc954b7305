/*
 * net.h - the one network primitive C attacks share: a TCP connection to
 * the attacker's listener named in the targets file.  Header-only so each
 * attack stays one file.
 */
#ifndef SECURER_ATTACK_NET_H
#define SECURER_ATTACK_NET_H

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

/* A connected socket to |host|:|port|, or -1 (with the reason on stderr). */
static int connect_tcp(const char *host, const char *port)
{
	struct sockaddr_in sa = {.sin_family = AF_INET};
	int fd;

	sa.sin_port = htons((unsigned short)atoi(port));
	if (inet_pton(AF_INET, host, &sa.sin_addr) != 1) {
		fprintf(stderr, "bad address %s\n", host);
		return -1;
	}
	fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		perror("connect");
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return fd;
}

#endif
