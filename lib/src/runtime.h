/*
 * runtime.h - the runtimes a session can start, private side.
 */
#ifndef SECURER_RUNTIME_H
#define SECURER_RUNTIME_H

#include <stdint.h>

#include "internal.h"

struct securer__runtime {
	securer_runtime public_id; /* SECURER_RUNTIME_COUNT_: internal */
	const char *name;
	const char *interpreter;     /* looked up in /usr for the probe */
	const char *const *argv;     /* the command in the sandbox */
	const unsigned char *source; /* handed over on fd 5, or NULL */
	const uint64_t *source_size;
	const char *const *binds; /* host paths mounted read-only */
	const char *r_package;    /* an R package it needs, or NULL */
};

SECURER__HIDDEN const struct securer__runtime *
securer__runtime(securer_runtime rt);

/* A minimal C child speaking the protocol, built into securer-init
 * (lib/runtimes/proto_child.c): for each execute of code "N" it makes N
 * calls of the tool "noop".  Measures the library's own round trip. */
SECURER__HIDDEN const struct securer__runtime *securer__runtime_proto(void);

#endif
