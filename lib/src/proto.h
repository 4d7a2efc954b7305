/*
 * proto.h - framing and validation of the session protocol, host side
 * (docs/protocol.md).  Private to the library.
 */
#ifndef SECURER_PROTO_H
#define SECURER_PROTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "internal.h"

struct cJSON;

/* Incoming newline-delimited messages from a non-blocking fd. */
struct securer__lines {
	char *buf;
	size_t len; /* bytes in buf */
	size_t cap;
	size_t start; /* first byte not yet returned as a line */
	size_t scan;  /* where to look for the next newline */
	size_t max;   /* longest line allowed, newline excluded */
};

void securer__lines_init(struct securer__lines *l, size_t max);
void securer__lines_release(struct securer__lines *l);
/* Forgets buffered bytes (a new child). */
void securer__lines_reset(struct securer__lines *l);
/* Reads what |fd| has: 1 when bytes came, 0 at end of file, -EAGAIN when
 * none, -EMSGSIZE when an unfinished line already fills the limit. */
int securer__lines_fill(struct securer__lines *l, int fd);
/* The next whole line, NUL-terminated in place and valid until the next
 * fill: 1, or 0 when none is complete yet, or -EMSGSIZE when the line (or
 * the unfinished one) is longer than the limit. */
int securer__lines_next(struct securer__lines *l, char **line, size_t *len);

/* RFC 3629: no overlong forms, no surrogates, nothing past U+10FFFF. */
bool securer__utf8_valid(const char *s, size_t len);

/* A child's line as a message: UTF-8, a JSON object with a string "type".
 * On success *out is owned by the caller and *type points into it; -EPROTO
 * with the reason in |err| otherwise. */
int securer__proto_parse(const char *line, size_t len, struct cJSON **out,
                         const char **type, char *err);
/* An integer member in [0, 2^53): 0, or -EPROTO. */
int securer__proto_int(const struct cJSON *msg, const char *key, int64_t *out);
/* A string member, or NULL. */
const char *securer__proto_str(const struct cJSON *msg, const char *key);

/* Outgoing messages, written without ever blocking. */
struct securer__outq {
	char *buf;
	size_t len, off, cap;
};

void securer__outq_init(struct securer__outq *q);
void securer__outq_release(struct securer__outq *q);
/* Appends |msg| as one line. */
int securer__outq_push_json(struct securer__outq *q, const struct cJSON *msg);
/* Writes what the pipe takes: 0 when all is written, 1 when some remains
 * (poll for POLLOUT), a negative errno on error (-EPIPE: the child is gone). */
int securer__outq_flush(struct securer__outq *q, int fd);
bool securer__outq_pending(const struct securer__outq *q);

#endif
