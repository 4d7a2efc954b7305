/* surface-net-families: socket() of each family beside AF_UNIX under
 * network none, closed at once.  Only families already in this kernel's
 * everyday use (no rare protocol whose module a socket() call would load
 * on the host when the control runs as root). */
#include <errno.h>
#include <linux/if_ether.h>
#include <linux/netlink.h>
#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>

#include "probe.h"

int main(int argc, char **argv)
{
	static const struct {
		const char *name;
		int family, type, proto;
	} f[] = {
	    {"socket(AF_INET6)", AF_INET6, SOCK_STREAM, 0},
	    {"socket(AF_NETLINK)", AF_NETLINK, SOCK_RAW, NETLINK_ROUTE},
	    {"socket(AF_PACKET)", AF_PACKET, SOCK_DGRAM, 0},
	    {"socket(AF_VSOCK)", AF_VSOCK, SOCK_STREAM, 0},
	    {"socket(AF_ALG)", AF_ALG, SOCK_SEQPACKET, 0},
	};

	targets_load(argc, argv);
	for (size_t i = 0; i < sizeof(f) / sizeof(f[0]); i++) {
		int fd = socket(f[i].family, f[i].type, f[i].proto);

		probe_report(f[i].name, fd);
		if (fd >= 0)
			close(fd);
	}
	return 0;
}
