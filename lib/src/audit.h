/*
 * audit.h - the session's audit log (one JSON object per line) and its
 * human-readable verbose log.  Private to the library.
 */
#ifndef SECURER_AUDIT_H
#define SECURER_AUDIT_H

#include "internal.h"

struct cJSON;

struct securer__audit {
	int fd;           /* the JSON-lines file, or -1 */
	char session[17]; /* random id naming the session in lines */
	void (*log)(void *userdata, const char *line);
	void *log_userdata;
};

/* Opens |path| for appending (created 0600) when not NULL. */
SECURER__HIDDEN int securer__audit_open(struct securer__audit *a,
                                        const char *path,
                                        void (*log)(void *, const char *),
                                        void *log_userdata, char *err);
SECURER__HIDDEN void securer__audit_close(struct securer__audit *a);
/* Writes {"ts", "session", "event", ...|fields|} as one line; takes
 * |fields| (an object or NULL). */
SECURER__HIDDEN void securer__audit_event(struct securer__audit *a,
                                          const char *event,
                                          struct cJSON *fields);
/* A verbose log line, "session <id>: ..." */
SECURER__HIDDEN void securer__audit_log(struct securer__audit *a,
                                        const char *fmt, ...)
    SECURER__PRINTF(2, 3);

#endif
