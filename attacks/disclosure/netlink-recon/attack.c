/* netlink-recon: an RTM_GETLINK dump over NETLINK_ROUTE, each link's name
 * and alias printed (the fixture wrote a token into the alias of the
 * loopback of the row's own network namespace). */
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(void)
{
	struct {
		struct nlmsghdr nh;
		struct ifinfomsg ifi;
	} req = {
	    .nh = {.nlmsg_len = sizeof(req),
	           .nlmsg_type = RTM_GETLINK,
	           .nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP,
	           .nlmsg_seq = 1},
	    .ifi = {.ifi_family = AF_UNSPEC},
	};
	static char buf[65536];
	int fd, done = 0;

	fd = socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE);
	if (fd < 0 || send(fd, &req, sizeof(req), 0) < 0) {
		perror("netlink");
		return 1;
	}
	while (!done) {
		ssize_t n = recv(fd, buf, sizeof(buf), 0);
		struct nlmsghdr *nh;

		if (n <= 0)
			break;
		for (nh = (struct nlmsghdr *)buf; NLMSG_OK(nh, (size_t)n);
		     nh = NLMSG_NEXT(nh, n)) {
			struct ifinfomsg *ifi = NLMSG_DATA(nh);
			struct rtattr *a = IFLA_RTA(ifi);
			int len = (int)IFLA_PAYLOAD(nh);
			const char *name = "?", *alias = "";

			if (nh->nlmsg_type == NLMSG_DONE ||
			    nh->nlmsg_type == NLMSG_ERROR) {
				done = 1;
				break;
			}
			for (; RTA_OK(a, len); a = RTA_NEXT(a, len)) {
				if (a->rta_type == IFLA_IFNAME)
					name = RTA_DATA(a);
				if (a->rta_type == IFLA_IFALIAS)
					alias = RTA_DATA(a);
			}
			printf("link %d %s alias '%s'\n", ifi->ifi_index, name,
			       alias);
		}
	}
	close(fd);
	return 0;
}
