/*
 * json_utf8.h - UTF-8 checks for the JSON reader and writer of securer-init.
 *
 * The session protocol requires every message to be UTF-8, and the host
 * treats anything else as a protocol error: whatever the sh runtime sends
 * must be checked, or repaired, byte by byte.
 */
#ifndef SECURER_JSON_UTF8_H
#define SECURER_JSON_UTF8_H

#include <stddef.h>

/* The Unicode replacement character, for what cannot be encoded. */
#define JSON_UTF8_REPLACEMENT 0xFFFDu

/* Length (1 to 4) of the well-formed UTF-8 sequence that starts at |p|,
 * which holds |n| bytes; 0 when there is none: a stray continuation byte,
 * a truncated sequence, an overlong form, a surrogate, or a code point
 * above U+10FFFF. */
size_t json_utf8_seq(const unsigned char *p, size_t n);

/* Nonzero when the |n| bytes at |s| are all well-formed UTF-8. */
int json_utf8_valid(const char *s, size_t n);

/* Encodes |cp| (at most U+10FFFF, not a surrogate) into |out|, which has
 * room for 4 bytes; returns the number of bytes written. */
size_t json_utf8_put(unsigned long cp, char *out);

#endif
