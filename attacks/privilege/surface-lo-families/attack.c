/* surface-lo-families: under network "loopback" IP sockets are the
 * point; the families its network namespace does not fence in must stay
 * shut: AF_VSOCK, AF_PACKET, AF_ALG, each opened and closed at once. */
#include <errno.h>
#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>

#include "probe.h"

int main(int argc, char **argv)
{
	static const struct {
		const char *name;
		int family, type;
	} f[] = {
	    {"socket(AF_VSOCK)", AF_VSOCK, SOCK_STREAM},
	    {"socket(AF_PACKET)", AF_PACKET, SOCK_DGRAM},
	    {"socket(AF_ALG)", AF_ALG, SOCK_SEQPACKET},
	};

	targets_load(argc, argv);
	for (size_t i = 0; i < sizeof(f) / sizeof(f[0]); i++) {
		int fd = socket(f[i].family, f[i].type, 0);

		probe_report(f[i].name, fd);
		if (fd >= 0)
			close(fd);
	}
	return 0;
}
