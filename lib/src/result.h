/*
 * result.h - the result of one execute, private side.
 */
#ifndef SECURER_RESULT_H
#define SECURER_RESULT_H

#include <stdbool.h>
#include <stdint.h>

#include "internal.h"

/* A captured output stream: keeps at most |max| bytes, then only counts. */
struct securer__capture {
	char *buf;
	size_t len, cap, max;
	bool truncated;
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

#endif
