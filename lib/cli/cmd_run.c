/*
 * cmd_run.c - `securer run`: execute code in a sandboxed session of a
 * runtime, with tools from a manifest, and print what it produced.
 *
 * Exit status: 0 on success; 1 when the code failed (syntax, runtime,
 * limit, killed, protocol; the message says why); 124 on timeout; 125 when
 * securer could not run it.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "sandbox_opts.h"

enum {
	OPT_RUNTIME = 1,
	OPT_TOOLS,
	OPT_MAX_CALLS,
	OPT_AUDIT,
	OPT_JSON,
	OPT_CODE,
	OPT_VERBOSE,
};

static const struct cli_opt run_opts[] = {
    {"runtime", 'r', "sh|python|r", OPT_RUNTIME,
     "the language (default python)"},
    {"tools", 0, "MANIFEST", OPT_TOOLS,
     "tools the code may call (docs/tools.md)"},
    {"max-tool-calls", 0, "N", OPT_MAX_CALLS,
     "tool calls allowed (default: the policy's, 1000)"},
    {"audit-log", 0, "FILE", OPT_AUDIT, "append a JSON-lines audit log"},
    {"json", 0, NULL, OPT_JSON, "print the whole result as JSON"},
    {"execute", 'e', "CODE", OPT_CODE,
     "the code (else a FILE, or - for stdin)"},
    {"verbose", 'v', NULL, OPT_VERBOSE, "log the session's steps on stderr"},
    CLI_SANDBOX_OPTIONS,
};

struct run_ctx {
	struct cli_sandbox sb;
	securer_runtime runtime;
	const char *manifest;
	const char *audit;
	const char *code;
	long long max_calls;
	int json;
	int verbose;
};

static int on_opt(void *vctx, int id, const char *v)
{
	struct run_ctx *c = vctx;
	char *end;

	switch (id) {
	case OPT_RUNTIME:
		if (securer_runtime_from_name(v, &c->runtime) < 0) {
			cli_error("unknown runtime '%s' (sh, python, r)", v);
			return CLI_EXIT_CANNOT_RUN;
		}
		return 0;
	case OPT_TOOLS:
		c->manifest = v;
		return 0;
	case OPT_MAX_CALLS:
		c->max_calls = strtoll(v, &end, 10);
		if (*end || c->max_calls <= 0) {
			cli_error(
			    "--max-tool-calls '%s' is not a positive number",
			    v);
			return CLI_EXIT_CANNOT_RUN;
		}
		return 0;
	case OPT_AUDIT:
		c->audit = v;
		return 0;
	case OPT_JSON:
		c->json = 1;
		return 0;
	case OPT_CODE:
		c->code = v;
		return 0;
	case OPT_VERBOSE:
		c->verbose = 1;
		return 0;
	}
	return cli_sandbox_option(&c->sb, id, v);
}

static char *read_all(FILE *f)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	char chunk[65536];
	size_t n;

	if (!m)
		return NULL;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		fwrite(chunk, 1, n, m);
	fclose(m);
	return buf;
}

static char *load_code(struct run_ctx *c, int argc, char **argv, int first)
{
	FILE *f;
	char *code;

	if (c->code && first < argc) {
		cli_error("run: give the code with -e or as a FILE, not both");
		return NULL;
	}
	if (c->code)
		return strdup(c->code);
	if (first != argc - 1) {
		cli_error("run: no code (-e CODE, FILE, or - for stdin)");
		return NULL;
	}
	if (strcmp(argv[first], "-") == 0)
		return read_all(stdin);
	if (!(f = fopen(argv[first], "r"))) {
		cli_error("cannot read '%s'", argv[first]);
		return NULL;
	}
	code = read_all(f);
	fclose(f);
	return code;
}

static void log_line(void *userdata, const char *line)
{
	(void)userdata;
	fprintf(stderr, "securer: %s\n", line);
}

/* Without --json the code's output reaches the terminal as it runs. */
static void echo_line(void *userdata, int stream, const char *line, size_t len)
{
	FILE *f = stream == 1 ? stdout : stderr;

	(void)userdata;
	fwrite(line, 1, len, f);
	fflush(f);
}

