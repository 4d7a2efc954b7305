/*
 * result.h - the result of one execute, private side.
 */
#ifndef SECURER_RESULT_H
#define SECURER_RESULT_H

#include <stdbool.h>
#include <stdint.h>

#include "internal.h"

/* A captured output stream: keeps at most |max| bytes, then only counts.
 * With |on_line| set, each complete line kept is also handed to it as it
 * arrives (securer_output_fn); |line_start| is where the next line begins
 * in |buf|, since every byte kept stays in |buf|. */
struct securer__capture {
	char *buf;
	size_t len, cap, max;
	bool truncated;
	securer_output_fn on_line;
	void *line_userdata;
	int stream; /* 1 or 2, for on_line */
	size_t line_start;
};

struct securer_result {
	securer_error_kind error;
	char *message;
	char *traceback;
	char *value; /* JSON text */
	char *repr;
	struct securer__capture out, err;
	int64_t duration_ms;
	int64_t tool_calls;
	bool state_lost;
};

SECURER__HIDDEN securer_result *securer__result_new(size_t output_max);
/* Sets the error kind and message (printf-style). */
SECURER__HIDDEN void securer__result_fail(securer_result *r,
                                          securer_error_kind kind,
                                          const char *fmt, ...)
    SECURER__PRINTF(3, 4);

SECURER__HIDDEN void securer__capture_init(struct securer__capture *c,
                                           size_t max);
SECURER__HIDDEN void securer__capture_release(struct securer__capture *c);
SECURER__HIDDEN void securer__capture_add(struct securer__capture *c,
                                          const char *data, size_t n);
/* Reads everything |fd| has now (non-blocking) into |c|; returns 0 at end
 * of file, 1 otherwise. */
SECURER__HIDDEN int securer__capture_read(struct securer__capture *c, int fd);
/* Streams |c|'s output to |fn| from now on (see struct securer__capture). */
SECURER__HIDDEN void securer__capture_stream(struct securer__capture *c,
                                             int stream, securer_output_fn fn,
                                             void *userdata);
/* Hands a last line without its newline to the stream, if any. */
SECURER__HIDDEN void securer__capture_flush(struct securer__capture *c);

#endif
