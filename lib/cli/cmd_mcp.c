/*
 * cmd_mcp.c - `securer mcp`: sandboxed sessions as a Model Context
 * Protocol server on stdin/stdout (docs/mcp.md; the parts: mcp.h).
 *
 * Here: the options, the checks made before serving anything (the
 * runtimes are installed, the backend confines under the real policy,
 * the workspace and openat2 work: each fails closed with its reason and
 * exit status 125), the reader loop, and the shutdown at end of input or
 * on SIGTERM/SIGINT/SIGHUP (running calls stopped, sandboxes killed, a
 * temp workspace removed).
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "mcp.h"
#include "sandbox_opts.h"

#define MAX_FILE_CAP                                                           \
	(6ll << 20) /* base64 of it stays under MCP_MAX_RESPONSE               \
	             */

enum {
	OPT_RUNTIME = 1,
	OPT_TOOLS,
	OPT_WORKSPACE,
	OPT_MAX_TIMEOUT,
	OPT_MAX_OUTPUT,
	OPT_MAX_FILE,
	OPT_AUDIT,
	OPT_VERBOSE,
};

static const struct cli_opt mcp_opts[] = {
    {"runtime", 'r', "sh|python|r", OPT_RUNTIME,
     "offer this language (repeat, or a comma list; default: each one "
     "installed)"},
    {"tools", 0, "MANIFEST", OPT_TOOLS,
     "host tools for the model and the code (docs/tools.md)"},
    {"workspace", 'w', "DIR", OPT_WORKSPACE,
     "the directory the code writes and files pass through (default: a "
     "private temp dir, removed at exit)"},
    {"max-timeout", 0, "SEC", OPT_MAX_TIMEOUT,
     "the longest timeout_seconds a call may ask for (default 600)"},
    {"max-output", 0, "BYTES", OPT_MAX_OUTPUT,
     "output kept per stream and call (default 256K)"},
    {"max-file", 0, "BYTES", OPT_MAX_FILE,
     "largest file uploaded or downloaded (default 4M, at most 6M)"},
    {"audit-log", 0, "FILE", OPT_AUDIT, "append a JSON-lines audit log"},
    {"verbose", 'v', NULL, OPT_VERBOSE, "log what happens on stderr"},
    CLI_SANDBOX_OPTIONS,
};

struct mcp_ctx {
	struct cli_sandbox sb;
	bool runtimes[SECURER_RUNTIME_COUNT_];
	bool any_runtime;
	const char *manifest;
	const char *workspace;
	const char *audit;
	long long max_timeout_ms, max_output, max_file;
	bool verbose;
};

/* "4M", "256K", "1000": bytes; -1 when bad. */
static long long parse_bytes(const char *s)
{
	char *end;
	long long v;
	int shift = 0;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || end == s || v < 0)
		return -1;
	if (*end == 'K' || *end == 'k')
		shift = 10;
	else if (*end == 'M' || *end == 'm')
		shift = 20;
	else if (*end == 'G' || *end == 'g')
		shift = 30;
	end += shift != 0;
	if (*end || v > (1ll << 40))
		return -1;
	return v << shift;
}

static int on_runtimes(struct mcp_ctx *c, const char *list)
{
	char buf[256], *save = NULL;

	snprintf(buf, sizeof(buf), "%s", list);
	for (char *t = strtok_r(buf, ",", &save); t;
	     t = strtok_r(NULL, ",", &save)) {
		securer_runtime rt;

		if (securer_runtime_from_name(t, &rt) < 0) {
			cli_error("unknown runtime '%s' (sh, python, r)", t);
			return CLI_EXIT_CANNOT_RUN;
		}
		c->runtimes[rt] = true;
		c->any_runtime = true;
	}
	return 0;
}

