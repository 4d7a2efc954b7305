/*
 * sandbox_opts.h - the options every sandboxing subcommand shares
 * (--backend, --policy, --timeout, binds, env, cwd, network), and how they
 * become a policy: the policy file first, then the flags in command-line
 * order, so a flag always wins over the file.
 */
#ifndef SECURER_CLI_SANDBOX_OPTS_H
#define SECURER_CLI_SANDBOX_OPTS_H

#include <stdbool.h>

#include "opt.h"
#include "securer.h"

enum {
	SBOPT_BACKEND = 1000,
	SBOPT_POLICY,
	SBOPT_TIMEOUT,
	SBOPT_RO_BIND,
	SBOPT_BIND,
	SBOPT_ENV,
	SBOPT_CWD,
	SBOPT_NET,
};

#define CLI_SANDBOX_OPTIONS                                                    \
	{"backend", 'b', "auto|bwrap|landlock|none", SBOPT_BACKEND,            \
	 "confinement (default auto: bwrap, else landlock; never none)"},      \
	    {"policy", 'p', "FILE", SBOPT_POLICY,                              \
	     "policy file (docs/policy.md)"},                                  \
	    {"timeout", 't', "SEC", SBOPT_TIMEOUT,                             \
	     "wall-clock limit, 0 for none (default: the policy's, 30)"},      \
	    {"ro-bind", 0, "SRC[:DST]", SBOPT_RO_BIND,                         \
	     "make host path SRC readable at DST"},                            \
	    {"bind", 0, "SRC[:DST]", SBOPT_BIND,                               \
	     "make host path SRC writable at DST"},                            \
	    {"env", 0, "NAME=VALUE", SBOPT_ENV, /* -e: run's code */           \
	     "set a variable in the sandbox"},                                 \
	    {"cwd", 0, "DIR", SBOPT_CWD, "working directory in the sandbox"},  \
	{                                                                      \
		"net", 0, "none|loopback|host", SBOPT_NET,                     \
		    "network (default none; host shares the host's: a "        \
		    "weakening)"                                               \
	}

#define CLI_SANDBOX_MAX_FLAGS 256

struct cli_sandbox {
	securer_backend backend;
	const char *policy_file;
	struct {
		int id;
		const char *value;
	} flags[CLI_SANDBOX_MAX_FLAGS];
	int n_flags;
};

void cli_sandbox_init(struct cli_sandbox *s);
/* Handles SBOPT_* ids (0 to go on, 125 on a bad value); 1 for other ids. */
int cli_sandbox_option(struct cli_sandbox *s, int id, const char *value);
/* Builds the policy; prints the reason and returns NULL on error. */
securer_policy *cli_sandbox_policy(const struct cli_sandbox *s);

#endif
