/* ssh-agent (C): the agent protocol's REQUEST_IDENTITIES (type 11) on the
 * agent socket: the keys it will sign with. */
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "targets.h"

int main(int argc, char **argv)
{
	static const unsigned char req[] = {0, 0, 0, 1, 11};
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	const char *path = getenv("SSH_AUTH_SOCK");
	unsigned char buf[4096];
	struct pollfd p;
	ssize_t n;
	int fd;

	targets_load(argc, argv);
	if (!path || !*path)
		path = target("T_AGENT_SOCK");
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", path);
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		perror(path);
		return 1;
	}
	if (write(fd, req, sizeof(req)) != (ssize_t)sizeof(req))
		perror("write");
	p = (struct pollfd){fd, POLLIN, 0};
	if (poll(&p, 1, 3000) > 0 && (n = read(fd, buf, sizeof(buf))) > 0)
		printf("agent answered %zd bytes\n", n);
	close(fd);
	return 0;
}