static int on_opt(void *vctx, int id, const char *v)
{
	struct mcp_ctx *c = vctx;

	switch (id) {
	case OPT_RUNTIME:
		return on_runtimes(c, v);
	case OPT_TOOLS:
		c->manifest = v;
		return 0;
	case OPT_WORKSPACE:
		c->workspace = v;
		return 0;
	case OPT_MAX_TIMEOUT:
		if ((c->max_timeout_ms = cli_parse_seconds(v)) <= 0) {
			cli_error("--max-timeout '%s' is not a positive number "
			          "of seconds",
			          v);
			return CLI_EXIT_CANNOT_RUN;
		}
		return 0;
	case OPT_MAX_OUTPUT:
		if ((c->max_output = parse_bytes(v)) <= 0) {
			cli_error("--max-output '%s' is not a size (256K)", v);
			return CLI_EXIT_CANNOT_RUN;
		}
		return 0;
	case OPT_MAX_FILE:
		if ((c->max_file = parse_bytes(v)) <= 0 ||
		    c->max_file > MAX_FILE_CAP) {
			cli_error("--max-file '%s': a size up to 6M (a file "
			          "travels as base64 in one message)",
			          v);
			return CLI_EXIT_CANNOT_RUN;
		}
		return 0;
	case OPT_AUDIT:
		c->audit = v;
		return 0;
	case OPT_VERBOSE:
		c->verbose = true;
		return 0;
	}
	return cli_sandbox_option(&c->sb, id, v);
}

/* ---- checks before serving ---------------------------------------------- */

static int pick_runtimes(struct mcp_ctx *c, struct mcp_config *cfg)
{
	bool any = false;

	for (int rt = 0; rt < SECURER_RUNTIME_COUNT_; rt++) {
		char why[256];
		bool asked = !c->any_runtime || c->runtimes[rt];
		const char *name = securer_runtime_name((securer_runtime)rt);

		if (!asked)
			continue;
		if (securer_runtime_probe((securer_runtime)rt, why,
		                          sizeof(why)) < 0) {
			if (c->any_runtime) {
				cli_error(
				    "mcp: the %s runtime is not available: %s",
				    name, why);
				return CLI_EXIT_CANNOT_RUN;
			}
			if (c->verbose)
				mcp_log("not offering %s: %s", name, why);
			continue;
		}
		cfg->runtimes[rt] = any = true;
	}
	if (!any) {
		cli_error("mcp: no runtime is installed (sh, python, r)");
		return CLI_EXIT_CANNOT_RUN;
	}
	return 0;
}

/* The workspace writable in the sandbox at its own path (so that one path
 * names it on both sides, whatever the backend), and the working
 * directory unless the policy or --cwd chose one.  Notes whether the
 * policy protects .git (the file tools keep that promise too). */
static int bind_workspace(struct mcp_config *cfg)
{
	char *json = securer_policy_to_json(cfg->policy);
	cJSON *p = json ? cJSON_Parse(json) : NULL;
	const cJSON *cwd = cJSON_GetObjectItemCaseSensitive(
	    cJSON_GetObjectItemCaseSensitive(p, "files"), "cwd");
	const cJSON *git = cJSON_GetObjectItemCaseSensitive(
	    cJSON_GetObjectItemCaseSensitive(p, "files"), "protect_git");
	bool default_cwd =
	    cJSON_IsString(cwd) && strcmp(cwd->valuestring, "/tmp") == 0;
	int rc;

	cfg->protect_git = !cJSON_IsFalse(git);
	free(json);
	cJSON_Delete(p);
	rc = securer_policy_add_rw_bind(cfg->policy, cfg->workspace, NULL);
	if (rc == 0 && default_cwd)
		rc = securer_policy_set_cwd(cfg->policy, cfg->workspace);
	if (rc < 0)
		cli_error("mcp: %s", securer_policy_error(cfg->policy));
	return rc;
}

/* Runs `true` under the real policy: the backend confines here, and which
 * one AUTO picked (the descriptions name it).  Never falls back. */
