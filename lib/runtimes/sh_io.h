/*
 * sh_io.h - descriptors and message framing shared by the sh driver and
 * the sh tool command.
 */
#ifndef SECURER_SH_IO_H
#define SECURER_SH_IO_H

#include <stddef.h>

#include "init_abi.h"
#include "json_read.h"
#include "json_write.h"

/* The longest message line accepted from the host or built for it (the
 * host's own limit is lower; past this one we refuse rather than grow). */
#define SH_MSG_MAX ((size_t)64 << 20)

/* Writes all |n| bytes to the blocking |fd|, retrying short writes and
 * EINTR.  Returns 0 or a negative errno. */
int sh_write_all(int fd, const void *p, size_t n);

/* Sends the message in |b| (a JSON object without its newline) to the
 * host as one line, in a single write when it fits a pipe atomically.
 * Returns 0 or a negative errno (-EMSGSIZE when |b| failed). */
int sh_send(struct json_buf *b);

/*
 * Line reader over a blocking descriptor: it reads in large chunks, so
 * only one process may read a descriptor with it at a time, and it holds
 * at most |max| bytes of an unfinished line.
 */
struct sh_reader {
	int fd;
	char *buf;
	size_t start; /* first byte not yet returned */
	size_t len;   /* bytes held */
	size_t scan;  /* bytes before this hold no newline */
	size_t cap;
	size_t max;
};

void sh_reader_init(struct sh_reader *r, int fd, size_t max);
void sh_reader_release(struct sh_reader *r);

/* Returns 1 with the next line in |*line| (NUL-terminated, newline
 * removed; valid until the next call) and its length in |*n|, 0 at
 * end of file, or a negative errno: -EMSGSIZE for a line past max,
 * -EPROTO for an unfinished line at end of file, -ENOMEM. */
int sh_reader_line(struct sh_reader *r, char **line, size_t *n);

/* Bytes read past the last line returned. */
size_t sh_reader_pending(const struct sh_reader *r);

/* Frees a large buffer once nothing is pending, so one big message does
 * not pin its memory for the rest of the session. */
void sh_reader_trim(struct sh_reader *r);

/* Parses |line| as a JSON object with a string member "type".  Returns 0
 * with the object in |*obj| and "type" in |*type|, or -1. */
int sh_parse_message(const char *line, size_t n, struct json_span *obj,
                     struct json_span *type);

#endif
