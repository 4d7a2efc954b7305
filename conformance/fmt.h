/*
 * fmt.h - bounded formatting that reports truncation, for paths: a path
 * that does not fit is an error, never a silently shorter path.
 */
#ifndef SECURER_CONFORM_FMT_H
#define SECURER_CONFORM_FMT_H

#include <stddef.h>

/* snprintf that returns -1 (and leaves "" in buf) when the result does not
 * fit, 0 otherwise. */
int fmt(char *buf, size_t size, const char *format, ...)
    __attribute__((format(printf, 3, 4)));

#endif
