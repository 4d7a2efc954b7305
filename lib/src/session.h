/*
 * session.h - the session object, shared by session.c (lifecycle: start,
 * restart, free) and session_execute.c (the event loop of one execute).
 * Private to the library.
 */
#ifndef SECURER_SESSION_H
#define SECURER_SESSION_H

#include <stdbool.h>
#include <stdint.h>

#include "audit.h"
#include "internal.h"
#include "proto.h"
#include "result.h"

struct cJSON;

struct securer_session {
	securer_policy *policy; /* the caller's, plus the runtime's binds */
	const struct securer__runtime *rt;
	securer_tools *tools;
	securer_backend backend;
	struct securer__audit audit;
	int audit_rc; /* opening the audit log failed */
	securer_sandbox *sb;
	int to_child; /* host ends, non-blocking; -1 when down */
	int from_child;
	int out_rd;
	int err_rd;
	int intr_fd; /* eventfd: securer_session_interrupt's doorbell */
	struct securer__lines lines;
	struct securer__outq outq;
	bool ready;
	int64_t executes; /* execute ids so far */
	int64_t restarts;
	int64_t pool_restarts; /* restarts when a pool handed it out */
	char version[64];      /* the runtime's, from hello */
	char err[SECURER__ERR_SIZE];
};

/* How the event loop ended. */
enum securer__pump_end {
	SECURER__PUMP_DONE, /* the handler saw what it waited for */
	SECURER__PUMP_TIMEOUT,
	SECURER__PUMP_DIED,        /* the runtime's sandbox ended */
	SECURER__PUMP_PROTOCOL,    /* s->err says what was wrong */
	SECURER__PUMP_LIMIT,       /* the handler stopped it: a limit */
	SECURER__PUMP_INTERRUPTED, /* securer_session_interrupt rang */
};

/* Called for every message; returns 1 when done, 0 to go on, -EPROTO
 * (with s->err) on a protocol error, -EDQUOT to stop on a limit. */
typedef int (*securer__on_message)(securer_session *s, struct cJSON *msg,
                                   const char *type, void *ctx);

/* Runs the event loop over the protocol pipes, stdout, stderr and the
 * sandbox's pidfd until |on_message| is done or |deadline_ms| passes.
 * Output goes to |out| and |err| (either may be NULL: then it is read and
 * dropped, but for the last bytes of stderr kept in s for messages). */
SECURER__HIDDEN enum securer__pump_end
securer__pump(securer_session *s, int64_t deadline_ms, securer__on_message fn,
              void *ctx, struct securer__capture *out,
              struct securer__capture *err);

struct securer__runtime;

/* securer_session_new for a runtime of the table or an internal one (the
 * protocol benchmark's, securer__runtime_proto). */
SECURER__HIDDEN securer_session *securer__session_new_rt(
    const securer_policy *policy, const struct securer__runtime *rt,
    const securer_tools *tools, const securer_session_opts *opts);

/* Kills the runtime's sandbox and starts a fresh one. */
SECURER__HIDDEN int securer__session_restart(securer_session *s,
                                             const char *why);
/* Kills the runtime's sandbox and closes its pipes. */
SECURER__HIDDEN void securer__session_stop(securer_session *s);
/* Drops an interrupt that rang while nothing ran. */
SECURER__HIDDEN void securer__session_clear_interrupt(securer_session *s);

#endif