static int resolve_backend(struct mcp_config *cfg, securer_backend asked)
{
	static const char *const argv[] = {"true", NULL};
	securer_sandbox *sb = securer_sandbox_new(cfg->policy, asked);
	securer_start_opts so;
	securer_status st;
	int rc;

	if (!sb) {
		cli_error("out of memory");
		return -ENOMEM;
	}
	securer_start_opts_init(&so);
	rc = securer_sandbox_start(sb, argv, &so);
	if (rc == 0)
		rc = securer_sandbox_run_to_end(
		    sb, securer_monotonic_ms() + 30000, &st);
	if (rc < 0)
		cli_error("mcp: the %s backend cannot run code here: %s",
		          securer_backend_name(asked),
		          securer_sandbox_error(sb));
	else
		cfg->backend = securer_sandbox_backend(sb);
	securer_sandbox_free(sb);
	return rc;
}

static int configure(struct mcp_ctx *c, struct mcp_config *cfg)
{
	int rc;

	cfg->workspace_fd = -1;
	cfg->max_timeout_ms = c->max_timeout_ms ? c->max_timeout_ms : 600000;
	cfg->max_output = c->max_output ? c->max_output : 256 << 10;
	cfg->max_file = c->max_file ? c->max_file : 4 << 20;
	/* A file's base64 and the JSON around it fit in one line. */
	cfg->max_line = (size_t)(cfg->max_file / 3 * 4 + (1 << 20));
	cfg->audit_log = c->audit;
	cfg->verbose = c->verbose;
	if ((rc = pick_runtimes(c, cfg)) != 0)
		return rc;
	if (!(cfg->policy = cli_sandbox_policy(&c->sb)))
		return CLI_EXIT_CANNOT_RUN;
	/* A call may always ask for the policy's own timeout. */
	if (securer_policy_limit(cfg->policy, SECURER_LIMIT_TIMEOUT_MS) >
	    cfg->max_timeout_ms)
		cfg->max_timeout_ms =
		    securer_policy_limit(cfg->policy, SECURER_LIMIT_TIMEOUT_MS);
	if (c->manifest) {
		if (!(cfg->tools = securer_tools_new()))
			return CLI_EXIT_CANNOT_RUN;
		if (securer_tools_load_manifest(cfg->tools, c->manifest) < 0) {
			cli_error("%s", securer_tools_error(cfg->tools));
			return CLI_EXIT_CANNOT_RUN;
		}
	}
	if (mcp_workspace_open(cfg, c->workspace) < 0 ||
	    bind_workspace(cfg) < 0 || resolve_backend(cfg, c->sb.backend) < 0)
		return CLI_EXIT_CANNOT_RUN;
	cfg->sandboxed = securer_backend_is_sandbox(cfg->backend);
	return 0;
}

/* ---- serving ------------------------------------------------------------ */

static int signal_pipe[2] = {-1, -1};

static void on_signal(int sig)
{
	int saved = errno;
	char c = (char)sig;

	if (write(signal_pipe[1], &c, 1) < 0) {
		/* full: a stop is pending already */
	}
	errno = saved;
}

/* A handler, not SIG_IGN: an ignored SIGPIPE would be inherited by every
 * program the server starts (tools, sandboxes).  A write to a closed
 * stdout then fails with EPIPE, and the server stops. */
static void on_sigpipe(int sig)
{
	(void)sig;
}

static int install_signals(void)
{
	struct sigaction sa;

	if (pipe2(signal_pipe, O_CLOEXEC | O_NONBLOCK) < 0)
		return -errno;
	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sa.sa_handler = on_sigpipe;
	sigaction(SIGPIPE, &sa, NULL);
	return 0;
}

static void line_cb(void *ud, char *line, size_t len)
{
	mcp_handle_line(ud, line, len);
}

static void oversized_cb(void *ud, struct mcp_idscan *scan, size_t len)
{
	mcp_handle_oversized(ud, scan, len);
}

/* Reads stdin until its end, a signal, or a client that stopped reading.
 * At the end of input the calls received still run and are answered
 * (`printf ... | securer mcp` works); a signal stops them. */
