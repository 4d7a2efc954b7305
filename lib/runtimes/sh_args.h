/*
 * sh_args.h - the arguments of an sh tool command.
 *
 * The driver defines each tool as a shell function that runs
 *
 *	securer-init --tool NAME 'a:number b:string' "$@"
 *
 * The second word, the spec, lists the declared arguments in order as
 * NAME:TYPE.  Each later word is NAME=VALUE, or a plain VALUE taken in
 * order (the k-th plain word is the k-th declared argument).
 */
#ifndef SECURER_SH_ARGS_H
#define SECURER_SH_ARGS_H

#include <stddef.h>

#include "json_write.h"

enum sh_type {
	SH_STRING,
	SH_NUMBER,
	SH_INTEGER,
	SH_BOOLEAN,
	SH_OBJECT,
	SH_ARRAY,
};

/* The type named by the |n| bytes at |s|, or -1. */
int sh_type_parse(const char *s, size_t n);
const char *sh_type_name(enum sh_type t);

/* Nonzero when the |n| bytes at |s| are [A-Za-z_][A-Za-z0-9_]*. */
int sh_is_identifier(const char *s, size_t n);

/* One declared argument; name points into the spec, value into argv. */
struct sh_param {
	const char *name;
	size_t len;
	enum sh_type type;
	const char *value; /* NULL until a word gives it */
};

struct sh_call {
	const char *tool;
	struct sh_param *params; /* owned */
	size_t n;
};

/* Parses |spec| into |call| (release with sh_call_release).  Returns 0,
 * or -1 with a message in |msg|. */
int sh_call_parse(struct sh_call *call, const char *tool, const char *spec,
                  char *msg, size_t size);
void sh_call_release(struct sh_call *call);

/* Gives the |n| words to the parameters; every one must end up with a
 * value.  Returns 0, or -1 with a message in |msg|. */
int sh_call_assign(struct sh_call *call, char *const *words, size_t n,
                   char *msg, size_t size);

/* Appends the arguments as a JSON object, each value converted to its
 * declared type.  Returns 0, or -1 with a message in |msg|. */
int sh_call_args_json(const struct sh_call *call, struct json_buf *b, char *msg,
                      size_t size);

/* "NAME a=<number> b=<string>", for usage messages. */
void sh_call_usage(const struct sh_call *call, char *out, size_t size);

#endif
