/*
 * sandbox_opts.c - shared sandbox options of the securer command.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sandbox_opts.h"

void cli_sandbox_init(struct cli_sandbox *s)
{
	memset(s, 0, sizeof(*s));
	s->backend = SECURER_BACKEND_AUTO;
}

int cli_sandbox_option(struct cli_sandbox *s, int id, const char *value)
{
	switch (id) {
	case SBOPT_BACKEND:
		if (securer_backend_from_name(value, &s->backend) < 0) {
			cli_error("unknown backend '%s' (auto, bwrap, "
			          "landlock, none)",
			          value);
			return CLI_EXIT_CANNOT_RUN;
		}
		return 0;
	case SBOPT_POLICY:
		s->policy_file = value;
		return 0;
	case SBOPT_TIMEOUT:
		if (cli_parse_seconds(value) < 0) {
			cli_error("--timeout '%s' is not a number of seconds",
			          value);
			return CLI_EXIT_CANNOT_RUN;
		}
		break;
	case SBOPT_NET:
		if (strcmp(value, "none") && strcmp(value, "loopback") &&
		    strcmp(value, "host")) {
			cli_error("--net '%s': expected none, loopback or host",
			          value);
			return CLI_EXIT_CANNOT_RUN;
		}
		break;
	case SBOPT_ENV:
		if (!strchr(value, '=') || value[0] == '=') {
			cli_error("--env '%s': expected NAME=VALUE", value);
			return CLI_EXIT_CANNOT_RUN;
		}
		break;
	case SBOPT_RO_BIND:
	case SBOPT_BIND:
	case SBOPT_CWD:
		break;
	default:
		return 1;
	}
	if (s->n_flags == CLI_SANDBOX_MAX_FLAGS) {
		cli_error("too many sandbox options");
		return CLI_EXIT_CANNOT_RUN;
	}
	s->flags[s->n_flags].id = id;
	s->flags[s->n_flags].value = value;
	s->n_flags++;
	return 0;
}

static int apply_flag(securer_policy *p, int id, const char *v)
{
	char name[256];

	switch (id) {
	case SBOPT_TIMEOUT:
		return securer_policy_set_limit(p, SECURER_LIMIT_TIMEOUT_MS,
		                                cli_parse_seconds(v));
	case SBOPT_NET:
		if (strcmp(v, "host") == 0)
			cli_error(
			    "warning: --net host shares the host's network "
			    "with the sandbox");
		return securer_policy_set_network(
		    p, strcmp(v, "none") == 0       ? SECURER_NET_NONE
		       : strcmp(v, "loopback") == 0 ? SECURER_NET_LOOPBACK
		                                    : SECURER_NET_HOST);
	case SBOPT_ENV:
		snprintf(name, sizeof(name), "%.*s", (int)strcspn(v, "="), v);
		return securer_policy_set_env(p, name, strchr(v, '=') + 1);
	case SBOPT_RO_BIND:
		return securer_policy_add_bind_spec(p, v, 0);
	case SBOPT_BIND:
		return securer_policy_add_bind_spec(p, v, 1);
	case SBOPT_CWD:
		return securer_policy_set_cwd(p, v);
	}
	return 0;
}

securer_policy *cli_sandbox_policy(const struct cli_sandbox *s)
{
	securer_policy *p = securer_policy_new();

	if (!p) {
		cli_error("out of memory");
		return NULL;
	}
	if (s->policy_file && securer_policy_load_file(p, s->policy_file) < 0) {
		cli_error("%s", securer_policy_error(p));
		securer_policy_free(p);
		return NULL;
	}
	for (int i = 0; i < s->n_flags; i++) {
		if (apply_flag(p, s->flags[i].id, s->flags[i].value) < 0) {
			cli_error("%s", securer_policy_error(p));
			securer_policy_free(p);
			return NULL;
		}
	}
	return p;
}
