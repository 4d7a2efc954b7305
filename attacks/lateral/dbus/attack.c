/* dbus (C): the D-Bus handshake by hand: a NUL byte, then AUTH EXTERNAL with
 * our uid in hex, as every client library does. */
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "targets.h"

int main(int argc, char **argv)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	const char *addr = getenv("DBUS_SESSION_BUS_ADDRESS"), *path;
	char uid[16], msg[64], buf[512];
	struct pollfd p;
	size_t len;
	ssize_t n;
	int fd;

	targets_load(argc, argv);
	path = addr && strstr(addr, "path=") ? strstr(addr, "path=") + 5
	                                     : target("T_DBUS_SOCK");
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%.*s",
	         (int)strcspn(path, ","), path);
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		perror(sa.sun_path);
		return 1;
	}
	snprintf(uid, sizeof(uid), "%u", (unsigned)getuid());
	msg[0] = '\0';
	len = 1 + (size_t)snprintf(msg + 1, sizeof(msg) - 1, "AUTH EXTERNAL ");
	for (char *c = uid; *c; c++)
		len +=
		    (size_t)snprintf(msg + len, sizeof(msg) - len, "%02x", *c);
	len += (size_t)snprintf(msg + len, sizeof(msg) - len, "\r\n");
	if (write(fd, msg, len) != (ssize_t)len)
		perror("write");
	p = (struct pollfd){fd, POLLIN, 0};
	if (poll(&p, 1, 3000) > 0 && (n = read(fd, buf, sizeof(buf) - 1)) > 0) {
		buf[n] = '\0';
		printf("bus says: %s\n", buf);
	}
	close(fd);
	return 0;
}
