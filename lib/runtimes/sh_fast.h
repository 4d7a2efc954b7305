/*
 * sh_fast.h - tool calls without a process: the shell's tool functions
 * hand the call to the driver over two pipes (the shell's fds 7 and 8)
 * when they run in the shell itself.  Protocol and reasons: sh_fast.c.
 */
#ifndef SECURER_SH_FAST_H
#define SECURER_SH_FAST_H

#include <stdbool.h>

#include "json_write.h"

#define SH_FAST_REQ_FD 7 /* the shell writes calls here */
#define SH_FAST_REP_FD 8 /* and reads the answers here */

struct sh_fast {
	struct json_buf in;  /* request bytes not yet handled */
	struct json_buf out; /* reply bytes not yet written */
	size_t out_off;      /* of out, already written */
};

void sh_fast_init(struct sh_fast *f);
void sh_fast_release(struct sh_fast *f);
/* Forgets what a previous shell or execute left half done. */
void sh_fast_reset(struct sh_fast *f);
/* Whether replies wait to be written (poll |rep_fd| for POLLOUT). */
bool sh_fast_pending(const struct sh_fast *f);
/* Reads what |req_fd| holds and serves each complete call (blocking on
 * the host for its answer, as a tool command would), queueing the
 * replies; then writes what |rep_fd| takes without blocking. */
void sh_fast_service(struct sh_fast *f, int req_fd, int rep_fd);

#endif
