/*
 * sh_tool.c - the sh tool command: securer-init --tool NAME SPEC [WORD]...
 *
 * It runs as a grandchild of the driver, inside the code's shell, and
 * talks to the host itself over the inherited fds 3 and 4: the driver
 * reads nothing while the code runs.  Exit statuses, as the code sees
 * them: 0 the tool's value is on stdout, 1 the tool failed (its message
 * on stderr), 2 a usage error (nothing was sent), 3 no usable answer.
 *
 * Calls are synchronous in the protocol, but code may well run tools in
 * parallel ("tool x=1 & tool x=2; wait"), and fd 3 is one pipe for all of
 * them: a reader could take another's answer.  So each call holds an
 * exclusive flock from its tool_call to its answer.  flock locks belong to
 * the open file description, which inherited fds share, so the lock is
 * taken on a description of its own: /proc/self/fd/3 opened anew.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/random.h>
#include <unistd.h>

#include "sh_args.h"
#include "sh_io.h"
#include "sh_runtime.h"

enum { EXIT_TOOL_ERROR = 1, EXIT_USAGE = 2, EXIT_PROTOCOL = 3 };

/* Unique among the calls in flight, which come from live processes;
 * the random part makes a stale reply to a dead caller whose pid was
 * reused unlikely to match.  pid_max is at most 2^22: far below 2^53. */
static uint64_t call_id(void)
{
	uint16_t r = 0;

	if (getrandom(&r, sizeof(r), GRND_NONBLOCK) != (ssize_t)sizeof(r))
		r = 0;
	return (uint64_t)getpid() * 1000 + r % 1000;
}

static int print_value(const char *tool, struct json_span v,
                       struct json_buf *out, struct json_buf *err)
{
	char *s = NULL;
	size_t n = v.n;

	/* A string is printed as its text, anything else as JSON. */
	if (json_type(v) == JSON_STRING && !(s = json_string_dup(v, &n))) {
		json_buf_addf(err, "%s: out of memory\n", tool);
		return EXIT_PROTOCOL;
	}
	json_buf_add(out, s ? s : v.p, n);
	json_buf_add(out, "\n", 1);
	free(s);
	if (out->failed) {
		json_buf_addf(err, "%s: the result is too large\n", tool);
		return EXIT_PROTOCOL;
	}
	return 0;
}

static int print_error(const char *tool, struct json_span e,
                       struct json_buf *err)
{
	size_t n;
	char *s = json_string_dup(e, &n);

	if (!s) {
		json_buf_addf(err, "%s: out of memory\n", tool);
		return EXIT_PROTOCOL;
	}
	json_buf_addf(err, "%s: ", tool);
	json_buf_add(err, s, n);
	json_buf_add(err, "\n", 1);
	free(s);
	return EXIT_TOOL_ERROR;
}

/* Waits for the calls of other tool commands to end.  Returns the lock's
 * descriptor, or -1 when it cannot be had: the call then goes ahead
 * unserialized, which is all a lone caller needs. */
static int lock_calls(void)
{
	char path[32];
	int fd;

	snprintf(path, sizeof(path), "/proc/self/fd/%d", SECURER__FD_FROM_HOST);
	if ((fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)) < 0)
		return -1;
	while (flock(fd, LOCK_EX) < 0)
		if (errno != EINTR) {
			close(fd);
			return -1;
		}
	return fd;
}

static void unlock_calls(int *lock)
{
	if (*lock >= 0)
		close(*lock);
	*lock = -1;
}

struct reply {
	struct json_span value, error;
	int is_error;
};

/* 1 when |line| answers call |id| (then |r| is set), 0 when it answers
 * another call (one whose caller was killed before it read it), -1 when
 * it is not an answer at all. */
static int parse_reply(uint64_t id, const char *line, size_t n, struct reply *r)
{
	struct json_field f[] = {
	    {"id", JSON_NUMBER, 0, {NULL, 0}},
	    {"value", JSON_ANY, 0, {NULL, 0}},
	    {"error", JSON_STRING, 0, {NULL, 0}},
	};
	struct json_span obj, type;
	uint64_t got;

	if (sh_parse_message(line, n, &obj, &type) < 0 ||
	    !json_string_is(type, "tool_result") ||
	    json_object_fields(obj, f, 3) < 0 || !f[0].found ||
	    json_uint53(f[0].val, &got) < 0 || (f[1].found == f[2].found))
		return -1;
	if (got != id)
		return 0;
	r->value = f[1].val;
	r->error = f[2].val;
	r->is_error = f[2].found;
	return 1;
}

