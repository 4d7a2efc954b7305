/*
 * listener.h - a TCP listener on the host's 127.0.0.1 that records every
 * connection, standing in for the attacker's server.  A GET of /stage2.sh
 * gets the stage-2 script set for the current case; anything else gets a
 * short "ok".  The listener never executes anything it receives.
 */
#ifndef SECURER_CONFORM_LISTENER_H
#define SECURER_CONFORM_LISTENER_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

struct listener {
	int fd;
	int port;
	int stop_pipe[2];
	pthread_t thread;
	pthread_mutex_t lock;
	int hits;          /* connections since the last reset */
	char first[160];   /* first bytes of the first connection */
	char stage2[1024]; /* body served for GET /stage2.sh */
};

int listener_start(struct listener *l, char *err, size_t err_size);
/* Forgets past connections; |stage2| is the script served from now on. */
void listener_reset(struct listener *l, const char *stage2);
/* Connections since the last reset, with what the first one sent. */
int listener_hits(struct listener *l, char *evidence, size_t size);
void listener_stop(struct listener *l);

#endif
