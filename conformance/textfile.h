/*
 * textfile.h - a whole small text file (metadata, expectations, backend
 * descriptions) in memory.
 */
#ifndef SECURER_CONFORM_TEXTFILE_H
#define SECURER_CONFORM_TEXTFILE_H

#include <stddef.h>
#include <sys/types.h>

/* |path| read whole into a NUL-terminated heap buffer; NULL with errno set
 * when it cannot be read, or EFBIG when it holds more than |max| bytes
 * (never a silently shorter text). */
char *text_file(const char *path, size_t max);

/* The start of |path| (relative to the directory |dir_fd|, or AT_FDCWD):
 * one read of at most |size| - 1 bytes into |buf|, NUL-terminated, "" when
 * it cannot be read.  One read is how /proc's small files are read: each
 * is one consistent snapshot.  The bytes read, or -1. */
ssize_t text_read(int dir_fd, const char *path, char *buf, size_t size);

#endif
