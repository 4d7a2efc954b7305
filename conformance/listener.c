/*
 * listener.c - the loopback TCP listener thread.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "listener.h"

/* Reads the request for up to 1 s, records it, answers. */
static void serve(struct listener *l, int fd)
{
	char req[4096], resp[1400], body[1024];
	struct pollfd p = {fd, POLLIN, 0};
	size_t len = 0;

	while (len + 1 < sizeof(req) && !memmem(req, len, "\r\n\r\n", 4) &&
	       poll(&p, 1, 1000) > 0) {
		ssize_t n = read(fd, req + len, sizeof(req) - 1 - len);

		if (n <= 0)
			break;
		len += (size_t)n;
	}
	req[len] = '\0';
	pthread_mutex_lock(&l->lock);
	if (l->hits++ == 0) {
		size_t k =
		    len < sizeof(l->first) - 1 ? len : sizeof(l->first) - 1;

		for (size_t i = 0; i < k; i++)
			l->first[i] =
			    (req[i] >= 32 && req[i] < 127) ? req[i] : '.';
		l->first[k] = '\0';
	}
	snprintf(body, sizeof(body), "%s",
	         strncmp(req, "GET /stage2.sh", 14) == 0 ? l->stage2 : "ok\n");
	pthread_mutex_unlock(&l->lock);
	snprintf(resp, sizeof(resp),
	         "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n"
	         "Content-Length: %zu\r\n\r\n%s",
	         strlen(body), body);
	(void)!write(fd, resp, strlen(resp));
}

static void *run(void *arg)
{
	struct listener *l = arg;

	for (;;) {
		struct pollfd p[2] = {{l->fd, POLLIN, 0},
		                      {l->stop_pipe[0], POLLIN, 0}};
		int c;

		if (poll(p, 2, -1) < 0 && errno != EINTR)
			break;
		if (p[1].revents)
			break;
		if (!p[0].revents)
			continue;
		c = accept4(l->fd, NULL, NULL, SOCK_CLOEXEC);
		if (c < 0)
			continue;
		serve(l, c);
		close(c);
	}
	return NULL;
}

int listener_start(struct listener *l, char *err, size_t err_size)
{
	struct sockaddr_in sa = {.sin_family = AF_INET};
	socklen_t sl = sizeof(sa);

	memset(l, 0, sizeof(*l));
	pthread_mutex_init(&l->lock, NULL);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	l->fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (l->fd < 0 || bind(l->fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
	    listen(l->fd, 128) < 0 ||
	    getsockname(l->fd, (struct sockaddr *)&sa, &sl) < 0 ||
	    pipe2(l->stop_pipe, O_CLOEXEC) < 0) {
		snprintf(err, err_size, "cannot listen on 127.0.0.1: %s",
		         strerror(errno));
		return -1;
	}
	l->port = ntohs(sa.sin_port);
	if (pthread_create(&l->thread, NULL, run, l) != 0) {
		snprintf(err, err_size, "cannot start the listener thread");
		return -1;
	}
	return 0;
}

void listener_reset(struct listener *l, const char *stage2)
{
	pthread_mutex_lock(&l->lock);
	l->hits = 0;
	l->first[0] = '\0';
	snprintf(l->stage2, sizeof(l->stage2), "%s", stage2);
	pthread_mutex_unlock(&l->lock);
}

int listener_hits(struct listener *l, char *evidence, size_t size)
{
	int hits;

	pthread_mutex_lock(&l->lock);
	hits = l->hits;
	if (hits)
		snprintf(evidence, size,
		         "127.0.0.1:%d got %d connection%s: \"%.80s\"", l->port,
		         hits, hits == 1 ? "" : "s", l->first);
	pthread_mutex_unlock(&l->lock);
	return hits;
}

void listener_stop(struct listener *l)
{
	(void)!write(l->stop_pipe[1], "x", 1);
	pthread_join(l->thread, NULL);
	close(l->fd);
	close(l->stop_pipe[0]);
	close(l->stop_pipe[1]);
	pthread_mutex_destroy(&l->lock);
}
