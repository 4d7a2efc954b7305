/*
 * tools.h - the tool registry, private side.
 */
#ifndef SECURER_TOOLS_H
#define SECURER_TOOLS_H

#include <stdint.h>

#include "internal.h"

struct cJSON;

struct securer__tool_arg {
	char *name;
	securer_type type;
	char *description;
};

/* A command a manifest tool runs (tools_manifest.c). */
struct securer__command {
	char **argv;
	char *cwd;
	int64_t timeout_ms;
};

struct securer__tool {
	char *name;
	char *description;
	struct securer__tool_arg *args;
	size_t n_args;
	securer_tool_fn fn;
	void *userdata;
	struct securer__command *command; /* owned; manifest tools only */
};

struct securer_tools {
	struct securer__tool *v;
	size_t n;
	char err[SECURER__ERR_SIZE];
};

/* A deep copy (commands included; userdata shared). */
SECURER__HIDDEN securer_tools *securer__tools_dup(const securer_tools *t);
/* The "tools" array of the init message. */
SECURER__HIDDEN struct cJSON *securer__tools_init_json(const securer_tools *t);
/* Looks up a tool_call's tool and checks its arguments.  0 with *tool set,
 * or -EINVAL with the reason for the sandboxed code in |why|. */
SECURER__HIDDEN int securer__tools_check(const securer_tools *t,
                                         const char *name,
                                         const struct cJSON *args,
                                         const struct securer__tool **tool,
                                         char *why, size_t why_size);
/* Runs a checked call.  0 with *value (a cJSON the caller owns), or -1 with
 * *error (malloc'd) saying why. */
SECURER__HIDDEN int securer__tools_invoke(const struct securer__tool *tool,
                                          const struct cJSON *args,
                                          struct cJSON **value, char **error);
/* The callback of a manifest tool (tools_manifest.c). */
SECURER__HIDDEN int securer__command_tool(void *userdata, const char *args_json,
                                          char **result_json, char **error);
SECURER__HIDDEN void securer__command_free(struct securer__command *c);
/* Removes the tools after the first |n|. */
SECURER__HIDDEN void securer__tools_truncate(securer_tools *t, size_t n);
/* Appends a tool, taking ownership of |command| even on failure. */
SECURER__HIDDEN int securer__tools_add(securer_tools *t, const char *name,
                                       const char *description,
                                       const securer_tool_arg *args,
                                       size_t n_args, securer_tool_fn fn,
                                       void *userdata,
                                       struct securer__command *command);

#endif
