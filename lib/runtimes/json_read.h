/*
 * json_read.h - a small JSON reader for securer-init (libc only).
 *
 * A message is validated as a whole first (json_parse: RFC 8259 grammar,
 * strings in well-formed UTF-8 without raw control characters, nesting at
 * most JSON_MAX_DEPTH deep); everything else here walks text that
 * json_parse accepted and must not be given anything else.  Nothing is
 * copied: a struct json_span points into the caller's text, which must
 * outlive it.
 */
#ifndef SECURER_JSON_READ_H
#define SECURER_JSON_READ_H

#include <stddef.h>
#include <stdint.h>

/* Deeper than any message of the protocol and than most data; the bound
 * keeps the recursive validator's stack use small whatever a line holds. */
#define JSON_MAX_DEPTH 512

enum json_type {
	JSON_ANY = 0, /* in struct json_field: no type required */
	JSON_NULL,
	JSON_FALSE,
	JSON_TRUE,
	JSON_NUMBER,
	JSON_STRING,
	JSON_ARRAY,
	JSON_OBJECT,
};

/* The text of one value (a string includes its quotes). */
struct json_span {
	const char *p;
	size_t n;
};

/* Checks that the |n| bytes at |text| are exactly one JSON value, with
 * optional whitespace around it.  Returns 0 and the value in |*v|, or -1. */
int json_parse(const char *text, size_t n, struct json_span *v);

enum json_type json_type(struct json_span v);

/* Nonzero when |s| (|n| bytes) is a number in JSON's grammar. */
int json_number_syntax(const char *s, size_t n);

/*
 * Iteration over the members of an object or the elements of an array:
 *
 *	json_iter_init(&it, obj);
 *	while (json_iter_next(&it, &key, &val)) ...
 *
 * |key| is set to the member's name (a string span) for objects and left
 * alone for arrays; it may be NULL.
 */
struct json_iter {
	const char *p, *end;
};
void json_iter_init(struct json_iter *it, struct json_span container);
int json_iter_next(struct json_iter *it, struct json_span *key,
                   struct json_span *val);

/*
 * Decodes the string span |s| into |out|, writing at most |cap| bytes, and
 * returns the decoded length (which may be larger than |cap|).  Escapes
 * become UTF-8, surrogate pairs one code point, and a lone surrogate
 * U+FFFD.  The decoded text is never longer than s.n, and may hold NULs.
 * Decoding in place (|out| == s.p, in a writable buffer) is allowed: no
 * byte is written before the bytes it comes from were read.
 */
size_t json_string_decode(struct json_span s, char *out, size_t cap);

/* The decoded string in a new NUL-terminated allocation the caller frees,
 * its length in |*n| when |n| is not NULL; NULL when out of memory. */
char *json_string_dup(struct json_span s, size_t *n);

/* Nonzero when the string span |s| decodes to exactly |lit|. */
int json_string_is(struct json_span s, const char *lit);

/* A number span that is an integer in [0, 2^53), written without a
 * fraction or an exponent; returns 0 and the value, or -1. */
int json_uint53(struct json_span v, uint64_t *out);

/*
 * Looks up the members named in |f| (|n| entries) in the object |obj|.
 * Sets found and val of each one present.  Returns -1 when a member is
 * present twice or is not of its entry's type (JSON_TRUE accepts both
 * booleans), 0 otherwise; the caller checks found for required members.
 */
struct json_field {
	const char *name;
	enum json_type type;
	int found;
	struct json_span val;
};
int json_object_fields(struct json_span obj, struct json_field *f, size_t n);

#endif
