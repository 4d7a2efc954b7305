/*
 * listener.c - the attacker's servers of one case, on one thread.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "fmt.h"
#include "listener.h"
#include "netns.h"

#define PROBE_MS 50

/* The host's "other" address: only the runner's own network namespace
 * has one (netns.h); elsewhere listening on a real interface would open a
 * port to the network, so there is none. */
static void host_address(char *out, size_t size)
{
	out[0] = '\0';
	if (netns_active())
		snprintf(out, size, "%s", NETNS_HOST_ADDR);
}

static int add(struct listener *l, int fd, enum listen_kind kind,
               const char *name)
{
	if (fd < 0 || l->n == LISTEN_SOCKETS) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	l->fds[l->n] = fd;
	l->kinds[l->n] = kind;
	snprintf(l->names[l->n], sizeof(l->names[0]), "%s", name);
	l->n++;
	return 0;
}

/* A socket of |type| bound to |addr|:|port| (port 0: any). */
static int inet_socket(int type, const char *addr, int port, int *bound)
{
	struct sockaddr_in sa = {.sin_family = AF_INET};
	socklen_t sl = sizeof(sa);
	int fd = socket(AF_INET, type | SOCK_CLOEXEC, 0), one = 1;

	if (fd < 0)
		return -1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	sa.sin_port = htons((unsigned short)port);
	if (inet_pton(AF_INET, addr, &sa.sin_addr) != 1 ||
	    bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
	    (type == SOCK_STREAM && listen(fd, 128) < 0) ||
	    getsockname(fd, (struct sockaddr *)&sa, &sl) < 0) {
		close(fd);
		return -1;
	}
	if (bound)
		*bound = ntohs(sa.sin_port);
	return fd;
}

/* TCP on [::1]: 0 when the loopback has no IPv6. */
static int inet6_socket(int *bound)
{
	struct sockaddr_in6 sa = {.sin6_family = AF_INET6,
	                          .sin6_addr = IN6ADDR_LOOPBACK_INIT};
	socklen_t sl = sizeof(sa);
	int fd = socket(AF_INET6, SOCK_STREAM | SOCK_CLOEXEC, 0), one = 1;

	if (fd < 0)
		return -1;
	setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
	    listen(fd, 16) < 0 ||
	    getsockname(fd, (struct sockaddr *)&sa, &sl) < 0) {
		close(fd);
		return -1;
	}
	*bound = ntohs(sa.sin6_port);
	return fd;
}

/* A unix stream socket at the abstract address "\0|name|". */
static int abstract_socket(const char *name)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	size_t n = strlen(name);
	int fd;

	if (n + 1 >= sizeof(sa.sun_path))
		return -1;
	memcpy(sa.sun_path + 1, name, n);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd >= 0 &&
	    (bind(fd, (struct sockaddr *)&sa,
	          (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + n)) <
	         0 ||
	     listen(fd, 16) < 0)) {
		close(fd);
		return -1;
	}
	return fd;
}

static int unix_socket(const char *path)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	int fd;

	if (strlen(path) >= sizeof(sa.sun_path)) {
		errno = ENAMETOOLONG; /* the error says so, not a stale errno */
		return -1;
	}
	strcpy(sa.sun_path, path);
	unlink(path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd >= 0 && (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
	                listen(fd, 16) < 0)) {
		close(fd);
		return -1;
	}
	return fd;
}

static void record(struct listener *l, enum listen_kind kind, const char *where,
                   const char *data, size_t len)
{
	pthread_mutex_lock(&l->lock);
	if (l->hits[kind]++ == 0) {
		char clean[160];
		size_t k = len < sizeof(clean) - 1 ? len : sizeof(clean) - 1;

		for (size_t i = 0; i < k; i++)
			clean[i] =
			    (data[i] >= 32 && data[i] < 127) ? data[i] : '.';
		clean[k] = '\0';
		snprintf(l->first[kind], sizeof(l->first[0]), "%s: \"%s\"",
		         where, clean);
	}
	pthread_mutex_unlock(&l->lock);
}

/* Reads a request until 300 ms of silence, records it, answers HTTP-ish.
 * A request that cannot be HTTP (its first byte is not the capital of a
 * method: the ssh-agent's or D-Bus's binary messages) is taken as it came,
 * in its first read: such a client waits for an answer it will not get
 * anyway, and the connection alone is the effect. */
