/*
 * netns.c - the runner's own network and UTS namespaces.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "netns.h"

static bool active;

bool netns_active(void)
{
	return active;
}

static int set_addr(int fd, const char *ifname, const char *addr)
{
	struct ifreq ifr;
	struct sockaddr_in *sa = (struct sockaddr_in *)&ifr.ifr_addr;

	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ifname);
	sa->sin_family = AF_INET;
	if (inet_pton(AF_INET, addr, &sa->sin_addr) != 1 ||
	    ioctl(fd, SIOCSIFADDR, &ifr) < 0)
		return -1;
	inet_pton(AF_INET, "255.255.255.255", &sa->sin_addr);
	return ioctl(fd, SIOCSIFNETMASK, &ifr);
}

int netns_enter(char *err, size_t err_size)
{
	struct ifreq ifr;
	int fd;

	if (geteuid() != 0) {
		snprintf(err, err_size, "not root");
		return -1;
	}
	if (unshare(CLONE_NEWNET | CLONE_NEWUTS) < 0) {
		snprintf(err, err_size,
		         "unshare(CLONE_NEWNET|CLONE_NEWUTS): %s",
		         strerror(errno));
		return -1;
	}
	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "lo");
	if (fd < 0 || ioctl(fd, SIOCGIFFLAGS, &ifr) < 0 ||
	    (ifr.ifr_flags |= IFF_UP | IFF_RUNNING,
	     ioctl(fd, SIOCSIFFLAGS, &ifr) < 0) ||
	    set_addr(fd, "lo:1", NETNS_HOST_ADDR) < 0 ||
	    set_addr(fd, "lo:2", NETNS_META_ADDR) < 0) {
		snprintf(err, err_size,
		         "setting up loopback in the runner's network "
		         "namespace: %s",
		         strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	close(fd);
	active = true;
	return 0;
}

bool netns_available(char *why, size_t size)
{
	static int known = -1;
	static char reason[256];
	int p[2], status;
	pid_t pid;

	if (known < 0) {
		known = 0;
		snprintf(reason, sizeof(reason), "not root");
		if (geteuid() == 0 && pipe(p) == 0) {
			pid = fork();
			if (pid == 0) {
				char err[256] = "";

				close(p[0]);
				if (netns_enter(err, sizeof(err)) < 0)
					(void)!write(p[1], err, strlen(err));
				_exit(0);
			}
			close(p[1]);
			reason[0] = '\0';
			if (pid > 0) {
				ssize_t n =
				    read(p[0], reason, sizeof(reason) - 1);

				reason[n > 0 ? n : 0] = '\0';
				waitpid(pid, &status, 0);
				known = n <= 0;
			}
			close(p[0]);
		}
	}
	if (!known)
		snprintf(why, size,
		         "needs its own network namespace (root only): %s",
		         reason);
	return known;
}
