/*
 * cmd_exec.c - `securer exec`: run one command confined, with the caller's
 * stdin, stdout and stderr.
 *
 * Exit status: the command's own; 128+N when it was killed by signal N;
 * 124 when the timeout killed it (nothing of it remains then); 125 when
 * securer itself could not run it (the command never ran); 126/127 when the
 * command could not be executed / was not found inside the sandbox.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "sandbox_opts.h"

enum { OPT_VERBOSE = 1 };

static const struct cli_opt exec_opts[] = {
    CLI_SANDBOX_OPTIONS,
    {"verbose", 'v', NULL, OPT_VERBOSE, "say which backend runs the command"},
};

struct exec_ctx {
	struct cli_sandbox sb;
	int verbose;
};

static int on_opt(void *vctx, int id, const char *value)
{
	struct exec_ctx *c = vctx;
	int rc = cli_sandbox_option(&c->sb, id, value);

	if (rc != 1)
		return rc;
	if (id == OPT_VERBOSE)
		c->verbose = 1;
	return 0;
}

static volatile sig_atomic_t got_signal;

static void on_signal(int sig)
{
	got_signal = sig;
}

/* SIGINT/SIGTERM/SIGHUP interrupt the wait (no SA_RESTART) so the sandbox
 * is killed before securer exits; the sandbox runs in its own session and
 * never sees the terminal's signals itself. */
static void catch_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

static int exit_status(const securer_status *st)
{
	if (st->timed_out)
		return CLI_EXIT_TIMEOUT;
	if (st->exited)
		return st->exit_code;
	return CLI_EXIT_SIGNAL + st->term_signal;
}

/* -v: whether limits.memory_bytes caps the run's processes together. */
static void say_memory_cap(const securer_sandbox *sb)
{
	char why[1024];

	if (securer_sandbox_memory_capped(sb, why, sizeof(why)))
		fprintf(stderr, "securer: memory: the run's processes together "
		                "are capped (limits.memory_bytes, a memory "
		                "cgroup)\n");
	else
		fprintf(stderr,
		        "securer: memory: each process is capped alone "
		        "(limits.address_space_bytes), not the run's total: "
		        "%s\n",
		        why);
}

int cmd_exec(int argc, char **argv)
{
	static const char usage[] = "securer exec [OPTIONS] -- CMD [ARG...]\n\n"
	                            "Runs CMD confined, with this terminal's "
	                            "stdin, stdout and stderr.\n"
	                            "Exit status: CMD's own, 128+N if killed "
	                            "by signal N, 124 on timeout,\n"
	                            "125 if securer could not run it, 126/127 "
	                            "if CMD cannot be executed\n"
	                            "or is not found in the sandbox";
	struct exec_ctx c;
	securer_policy *policy;
	securer_sandbox *sb;
	securer_start_opts so;
	securer_status st;
	int first, rc;

	memset(&c, 0, sizeof(c));
	cli_sandbox_init(&c.sb);
	rc = cli_parse(argc, argv, exec_opts,
	               sizeof(exec_opts) / sizeof(exec_opts[0]), on_opt, &c,
	               usage, &first);
	if (rc < 0)
		return 0;
	if (rc > 0)
		return rc;
	if (first >= argc) {
		cli_error(
		    "exec: no command given (securer exec -- CMD [ARG...])");
		return CLI_EXIT_CANNOT_RUN;
	}
	if (!(policy = cli_sandbox_policy(&c.sb)))
		return CLI_EXIT_CANNOT_RUN;
	sb = securer_sandbox_new(policy, c.sb.backend);
	securer_policy_free(policy);
	if (!sb) {
		cli_error("out of memory");
		return CLI_EXIT_CANNOT_RUN;
	}
	securer_start_opts_init(&so);
	so.stdin_fd = 0;
	so.stdout_fd = 1;
	so.stderr_fd = 2;
	catch_signals();
	rc = securer_sandbox_start(sb, (const char *const *)argv + first, &so);
	if (rc < 0) {
		cli_error("%s", securer_sandbox_error(sb));
		securer_sandbox_free(sb);
		return CLI_EXIT_CANNOT_RUN;
	}
	if (!securer_backend_is_sandbox(securer_sandbox_backend(sb)))
		cli_error("warning: backend none is unsandboxed: the command "
		          "sees your files, network and processes (only the "
		          "environment and limits are confined)");
	else if (c.verbose)
		fprintf(stderr, "securer: running under %s%s%s%s\n",
		        securer_backend_name(securer_sandbox_backend(sb)),
		        securer_sandbox_auto_reason(sb)[0] ? " (auto: " : "",
		        securer_sandbox_auto_reason(sb),
		        securer_sandbox_auto_reason(sb)[0] ? ")" : "");
	if (c.verbose)
		say_memory_cap(sb);
	for (;;) {
		rc = securer_sandbox_run_to_end(sb, -1, &st);
		if (rc != -EINTR)
			break;
		if (got_signal) {
			int sig = got_signal;

			securer_sandbox_kill(sb);
			securer_sandbox_free(sb);
			return CLI_EXIT_SIGNAL + sig;
		}
	}
	if (rc < 0) {
		cli_error("%s", securer_sandbox_error(sb));
		securer_sandbox_free(sb);
		return rc == -ENOENT ? CLI_EXIT_NOTFOUND : CLI_EXIT_NOEXEC;
	}
	if (st.timed_out)
		cli_error("timed out after %.3g s; the sandbox was killed",
		          (double)st.duration_ms / 1000.0);
	else if (!st.exited && securer_sandbox_error(sb)[0])
		cli_error("%s", securer_sandbox_error(sb)); /* a limit */
	else if (st.memory_oom_kills > 0)
		cli_error(
		    "warning: the run reached its memory limit "
		    "(limits.memory_bytes): the kernel killed %lld of its "
		    "processes",
		    (long long)st.memory_oom_kills);
	securer_sandbox_free(sb);
	return exit_status(&st);
}
