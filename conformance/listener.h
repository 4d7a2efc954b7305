/*
 * listener.h - the attacker's servers of one case, run by one thread:
 *   TCP on 127.0.0.1 (and on T_HOST_ADDR when the host has another
 *   address, and on ::1 when the loopback has IPv6), UDP on 127.0.0.1, unix
 *   stream sockets at host paths (generic, ssh-agent, docker, D-Bus) and at
 *   an abstract address (no file: a network namespace's own, which only a
 *   namespace of its own fences off), HTTP on 169.254.169.254:80 when the
 * runner's network namespace has that address; and a prober that tries to
 * connect to T_BACKDOOR_PORT, where an attack may listen. Every connection or
 * datagram is recorded with its first bytes.  A GET of /stage2.sh gets the
 * stage-2 script; anything else gets "ok".  The listener never executes
 * anything it receives.
 */
#ifndef SECURER_CONFORM_LISTENER_H
#define SECURER_CONFORM_LISTENER_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

enum listen_kind {
	LISTEN_TCP,
	LISTEN_UDP,
	LISTEN_UNIX,
	LISTEN_BACKDOOR,
	LISTEN_KINDS
};

#define LISTEN_SOCKETS 12

struct listener {
	int fds[LISTEN_SOCKETS];
	enum listen_kind kinds[LISTEN_SOCKETS];
	char names[LISTEN_SOCKETS][32]; /* "tcp 127.0.0.1", "unix agent" */
	int n;
	int tcp_port, udp_port, backdoor_port;
	int tcp6_port;          /* on ::1; 0 when none */
	char abstract_name[64]; /* the abstract address, no NUL */
	char host_addr[64];     /* "" when none */
	char meta_addr[64];     /* "" when none */
	char unix_path[4][700]; /* unix, agent, docker, dbus */
	char sock_dir[700];     /* where they are */
	bool own_sock_dir;      /* a temporary one, removed at stop */
	int stop_pipe[2];       /* 'x': stop; 's': serve what is pending, then
	                         * one byte on ack_pipe */
	int ack_pipe[2];
	pthread_t thread;
	pthread_mutex_t lock;
	int hits[LISTEN_KINDS];
	char first[LISTEN_KINDS][200]; /* what the first one sent, where */
	char stage2[1024];
	bool probing; /* try the backdoor port */
};

/* Opens every socket under |dir| (unix paths) and starts the thread.
 * |meta| asks for 169.254.169.254:80 (the runner added the address). */
int listener_start(struct listener *l, const char *dir, bool meta, char *err,
                   size_t err_size);
/* Forgets past hits; |stage2| is the script served from now on. */
void listener_reset(struct listener *l, const char *stage2);
/* Returns once the thread has served every connection and datagram
 * already queued on its sockets: after a run, all that the run sent (a
 * connection made and closed before the run ended waits in the backlog)
 * is counted before the oracles look, however late the thread was
 * scheduled.  -1 when the thread did not answer within 10 s. */
int listener_sync(struct listener *l);
/* Hits of |kind| since the reset, with what the first one sent. */
int listener_hits(struct listener *l, enum listen_kind kind, char *evidence,
                  size_t size);
void listener_stop(struct listener *l);

#endif
