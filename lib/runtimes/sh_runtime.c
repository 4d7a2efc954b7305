/*
 * sh_runtime.c - the sh runtime's driver: the child side of the session
 * protocol (docs/protocol.md) for runtime "sh".
 *
 * The driver says hello, turns the tools of init into shell functions of
 * a persistent /bin/sh, and then runs each execute: the code goes to a
 * new private file, "sh -n" checks it unless it is plain commands whose
 * syntax cannot be wrong (sh_simple.c), and the shell sources it (see
 * sh_shell.c).  While the code runs the driver reads nothing from the
 * host: the code's tool commands (sh_tool.c) read their answers from
 * fd 3 themselves.  The driver only watches fd 3 for the host hanging up.
 *
 * Everything the host sends is checked; a message the driver cannot
 * trust ends it with status 1 and a line on stderr, the end of fd 3 with
 * status 0.  The code is hostile: whatever it does to its shell (exit,
 * corrupt the status report, stop reading commands) costs it the shell,
 * which is replaced, never the driver.
 */
#include <errno.h>
#include <stdbool.h>
#include <inttypes.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sh_code.h"
#include "sh_fast.h"
#include "sh_init.h"
#include "sh_io.h"
#include "sh_runtime.h"
#include "sh_shell.h"
#include "sh_simple.h"

#define SH_RUNTIME_VERSION "0.1.0"
#define PROTOCOL_VERSION   1

/* What the message handlers return to keep the session going; anything
 * else is the driver's exit status. */
#define KEEP_GOING (-1)

/* Set when a new shell replaced one that died: the next result or error
 * tells the host that variables were lost ("state_lost"). */
static bool state_lost;

struct driver {
	struct sh_reader in;
	struct sh_shell shell;
	struct sh_code code;
	struct json_buf defs; /* the tool functions, as shell text */
	char exe[64];         /* re-executes securer-init: /proc/PID/exe */
	struct sh_fast fast;  /* the shell's own tool calls (sh_fast.c) */
};