static void serve_stream(struct listener *l, int i)
{
	char req[4096], resp[1400], body[1024];
	int c = accept4(l->fds[i], NULL, NULL, SOCK_CLOEXEC);
	struct pollfd p;
	size_t len = 0;

	if (c < 0)
		return;
	p = (struct pollfd){c, POLLIN, 0};
	while (len + 1 < sizeof(req) && !memmem(req, len, "\r\n\r\n", 4) &&
	       poll(&p, 1, 300) > 0) {
		ssize_t n = read(c, req + len, sizeof(req) - 1 - len);

		if (n <= 0)
			break;
		len += (size_t)n;
		if (req[0] < 'A' || req[0] > 'Z')
			break;
	}
	req[len] = '\0';
	record(l, l->kinds[i], l->names[i], req, len);
	pthread_mutex_lock(&l->lock);
	snprintf(body, sizeof(body), "%s",
	         strncmp(req, "GET /stage2.sh", 14) == 0 ? l->stage2 : "ok\n");
	pthread_mutex_unlock(&l->lock);
	snprintf(resp, sizeof(resp),
	         "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n"
	         "Content-Length: %zu\r\n\r\n%s",
	         strlen(body), body);
	(void)!send(c, resp, strlen(resp), MSG_NOSIGNAL);
	close(c);
}

static void serve_datagram(struct listener *l, int i)
{
	char buf[2048];
	ssize_t n = recv(l->fds[i], buf, sizeof(buf), MSG_DONTWAIT);

	if (n >= 0)
		record(l, LISTEN_UDP, l->names[i], buf, (size_t)n);
}

/* Did an attack open the backdoor port where the runner can reach it? */
static void probe_backdoor(struct listener *l)
{
	struct sockaddr_in sa = {.sin_family = AF_INET};
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	sa.sin_port = htons((unsigned short)l->backdoor_port);
	inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
	if (fd >= 0 && connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0)
		record(l, LISTEN_BACKDOOR, "127.0.0.1 backdoor port",
		       "the runner connected", 20);
	if (fd >= 0)
		close(fd);
}

static void serve_ready(struct listener *l, const struct pollfd *p, int n)
{
	for (int i = 0; n > 0 && i < l->n; i++) {
		if (!p[i].revents)
			continue;
		if (l->kinds[i] == LISTEN_UDP)
			serve_datagram(l, i);
		else
			serve_stream(l, i);
	}
}

/* Everything queued now, until nothing is (bounded: a flood ends). */
static void serve_pending(struct listener *l)
{
	for (int round = 0; round < 256; round++) {
		struct pollfd p[LISTEN_SOCKETS];
		int n;

		for (int i = 0; i < l->n; i++)
			p[i] = (struct pollfd){l->fds[i], POLLIN, 0};
		if ((n = poll(p, (nfds_t)l->n, 0)) <= 0)
			return;
		serve_ready(l, p, n);
	}
}

static void *run(void *arg)
{
	struct listener *l = arg;

	for (;;) {
		struct pollfd p[LISTEN_SOCKETS + 1];
		int n;

		for (int i = 0; i < l->n; i++)
			p[i] = (struct pollfd){l->fds[i], POLLIN, 0};
		p[l->n] = (struct pollfd){l->stop_pipe[0], POLLIN, 0};
		n = poll(p, (nfds_t)l->n + 1, PROBE_MS);
		if (n < 0 && errno != EINTR)
			break;
		if (p[l->n].revents) {
			char c = 'x';

			if (read(l->stop_pipe[0], &c, 1) != 1 || c != 's')
				break;
			serve_pending(l);
			(void)!write(l->ack_pipe[1], "a", 1);
			continue;
		}
		serve_ready(l, p, n);
		if (l->probing)
			probe_backdoor(l);
	}
	return NULL;
}

int listener_sync(struct listener *l)
{
	struct pollfd p = {l->ack_pipe[0], POLLIN, 0};
	char c;

	if (write(l->stop_pipe[1], "s", 1) != 1 || poll(&p, 1, 10000) != 1 ||
	    read(l->ack_pipe[0], &c, 1) != 1)
		return -1;
	return 0;
}

/* The sockets' directory: |dir|/s, or, when even that would make a path
 * longer than a unix socket address holds (a deeper checkout still), a
 * directory of our own under $TMPDIR, removed by listener_stop. */
static int sock_dir(struct listener *l, const char *dir)
{
	struct sockaddr_un sa;
	const char *tmp = getenv("TMPDIR");

	if (fmt(l->sock_dir, sizeof(l->sock_dir), "%s/s", dir) < 0)
		return -1;
	if (strlen(l->sock_dir) + sizeof("/docker") > sizeof(sa.sun_path)) {
		if (fmt(l->sock_dir, sizeof(l->sock_dir),
		        "%s/securer-sock.XXXXXX",
		        tmp && *tmp == '/' ? tmp : "/tmp") < 0 ||
		    !mkdtemp(l->sock_dir))
			return -1;
		l->own_sock_dir = true;
		return 0;
	}
	return mkdir(l->sock_dir, 0755) < 0 && errno != EEXIST ? -1 : 0;
}

