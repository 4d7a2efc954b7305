/*
 * sh_io.c - whole writes, message lines and the line reader.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sh_io.h"

int sh_write_all(int fd, const void *p, size_t n)
{
	const char *s = p;

	while (n > 0) {
		ssize_t w = write(fd, s, n);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		s += w;
		n -= (size_t)w;
	}
	return 0;
}

int sh_send(struct json_buf *b)
{
	/* The newline goes into the same buffer: tool commands write to the
	 * same pipe, and a line up to PIPE_BUF must reach it in one piece. */
	json_buf_add(b, "\n", 1);
	if (b->failed)
		return -EMSGSIZE;
	return sh_write_all(SECURER__FD_TO_HOST, b->p, b->len);
}

void sh_reader_init(struct sh_reader *r, int fd, size_t max)
{
	memset(r, 0, sizeof(*r));
	r->fd = fd;
	r->max = max;
}

void sh_reader_release(struct sh_reader *r)
{
	free(r->buf);
	sh_reader_init(r, r->fd, r->max);
}

size_t sh_reader_pending(const struct sh_reader *r)
{
	return r->len - r->start;
}

void sh_reader_trim(struct sh_reader *r)
{
	if (r->cap > ((size_t)1 << 20) && sh_reader_pending(r) == 0)
		sh_reader_release(r);
}

/* Room for at least one more byte; the buffer never exceeds max + 1,
 * which holds a longest line and its newline. */
static int reader_grow(struct sh_reader *r)
{
	size_t cap = r->cap ? r->cap * 2 : 65536;
	char *p;

	if (cap > r->max + 1)
		cap = r->max + 1;
	if (cap <= r->len)
		return -EMSGSIZE;
	if (!(p = realloc(r->buf, cap)))
		return -ENOMEM;
	r->buf = p;
	r->cap = cap;
	return 0;
}

int sh_reader_line(struct sh_reader *r, char **line, size_t *n)
{
	if (r->start > 0) {
		memmove(r->buf, r->buf + r->start, r->len - r->start);
		r->len -= r->start;
		r->scan -= r->start;
		r->start = 0;
	}
	for (;;) {
		char *nl = r->len > r->scan ? memchr(r->buf + r->scan, '\n',
		                                     r->len - r->scan)
		                            : NULL;
		ssize_t got;
		int rc;

		if (nl) {
			*nl = '\0';
			*line = r->buf;
			*n = (size_t)(nl - r->buf);
			r->start = r->scan = *n + 1;
			return 1;
		}
		r->scan = r->len;
		if (r->len > r->max)
			return -EMSGSIZE;
		if (r->len == r->cap && (rc = reader_grow(r)) < 0)
			return rc;
		got = read(r->fd, r->buf + r->len, r->cap - r->len);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			return -errno;
		if (got == 0)
			return r->len ? -EPROTO : 0;
		r->len += (size_t)got;
	}
}

int sh_parse_message(const char *line, size_t n, struct json_span *obj,
                     struct json_span *type)
{
	struct json_field f = {"type", JSON_STRING, 0, {NULL, 0}};

	if (json_parse(line, n, obj) < 0 || json_type(*obj) != JSON_OBJECT ||
	    json_object_fields(*obj, &f, 1) < 0 || !f.found)
		return -1;
	*type = f.val;
	return 0;
}
