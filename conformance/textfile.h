/*
 * textfile.h - a whole small text file (metadata, expectations, backend
 * descriptions) in memory.
 */
#ifndef SECURER_CONFORM_TEXTFILE_H
#define SECURER_CONFORM_TEXTFILE_H

#include <stddef.h>

/* |path| read whole into a NUL-terminated heap buffer; NULL with errno set
 * when it cannot be read, or EFBIG when it holds more than |max| bytes
 * (never a silently shorter text). */
char *text_file(const char *path, size_t max);

#endif
