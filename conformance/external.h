/*
 * external.h - a sandbox described by a command template
 * (conformance/backends/NAME.json), run against the same corpus:
 *
 *   {"name": "firejail",
 *    "description": "firejail with no profile, no network, a private home",
 *    "requires": ["firejail"],
 *    "command": ["firejail", "--quiet", "--noprofile", "--net=none",
 *                "--private", "--", "{argv}"],
 *    "probe": ["firejail", "--version"]}
 *
 * "{argv}" is replaced by the attack's command line, "{shell}" by it as one
 * shell-quoted string.  The caller's whole environment (secrets included)
 * reaches the template, as it would reach any wrapper: what the external
 * sandbox keeps out is what it is judged on.
 */
#ifndef SECURER_CONFORM_EXTERNAL_H
#define SECURER_CONFORM_EXTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#define EXTERNAL_MAX_ARGS 64

struct external {
	char name[48];
	char description[256];
	char requires[8][64];
	int n_requires;
	char *command[EXTERNAL_MAX_ARGS + 1];
	char *probe[EXTERNAL_MAX_ARGS + 1];
	char path[1024]; /* the description file */
};

/* Loads conformance/backends/NAME.json from |dir|.  0, or -1 with the
 * reason (unknown key, missing command) in |err|. */
int external_load(const char *dir, const char *name, struct external *e,
                  char *err, size_t err_size);
void external_release(struct external *e);

/* Is it usable here?  Checks every required program and runs the probe;
 * the command's program is replaced by its full path on the caller's PATH. */
bool external_usable(struct external *e, char *why, size_t size);

/* The command line running |argv| through |e|: a NULL-terminated vector of
 * malloc'd strings, NULL on error. */
char **external_argv(const struct external *e, const char *const argv[]);
void external_argv_free(char **v);

#endif
