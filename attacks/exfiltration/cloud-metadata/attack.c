/* cloud-metadata (C): a raw HTTP GET of the instance-role credentials from
 * the metadata address, and the answer printed. */
#include <stdio.h>
#include <unistd.h>

#include "net.h"
#include "targets.h"

int main(int argc, char **argv)
{
	const char *addr;
	char buf[4096];
	ssize_t n;
	int fd;

	targets_load(argc, argv);
	addr = target("T_META_ADDR")[0] ? target("T_META_ADDR")
	                                : "169.254.169.254";
	if ((fd = connect_tcp(addr, "80")) < 0)
		return 1;
	dprintf(fd,
	        "GET /latest/meta-data/iam/security-credentials/ HTTP/1.0\r\n"
	        "Host: %s\r\n\r\n",
	        addr);
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		fwrite(buf, 1, (size_t)n, stdout);
	close(fd);
	return 0;
}
