/*
 * cmd_policy.c - `securer policy`: the effective policy after the policy
 * file and the flags, as JSON, and optionally its seccomp filter as BPF.
 * For audits ("what exactly does this run under?") and benchmarks.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "sandbox_opts.h"

enum { OPT_EXPORT_SECCOMP = 1 };

static const struct cli_opt policy_opts[] = {
    CLI_SANDBOX_OPTIONS,
    {"export-seccomp", 0, "FILE", OPT_EXPORT_SECCOMP,
     "write the seccomp filter (classic BPF, as bwrap --seccomp reads it)"},
};

struct policy_ctx {
	struct cli_sandbox sb;
	const char *seccomp_file;
};

static int on_opt(void *vctx, int id, const char *value)
{
	struct policy_ctx *c = vctx;

	if (id == OPT_EXPORT_SECCOMP) {
		c->seccomp_file = value;
		return 0;
	}
	return cli_sandbox_option(&c->sb, id, value);
}

int cmd_policy(int argc, char **argv)
{
	struct policy_ctx c;
	securer_policy *p;
	char *json;
	int first, rc;

	memset(&c, 0, sizeof(c));
	cli_sandbox_init(&c.sb);
	rc = cli_parse(
	    argc, argv, policy_opts,
	    sizeof(policy_opts) / sizeof(policy_opts[0]), on_opt, &c,
	    "securer policy [--policy FILE] [OPTIONS] [--export-seccomp FILE]",
	    &first);
	if (rc < 0)
		return 0;
	if (rc > 0)
		return rc;
	if (first < argc) {
		cli_error("policy: unexpected argument '%s'", argv[first]);
		return CLI_EXIT_CANNOT_RUN;
	}
	if (!(p = cli_sandbox_policy(&c.sb)))
		return CLI_EXIT_CANNOT_RUN;
	if (c.seccomp_file) {
		int fd = open(c.seccomp_file,
		              O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

		if (fd < 0 || securer_policy_export_seccomp(p, fd) < 0) {
			cli_error("cannot write '%s': %s", c.seccomp_file,
			          fd < 0 ? "cannot open"
			                 : securer_policy_error(p));
			if (fd >= 0)
				close(fd);
			securer_policy_free(p);
			return CLI_EXIT_CANNOT_RUN;
		}
		close(fd);
	}
	json = securer_policy_to_json(p);
	printf("%s\n", json ? json : "{}");
	free(json);
	securer_policy_free(p);
	return 0;
}
