/* a TCP echo over 127.0.0.1: a server thread and a client */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static int lfd;

static void *serve(void *arg)
{
	char buf[64];
	ssize_t n;
	int c = accept(lfd, NULL, NULL);

	(void)arg;
	if (c >= 0 && (n = read(c, buf, sizeof(buf))) > 0)
		(void)!write(c, buf, (size_t)n);
	if (c >= 0)
		close(c);
	return NULL;
}

int main(void)
{
	struct sockaddr_in sa = {.sin_family = AF_INET};
	socklen_t len = sizeof(sa);
	pthread_t t;
	char buf[64] = "";
	int c;

	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if ((lfd = socket(AF_INET, SOCK_STREAM, 0)) < 0 ||
	    bind(lfd, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
	    listen(lfd, 1) < 0 ||
	    getsockname(lfd, (struct sockaddr *)&sa, &len) < 0)
		return perror("listen"), 1;
	pthread_create(&t, NULL, serve, NULL);
	if ((c = socket(AF_INET, SOCK_STREAM, 0)) < 0 ||
	    connect(c, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		return perror("connect"), 1;
	(void)!write(c, "echo me", 7);
	if (read(c, buf, sizeof(buf) - 1) <= 0)
		return perror("read"), 1;
	pthread_join(t, NULL);
	printf("@@ echoed '%s'\n", buf);
	printf("@@ done\n");
	return 0;
}