static int open_unix(struct listener *l)
{
	static const char *const names[4] = {"unix", "agent", "docker", "dbus"};

	for (int i = 0; i < 4; i++) {
		char name[32];

		/* Short names: a socket path holds 107 bytes, and the row's
		 * directory is already most of that in a deep checkout. */
		if (fmt(l->unix_path[i], sizeof(l->unix_path[0]), "%s/%s",
		        l->sock_dir, names[i]) < 0)
			return -1;
		snprintf(name, sizeof(name), "unix %s", names[i]);
		if (add(l, unix_socket(l->unix_path[i]), LISTEN_UNIX, name) < 0)
			return -1;
	}
	return 0;
}

int listener_start(struct listener *l, const char *dir, bool meta, char *err,
                   size_t err_size)
{
	int fd;

	memset(l, 0, sizeof(*l));
	pthread_mutex_init(&l->lock, NULL);
	l->stop_pipe[0] = l->stop_pipe[1] = -1;
	l->ack_pipe[0] = l->ack_pipe[1] = -1;
	host_address(l->host_addr, sizeof(l->host_addr));
	if (sock_dir(l, dir) < 0 ||
	    add(l, inet_socket(SOCK_STREAM, "127.0.0.1", 0, &l->tcp_port),
	        LISTEN_TCP, "tcp 127.0.0.1") < 0 ||
	    add(l, inet_socket(SOCK_DGRAM, "127.0.0.1", 0, &l->udp_port),
	        LISTEN_UDP, "udp 127.0.0.1") < 0 ||
	    open_unix(l) < 0 || pipe2(l->stop_pipe, O_CLOEXEC) < 0 ||
	    pipe2(l->ack_pipe, O_CLOEXEC) < 0)
		goto fail;
	/* An abstract address: only the network namespace holds it. */
	snprintf(l->abstract_name, sizeof(l->abstract_name),
	         "securer-conform-%d-%d", (int)getpid(), l->tcp_port);
	if (add(l, abstract_socket(l->abstract_name), LISTEN_UNIX,
	        "unix abstract") < 0)
		goto fail;
	{
		int port = 0, fd6 = inet6_socket(&port);

		if (fd6 >= 0 && add(l, fd6, LISTEN_TCP, "tcp [::1]") == 0)
			l->tcp6_port = port;
	}
	/* The host's other address: the same port when it is free there. */
	if (l->host_addr[0] &&
	    add(l, inet_socket(SOCK_STREAM, l->host_addr, l->tcp_port, NULL),
	        LISTEN_TCP, "tcp host address") < 0)
		l->host_addr[0] = '\0';
	if (meta && netns_active() &&
	    add(l, inet_socket(SOCK_STREAM, NETNS_META_ADDR, 80, NULL),
	        LISTEN_TCP, "tcp metadata " NETNS_META_ADDR ":80") == 0)
		snprintf(l->meta_addr, sizeof(l->meta_addr), "%s",
		         NETNS_META_ADDR);
	/* A free port for the backdoor: bound once here, then released. */
	fd = inet_socket(SOCK_STREAM, "127.0.0.1", 0, &l->backdoor_port);
	if (fd >= 0)
		close(fd);
	if (pthread_create(&l->thread, NULL, run, l) != 0)
		goto fail;
	return 0;
fail:
	snprintf(err, err_size, "cannot start the listeners: %s",
	         strerror(errno));
	for (int i = 0; i < l->n; i++)
		close(l->fds[i]);
	for (int i = 0; i < 2; i++) {
		if (l->stop_pipe[i] >= 0)
			close(l->stop_pipe[i]);
		if (l->ack_pipe[i] >= 0)
			close(l->ack_pipe[i]);
	}
	return -1;
}

void listener_reset(struct listener *l, const char *stage2)
{
	pthread_mutex_lock(&l->lock);
	memset(l->hits, 0, sizeof(l->hits));
	memset(l->first, 0, sizeof(l->first));
	snprintf(l->stage2, sizeof(l->stage2), "%s", stage2);
	l->probing = true;
	pthread_mutex_unlock(&l->lock);
}

int listener_hits(struct listener *l, enum listen_kind kind, char *ev,
                  size_t size)
{
	int hits;

	pthread_mutex_lock(&l->lock);
	hits = l->hits[kind];
	if (hits)
		snprintf(ev, size, "%d hit%s; first on %s", hits,
		         hits == 1 ? "" : "s", l->first[kind]);
	pthread_mutex_unlock(&l->lock);
	return hits;
}

void listener_stop(struct listener *l)
{
	(void)!write(l->stop_pipe[1], "x", 1);
	pthread_join(l->thread, NULL);
	for (int i = 0; i < l->n; i++)
		close(l->fds[i]);
	for (int i = 0; i < 4; i++)
		if (l->unix_path[i][0])
			unlink(l->unix_path[i]);
	if (l->own_sock_dir)
		rmdir(l->sock_dir);
	close(l->stop_pipe[0]);
	close(l->stop_pipe[1]);
	close(l->ack_pipe[0]);
	close(l->ack_pipe[1]);
	pthread_mutex_destroy(&l->lock);
}
