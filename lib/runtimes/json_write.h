/*
 * json_write.h - building JSON messages in a bounded buffer (libc only).
 *
 * Appends never fail loudly: once the buffer would pass its limit or an
 * allocation fails, the buffer is marked failed and every later append is
 * ignored, so a message is built with plain calls and checked once.
 */
#ifndef SECURER_JSON_WRITE_H
#define SECURER_JSON_WRITE_H

#include <stddef.h>

struct json_buf {
	char *p;    /* NUL-terminated once anything was added */
	size_t len; /* bytes held, without the NUL */
	size_t cap; /* bytes allocated */
	size_t max; /* the most len may reach */
	int failed; /* an append was dropped: the content is incomplete */
};

/* |max| bounds the content; the buffer holds nothing until the first
 * append.  Release with json_buf_release. */
void json_buf_init(struct json_buf *b, size_t max);
void json_buf_release(struct json_buf *b);
/* Empties the buffer and clears failed, keeping the allocation. */
void json_buf_reset(struct json_buf *b);

void json_buf_add(struct json_buf *b, const void *s, size_t n);
void json_buf_adds(struct json_buf *b, const char *s);
void json_buf_addf(struct json_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Appends the |n| bytes at |s| as a quoted JSON string: quotes,
 * backslashes and control characters escaped, and every byte that is not
 * part of well-formed UTF-8 replaced by U+FFFD, so the result is always
 * valid whatever |s| holds. */
void json_buf_add_string(struct json_buf *b, const char *s, size_t n);

#endif