__attribute__((format(printf, 1, 2))) static int fail(const char *fmt, ...)
{
	va_list ap;

	fputs("securer-sh: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return 1;
}

static int send_or_fail(struct json_buf *b)
{
	int rc = sh_send(b);

	json_buf_release(b);
	if (rc < 0)
		return fail("cannot send a message to the host: %s",
		            strerror(-rc));
	return KEEP_GOING;
}

static int send_hello(void)
{
	struct json_buf b;
	char link[64], version[128];
	ssize_t n = readlink(SH_SHELL, link, sizeof(link) - 1);
	const char *base;

	link[n > 0 ? n : 0] = '\0';
	base = strrchr(link, '/') ? strrchr(link, '/') + 1 : link;
	snprintf(version, sizeof(version), "%s %s%s%s", SH_RUNTIME_VERSION,
	         SH_SHELL, base[0] ? " -> " : "", base);
	json_buf_init(&b, SH_MSG_MAX);
	json_buf_addf(&b,
	              "{\"type\":\"hello\",\"protocol\":%d,\"runtime\":\"sh\","
	              "\"version\":",
	              PROTOCOL_VERSION);
	json_buf_add_string(&b, version, strlen(version));
	json_buf_addf(&b, ",\"pid\":%d}", (int)getpid());
	return send_or_fail(&b);
}

static int send_error(uint64_t id, const char *kind, const char *message)
{
	struct json_buf b;

	json_buf_init(&b, SH_MSG_MAX);
	json_buf_addf(&b,
	              "{\"type\":\"error\",\"id\":%" PRIu64 ",\"kind\":\"%s\","
	              "\"message\":",
	              id, kind);
	json_buf_add_string(&b, message, strlen(message));
	json_buf_adds(&b, state_lost ? ",\"state_lost\":true}" : "}");
	state_lost = false;
	return send_or_fail(&b);
}

static int send_result(uint64_t id)
{
	struct json_buf b;

	json_buf_init(&b, SH_MSG_MAX);
	/* sh has no value: success is the result itself, a non-zero exit
	 * status an error. */
	json_buf_addf(
	    &b, "{\"type\":\"result\",\"id\":%" PRIu64 ",\"value\":null%s}", id,
	    state_lost ? ",\"state_lost\":true" : "");
	state_lost = false;
	return send_or_fail(&b);
}

/* A shell with the tools defined, or -1 with a message. */
static int start_shell(struct driver *d, char *msg, size_t size)
{
	char path[SH_PATH_MAX];
	struct sh_run run;

	if (sh_shell_start(&d->shell, msg, size) < 0)
		return -1;
	if (sh_code_write(&d->code, d->defs.p ? d->defs.p : "", d->defs.len,
	                  path, msg, size) < 0) {
		sh_shell_stop(&d->shell);
		return -1;
	}
	sh_shell_source(&d->shell, path, SECURER__FD_FROM_HOST, NULL, &run);
	unlink(path);
	if (run.outcome == SH_DONE && run.status == 0)
		return 0;
	sh_shell_stop(&d->shell);
	snprintf(msg, size, "cannot define the tools in " SH_SHELL "%s%s",
	         run.msg[0] ? ": " : "", run.msg);
	return -1;
}

static void describe_end(int status, char *out, size_t size)
{
	if (WIFSIGNALED(status))
		snprintf(out, size, "was killed by signal %d",
		         WTERMSIG(status));
	else
		snprintf(out, size, "exited with status %d",
		         WEXITSTATUS(status));
}

/* The shell may have ended since the last execute (a background job can
 * kill it): start a new one, and say so in the execute's stderr. */
static int ensure_shell(struct driver *d, char *msg, size_t size)
{
	char how[64];
	int status;

	if (sh_shell_ended(&d->shell, &status)) {
		describe_end(status, how, sizeof(how));
		fprintf(stderr,
		        "securer-sh: the shell %s after the last execute; "
		        "a new one starts, variables were reset\n",
		        how);
		state_lost = true;
	}
	if (d->shell.pid > 0)
		return 0;
	return start_shell(d, msg, size);
}

/* Ends an execute after its shell died or was killed: report it, then
 * start the next shell now so its tools are ready. */
static int shell_lost(struct driver *d, uint64_t id, const struct sh_run *run)
{
	char msg[512], how[64];
	int rc;

	if (run->outcome == SH_DIED) {
		describe_end(run->status, how, sizeof(how));
		snprintf(msg, sizeof(msg), "the shell %s; variables were reset",
		         how);
	} else {
		snprintf(msg, sizeof(msg),
		         "%s; the shell was restarted and variables were reset",
		         run->msg);
	}
	state_lost = true;
	if ((rc = send_error(id, "runtime", msg)) != KEEP_GOING)
		return rc;
	if (start_shell(d, msg, sizeof(msg)) < 0)
		fail("%s (trying again at the next execute)", msg);
	return KEEP_GOING;
}

static int run_code(struct driver *d, uint64_t id, const char *code, size_t n)
{
	char path[SH_PATH_MAX], msg[4096];
	struct sh_run run;
	int rc;

	if (ensure_shell(d, msg, sizeof(msg)) < 0 ||
	    sh_code_write(&d->code, code, n, path, msg, sizeof(msg)) < 0)
		return send_error(id, "runtime", msg);
	/* Plain commands cannot have a syntax error: no "sh -n" for them
	 * (sh_simple.c), which saves a fork and an exec per execute. */
	if (!sh_simple_syntax(code, n) &&
	    (rc = sh_code_check(code, n, msg, sizeof(msg))) != 0) {
		unlink(path);
		return send_error(id, rc > 0 ? "syntax" : "runtime", msg);
	}
	/* While the shell runs the code, the next syntax check is spawned:
	 * its fork and exec stay off the next execute's path. */
	sh_shell_source(&d->shell, path, SECURER__FD_FROM_HOST,
	                sh_code_prepare_check, &run);
	unlink(path);
	switch (run.outcome) {
	case SH_HOST_GONE:
		return 0;
	case SH_DONE:
		if (run.status == 0)
			return send_result(id);
		snprintf(msg, sizeof(msg), "exit status %d", run.status);
		return send_error(id, "runtime", msg);
	default:
		return shell_lost(d, id, &run);
	}
}

/* |line| is the reader's buffer, which the code is decoded into. */
static int execute(struct driver *d, char *line, struct json_span obj)
{
	struct json_field f[] = {
	    {"id", JSON_NUMBER, 0, {NULL, 0}},
	    {"code", JSON_STRING, 0, {NULL, 0}},
	};
	char *code;
	uint64_t id;
	size_t n;

	if (json_object_fields(obj, f, 2) < 0 || !f[0].found || !f[1].found ||
	    json_uint53(f[0].val, &id) < 0)
		return fail("malformed execute message from the host");
	/* The host sends nothing until the execute ends, and a tool
	 * command could not see bytes this reader already took. */
	if (sh_reader_pending(&d->in))
		return fail("the host sent more than an execute at once");
	/* In place: decoding never makes a string longer. */
	code = line + (f[1].val.p - line);
	n = json_string_decode(f[1].val, code, f[1].val.n);
	return run_code(d, id, code, n);
}

static int serve(struct driver *d)
{
	for (;;) {
		struct json_span obj, type;
		char *line;
		size_t n;
		int rc;

		/* Idle: the fork and exec of the next syntax check happen now,
		 * not on the next execute's path. */
		sh_code_prepare_check();
		rc = sh_reader_line(&d->in, &line, &n);

		if (rc == 0)
			return 0;
		if (rc < 0)
			return fail("cannot read a message from the host: %s",
			            strerror(-rc));
		if (sh_parse_message(line, n, &obj, &type) < 0)
			return fail("malformed message from the host");
		if (json_string_is(type, "execute")) {
			if ((rc = execute(d, line, obj)) != KEEP_GOING)
				return rc;
		} else if (!json_string_is(type, "tool_result")) {
			return fail("unexpected message from the host: %.*s",
			            (int)(type.n < 40 ? type.n : 40), type.p);
		}
		/* A tool_result while idle answers a tool command that was
		 * killed before it read the answer: nobody waits for it. */
		sh_reader_trim(&d->in);
	}
}

/* Reads init; returns KEEP_GOING, 0 if the host hung up, or 1. */
static int read_init(struct driver *d)
{
	struct json_field f = {"tools", JSON_ARRAY, 0, {NULL, 0}};
	struct json_span obj, type;
	char *line, msg[256];
	size_t n;
	int rc = sh_reader_line(&d->in, &line, &n);

	if (rc == 0)
		return 0;
	if (rc < 0)
		return fail("cannot read init from the host: %s",
		            strerror(-rc));
	if (sh_parse_message(line, n, &obj, &type) < 0 ||
	    !json_string_is(type, "init") ||
	    json_object_fields(obj, &f, 1) < 0 || !f.found)
		return fail("expected init from the host");
	if (sh_init_tools(f.val, d->exe, &d->defs, msg, sizeof(msg)) < 0)
		return fail("bad init from the host: %s", msg);
	sh_reader_trim(&d->in);
	return KEEP_GOING;
}

static int session(struct driver *d)
{
	struct json_buf b;
	char msg[512];
	int rc;

	if ((rc = send_hello()) != KEEP_GOING ||
	    (rc = read_init(d)) != KEEP_GOING)
		return rc;
	if (start_shell(d, msg, sizeof(msg)) < 0)
		return fail("%s", msg);
	json_buf_init(&b, SH_MSG_MAX);
	json_buf_adds(&b, "{\"type\":\"ready\"}");
	if ((rc = send_or_fail(&b)) != KEEP_GOING)
		return rc;
	return serve(d);
}

int sh_runtime_main(int argc, char **argv)
{
	struct driver d;
	int rc;

	(void)argc;
	(void)argv;
	/* A shell that died leaves a broken pipe, and a code file may pass
	 * the policy's fsize limit: errors to report, not the driver's
	 * death.  Children get both signals back (sh_spawn_shell). */
	if (signal(SIGPIPE, SIG_IGN) == SIG_ERR ||
	    signal(SIGXFSZ, SIG_IGN) == SIG_ERR)
		return fail("cannot ignore SIGPIPE and SIGXFSZ: %s",
		            strerror(errno));
	snprintf(d.exe, sizeof(d.exe), "/proc/%d/exe", (int)getpid());
	if (access(d.exe, X_OK) < 0)
		fail("warning: '%s': %s; tool commands will fail", d.exe,
		     strerror(errno));
	/* For code that calls a tool outside its functions, e.g. from a
	 * script: "$SECURER_TOOL" --tool NAME SPEC [NAME=VALUE]... */
	if (setenv("SECURER_TOOL", d.exe, 1) < 0)
		return fail("cannot set SECURER_TOOL: %s", strerror(errno));
	sh_reader_init(&d.in, SECURER__FD_FROM_HOST, SH_MSG_MAX);
	sh_shell_init(&d.shell);
	sh_fast_init(&d.fast);
	d.shell.fast = &d.fast;
	sh_code_init(&d.code);
	json_buf_init(&d.defs, SH_MSG_MAX);

	rc = session(&d);

	sh_shell_stop(&d.shell);
	sh_fast_release(&d.fast);
	sh_code_release(&d.code);
	json_buf_release(&d.defs);
	sh_reader_release(&d.in);
	return rc;
}