static int report(const securer_result *r, int json)
{
	securer_error_kind kind = securer_result_error(r);
	size_t n;
	int trunc;

	if (json) {
		char *text = securer_result_to_json(r);

		printf("%s\n", text ? text : "{}");
		free(text);
	} else {
		/* The output itself went out as it came (echo_line). */
		securer_result_stdout(r, &n, &trunc);
		if (trunc)
			cli_error("stdout was truncated at the output limit");
		securer_result_stderr(r, &n, &trunc);
		if (trunc)
			cli_error("stderr was truncated at the output limit");
		/* The value as JSON; a value without a JSON form (an R
		 * environment, a Python object) as its printed form. */
		if (kind == SECURER_ERROR_NONE &&
		    strcmp(securer_result_value(r), "null") != 0)
			printf("%s\n", securer_result_value(r));
		else if (kind == SECURER_ERROR_NONE && securer_result_repr(r))
			printf("%s\n", securer_result_repr(r));
		if (kind != SECURER_ERROR_NONE) {
			if (securer_result_traceback(r))
				fprintf(stderr, "%s\n",
				        securer_result_traceback(r));
			cli_error("%s error: %s", securer_error_kind_name(kind),
			          securer_result_message(r));
		}
	}
	fflush(stdout);
	return kind == SECURER_ERROR_NONE      ? CLI_EXIT_OK
	       : kind == SECURER_ERROR_TIMEOUT ? CLI_EXIT_TIMEOUT
	                                       : CLI_EXIT_FAIL;
}

static securer_tools *load_tools(const char *manifest)
{
	securer_tools *t = securer_tools_new();

	if (!t) {
		cli_error("out of memory");
		return NULL;
	}
	if (manifest && securer_tools_load_manifest(t, manifest) < 0) {
		cli_error("%s", securer_tools_error(t));
		securer_tools_free(t);
		return NULL;
	}
	return t;
}

int cmd_run(int argc, char **argv)
{
	static const char usage[] =
	    "securer run [OPTIONS] (-e CODE | FILE | -)\n\n"
	    "Executes code in a sandboxed session; the code can call the "
	    "tools\n"
	    "of --tools.  Prints its output and the value of its last "
	    "expression.\n"
	    "Exit status: 0 success, 1 the code failed, 124 timeout, 125 "
	    "securer\n"
	    "could not run it";
	struct run_ctx c;
	securer_session_opts so;
	securer_execute_opts eo;
	securer_policy *policy = NULL;
	securer_tools *tools = NULL;
	securer_session *s = NULL;
	securer_result *r = NULL;
	char *code = NULL;
	int first, rc;

	memset(&c, 0, sizeof(c));
	c.runtime = SECURER_RUNTIME_PYTHON;
	cli_sandbox_init(&c.sb);
	rc = cli_parse(argc, argv, run_opts,
	               sizeof(run_opts) / sizeof(run_opts[0]), on_opt, &c,
	               usage, &first);
	if (rc)
		return rc < 0 ? 0 : rc;
	rc = CLI_EXIT_CANNOT_RUN;
	if (!(code = load_code(&c, argc, argv, first)) ||
	    !(policy = cli_sandbox_policy(&c.sb)) ||
	    !(tools = load_tools(c.manifest)))
		goto out;
	securer_session_opts_init(&so);
	so.backend = c.sb.backend;
	so.audit_log = c.audit;
	so.log = c.verbose ? log_line : NULL;
	s = securer_session_new(policy, c.runtime, tools, &so);
	if (!s) {
		cli_error("out of memory");
		goto out;
	}
	if (securer_session_start(s) < 0) {
		cli_error("%s", securer_session_error(s));
		goto out;
	}
	securer_execute_opts_init(&eo);
	eo.max_tool_calls = c.max_calls;
	eo.on_output = c.json ? NULL : echo_line;
	if (securer_session_execute(s, code, &eo, &r) < 0) {
		cli_error("%s", securer_session_error(s));
		goto out;
	}
	rc = report(r, c.json);
out:
	securer_result_free(r);
	securer_session_free(s);
	securer_tools_free(tools);
	securer_policy_free(policy);
	free(code);
	return rc;
}