/* Reads answers until the one to call |id|, releases |*lock| and prints
 * it; returns the exit status. */
static int await_result(const char *tool, uint64_t id, int *lock,
                        struct json_buf *out, struct json_buf *err)
{
	struct sh_reader r;
	struct reply rep;
	int rc = -1;

	sh_reader_init(&r, SECURER__FD_FROM_HOST, SH_MSG_MAX);
	while (rc < 0) {
		char *line;
		size_t n;
		int got = sh_reader_line(&r, &line, &n);

		if (got <= 0) {
			json_buf_addf(
			    err, "%s: no answer from the host: %s\n", tool,
			    got == 0 ? "end of file" : strerror(-got));
			rc = EXIT_PROTOCOL;
			break;
		}
		if ((got = parse_reply(id, line, n, &rep)) == 0)
			continue;
		/* Printing may block on a full stdout: not with the lock. */
		unlock_calls(lock);
		if (got < 0) {
			json_buf_addf(
			    err, "%s: malformed reply from the host\n", tool);
			rc = EXIT_PROTOCOL;
		} else {
			rc = rep.is_error
			         ? print_error(tool, rep.error, err)
			         : print_value(tool, rep.value, out, err);
		}
	}
	sh_reader_release(&r);
	return rc;
}

/* Builds the tool_call message; on a usage error says why on stderr. */
static int build_call(struct sh_call *call, char *const *words, size_t n,
                      uint64_t id, struct json_buf *b, struct json_buf *err)
{
	char msg[512], usage[512];

	json_buf_addf(
	    b, "{\"type\":\"tool_call\",\"id\":%" PRIu64 ",\"tool\":", id);
	json_buf_add_string(b, call->tool, strlen(call->tool));
	json_buf_adds(b, ",\"args\":");
	if (sh_call_assign(call, words, n, msg, sizeof(msg)) < 0 ||
	    sh_call_args_json(call, b, msg, sizeof(msg)) < 0) {
		sh_call_usage(call, usage, sizeof(usage));
		json_buf_addf(err, "%s: %s (usage: %s)\n", call->tool, msg,
		              usage);
		return -1;
	}
	json_buf_adds(b, "}");
	return 0;
}

int sh_tool_run(int argc, char *const *argv, struct json_buf *out,
                struct json_buf *err)
{
	struct sh_call call;
	struct json_buf b;
	char msg[512];
	uint64_t id = call_id();
	int rc, lock = -1;

	if (argc < 2) {
		json_buf_adds(err, "usage: securer-init --tool NAME SPEC "
		                   "[NAME=VALUE]...\n");
		return EXIT_USAGE;
	}
	if (sh_call_parse(&call, argv[0], argv[1], msg, sizeof(msg)) < 0) {
		json_buf_addf(err, "securer-init --tool: %s\n", msg);
		sh_call_release(&call);
		return EXIT_USAGE;
	}
	json_buf_init(&b, SH_MSG_MAX);
	if (build_call(&call, argv + 2, (size_t)(argc - 2), id, &b, err) < 0) {
		rc = EXIT_USAGE;
		goto out;
	}
	lock = lock_calls();
	if ((rc = sh_send(&b)) < 0) {
		json_buf_addf(err, "%s: cannot send the call to the host: %s\n",
		              call.tool, strerror(-rc));
		rc = EXIT_PROTOCOL;
	} else {
		rc = await_result(call.tool, id, &lock, out, err);
	}
	unlock_calls(&lock);
out:
	json_buf_release(&b);
	sh_call_release(&call);
	return rc;
}

int sh_tool_main(int argc, char **argv)
{
	struct json_buf out, err;
	int rc;

	json_buf_init(&out, SH_MSG_MAX);
	json_buf_init(&err, SH_MSG_MAX);
	rc = sh_tool_run(argc - 1, argv + 1, &out, &err);
	if (out.len && sh_write_all(1, out.p, out.len) < 0) {
		json_buf_addf(&err, "%s: cannot write the result: %s\n",
		              argv[1] ? argv[1] : "tool", strerror(errno));
		rc = EXIT_PROTOCOL;
	}
	if (err.len)
		(void)sh_write_all(2, err.p, err.len);
	json_buf_release(&out);
	json_buf_release(&err);
	return rc;
}