static void serve(struct mcp_server *srv)
{
	const struct mcp_line_cb cb = {line_cb, oversized_cb, srv};
	struct pollfd p[2] = {{0, POLLIN, 0}, {signal_pipe[0], POLLIN, 0}};
	struct mcp_lines lines;
	static char buf[1 << 16];

	mcp_lines_init(&lines, srv->cfg.max_line);
	while (!__atomic_load_n(&srv->out_broken, __ATOMIC_RELAXED)) {
		ssize_t n;

		if (poll(p, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (p[1].revents) {
			mcp_log("stopping on a signal");
			break;
		}
		n = read(0, buf, sizeof(buf));
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n <= 0) {
			mcp_lines_finish(&lines, &cb);
			mcp_workers_drain(srv, signal_pipe[0]);
			break;
		}
		mcp_lines_feed(&lines, buf, (size_t)n, &cb);
	}
	mcp_lines_release(&lines);
}

static void log_start(const struct mcp_server *srv)
{
	char list[64] = "";

	for (int rt = 0; rt < SECURER_RUNTIME_COUNT_; rt++)
		if (srv->cfg.runtimes[rt])
			snprintf(list + strlen(list),
			         sizeof(list) - strlen(list), "%s%s",
			         list[0] ? ", " : "",
			         securer_runtime_name((securer_runtime)rt));
	mcp_log("serving %s under %s%s; workspace %s%s", list,
	        securer_backend_name(srv->cfg.backend),
	        srv->cfg.sandboxed ? "" : " (NOT SANDBOXED)",
	        srv->cfg.workspace,
	        srv->cfg.workspace_tmp ? " (removed at exit)" : "");
}

int cmd_mcp(int argc, char **argv)
{
	static const char usage[] =
	    "securer mcp [OPTIONS]\n\n"
	    "A Model Context Protocol server on stdin/stdout: persistent "
	    "sandboxed\n"
	    "sessions (run_python, run_r, run_sh), the manifest's tools, "
	    "files in and\n"
	    "out of a workspace.  Logs go to stderr.  See docs/mcp.md";
	struct mcp_ctx c;
	struct mcp_server *srv = calloc(1, sizeof(*srv));
	bool stopped = true;
	int first, rc;

	if (!srv) {
		cli_error("out of memory");
		return CLI_EXIT_CANNOT_RUN;
	}
	memset(&c, 0, sizeof(c));
	cli_sandbox_init(&c.sb);
	rc = cli_parse(argc, argv, mcp_opts,
	               sizeof(mcp_opts) / sizeof(mcp_opts[0]), on_opt, &c,
	               usage, &first);
	if (rc == 0 && first < argc) {
		cli_error("mcp: unexpected argument '%s'", argv[first]);
		rc = CLI_EXIT_CANNOT_RUN;
	}
	if (rc) {
		free(srv);
		return rc < 0 ? 0 : rc;
	}
	pthread_mutex_init(&srv->mu, NULL);
	pthread_mutex_init(&srv->out_mu, NULL);
	srv->sink = mcp_sink_stdout;
	if ((rc = configure(&c, &srv->cfg)) != 0)
		goto out;
	rc = CLI_EXIT_CANNOT_RUN;
	if (mcp_tools_build(srv) < 0 || install_signals() < 0)
		goto out;
	if (mcp_workers_start(srv) < 0) {
		cli_error("mcp: cannot start its threads");
		stopped = mcp_workers_stop(srv);
		goto out;
	}
	log_start(srv);
	serve(srv);
	stopped = mcp_workers_stop(srv);
	rc = 0;
out:
	mcp_workspace_close(&srv->cfg);
	if (!stopped) /* a thread still runs: leave its state alone */
		return rc;
	mcp_tools_release(srv);
	securer_tools_free(srv->cfg.tools);
	securer_policy_free(srv->cfg.policy);
	pthread_mutex_destroy(&srv->mu);
	pthread_mutex_destroy(&srv->out_mu);
	free(srv);
	return rc;
}
