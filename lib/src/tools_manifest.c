/*
 * tools_manifest.c - tools described by a manifest file, each running a
 * command on the host (docs/tools.md):
 *
 *   {"tools": [{"name": "add", "description": "Add two numbers",
 *               "args": {"a": "number", "b": "number"},
 *               "command": ["python3", "add.py"], "timeout_seconds": 10}]}
 *
 * A call runs the command (relative paths resolve from the manifest's
 * directory, which is also its working directory) with the arguments as one
 * JSON object on stdin.  Its stdout must be the JSON result; a non-zero exit
 * is a tool error carrying the end of its stderr; past its timeout it is
 * killed, with its process group.  The command is trusted host code: it
 * runs with the caller's environment, outside the sandbox.
 */
#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tools.h"

#define RESULT_MAX  (16u << 20) /* what a tool may print */
#define STDERR_KEEP 2000        /* end of stderr kept for the error */

void securer__command_free(struct securer__command *c)
{
	if (!c)
		return;
	for (size_t i = 0; c->argv && c->argv[i]; i++)
		free(c->argv[i]);
	free(c->argv);
	free(c->cwd);
	free(c);
}

/* ---- running a command -------------------------------------------------- */

struct capture {
	char *buf;
	size_t len, cap, max;
	bool keep_tail; /* stderr: keep the end, not the start */
};

static void take(struct capture *c, const char *data, size_t n)
{
	if (c->keep_tail && n >= c->max) {
		memcpy(c->buf, data + n - c->max, c->max);
		c->len = c->max;
		return;
	}
	if (c->len + n > c->max) {
		if (!c->keep_tail) {
			n = c->max - c->len;
		} else {
			size_t drop = c->len + n - c->max;

			memmove(c->buf, c->buf + drop, c->len - drop);
			c->len -= drop;
		}
	}
	memcpy(c->buf + c->len, data, n);
	c->len += n;
}

/* Starts the command the way the library starts every process (spawn.c):
 * the host may be multithreaded (a pool runs tools on several threads), so
 * the child only makes async-signal-safe calls, with everything prepared
 * before fork; it starts with default signal handling and an empty mask,
 * in its own session and process group (a timeout kills the group), dies
 * with its parent, keeps no fd but its stdio, and an exec failure comes
 * back on a status pipe.  Unlike a sandbox it keeps the caller's
 * environment and privileges: a tool is trusted host code. */
static int start(const struct securer__command *c, const int stdio[3],
                 int status_wr, struct securer__proc *proc, char *why)
{
	extern char **environ;
	struct securer__launch l;
	char exe[PATH_MAX];
	int rc;

	rc = securer__which(c->argv[0], getenv("PATH"), c->cwd, exe,
	                    sizeof(exe));
	if (rc < 0)
		return securer__fail(why, rc, "cannot run '%s': %s", c->argv[0],
		                     rc == -ENOENT ? "not found on PATH"
		                                   : strerror(-rc));
	securer__launch_init(&l);
	l.exec_path = exe;
	l.cwd = c->cwd;
	l.keep_privileges = true;
	l.status_cloexec = true;
	for (size_t i = 0; c->argv[i]; i++)
		securer__strv_push(&l.argv, c->argv[i]);
	for (size_t i = 0; environ && environ[i]; i++)
		securer__strv_push(&l.envp, environ[i]);
	for (int fd = 0; fd < 3; fd++)
		securer__launch_map(&l, stdio[fd], fd);
	securer__launch_map(&l, status_wr, 3);
	rc = securer__spawn(&l, 3, proc, why);
	securer__launch_release(&l);
	return rc;
}

/* Why the child did not get to run the command, from its status pipe;
 * 0 when it did. */
static int exec_failure(const struct securer__command *c, int status_rd,
                        char *why)
{
	struct securer__status_rec rec;

	if (read(status_rd, &rec, sizeof(rec)) != (ssize_t)sizeof(rec) ||
	    rec.kind != SECURER__ST_SETUP)
		return 0;
	return securer__fail(why, -(rec.err ? rec.err : EIO),
	                     "cannot run '%s': %s%s", c->argv[0],
	                     rec.arg == SECURER__SETUP_CHDIR
	                         ? "cannot enter its directory: "
	                         : "",
	                     strerror(rec.err ? rec.err : EIO));
}

/* Feeds |input| and collects stdout and stderr until the command exits or
 * the deadline passes; returns the wait status, or a negative errno with
 * |why| (-ETIMEDOUT: it was killed at the deadline). */
static int run(const struct securer__command *c, const char *input,
               struct capture *out, struct capture *err, char *why)
{
	int pin[2] = {-1, -1}, pout[2] = {-1, -1}, perr[2] = {-1, -1};
	int pst[2] = {-1, -1}, status = 0, ws = 0;
	size_t input_off = 0, input_len = strlen(input);
	int64_t deadline = securer_monotonic_ms() + c->timeout_ms;
	struct securer__proc proc = {-1, -1};

	if (pipe2(pin, O_CLOEXEC) < 0 || pipe2(pout, O_CLOEXEC) < 0 ||
	    pipe2(perr, O_CLOEXEC) < 0 || pipe2(pst, O_CLOEXEC) < 0) {
		status = securer__fail_errno(why, -errno, "pipe");
		goto out;
	}
	status =
	    start(c, (int[]){pin[0], pout[1], perr[1]}, pst[1], &proc, why);
	securer__close_fd(&pin[0]);
	securer__close_fd(&pout[1]);
	securer__close_fd(&perr[1]);
	securer__close_fd(&pst[1]);
	if (status < 0)
		goto out;
	fcntl(pin[1], F_SETFL, O_NONBLOCK);
	/* Until the command exits (its pidfd), not until its pipes close: it
	 * may close them and go on. */
	for (bool exited = false; !exited;) {
		struct pollfd p[4] = {{pout[0], POLLIN, 0},
		                      {perr[0], POLLIN, 0},
		                      {pin[1], POLLOUT, 0},
		                      {proc.pidfd, POLLIN, 0}};
		int64_t left = deadline - securer_monotonic_ms();

		if (left <= 0 || poll(p, 4, (int)left) == 0) {
			kill(-proc.pid, SIGKILL);
			status = securer__fail(why, -ETIMEDOUT,
			                       "timed out after %lld ms",
			                       (long long)c->timeout_ms);
			break;
		}
		exited = p[3].revents != 0;
		for (int i = 0; i < 2; i++) {
			int *fd = i == 0 ? &pout[0] : &perr[0];
			char buf[65536];
			ssize_t n;

			/* after the exit, drain what is buffered */
			while (*fd >= 0 && (p[i].revents || exited)) {
				n = read(*fd, buf, sizeof(buf));
				if (n > 0)
					take(i == 0 ? out : err, buf,
					     (size_t)n);
				else if (n < 0 && errno == EINTR)
					continue;
				else if (n == 0 || errno != EAGAIN)
					securer__close_fd(fd);
				if (!exited || n <= 0)
					break;
			}
		}
		if (pin[1] >= 0 && p[2].revents) {
			ssize_t n = securer__write_nosigpipe(
			    pin[1], input + input_off, input_len - input_off);

			if (n > 0)
				input_off += (size_t)n;
			if ((n < 0 && errno != EAGAIN && errno != EINTR) ||
			    input_off == input_len)
				securer__close_fd(&pin[1]);
		}
	}
	while (waitpid(proc.pid, &ws, 0) < 0 && errno == EINTR)
		;
	if (status == 0)
		status = exec_failure(c, pst[0], why);
out:
	securer__close_fd(&proc.pidfd);
	for (int i = 0; i < 2; i++) {
		securer__close_fd(&pin[i]);
		securer__close_fd(&pout[i]);
		securer__close_fd(&perr[i]);
		securer__close_fd(&pst[i]);
	}
	return status < 0 ? status : ws;
}

int securer__command_tool(void *userdata, const char *args_json,
                          char **result_json, char **error)
{
	const struct securer__command *c = userdata;
	struct capture out = {malloc(RESULT_MAX + 1), 0, 0, RESULT_MAX, false};
	struct capture err = {malloc(STDERR_KEEP + 1), 0, 0, STDERR_KEEP, true};
	char why[SECURER__ERR_SIZE];
	int ws;

	if (!out.buf || !err.buf) {
		free(out.buf);
		free(err.buf);
		*error = securer__strdup("out of memory");
		return -1;
	}
	ws = run(c, args_json, &out, &err, why);
	out.buf[out.len] = '\0';
	err.buf[err.len] = '\0';
	while (err.len && (err.buf[err.len - 1] == '\n'))
		err.buf[--err.len] = '\0';
	if (ws < 0) {
		*error = securer__strdup(why);
	} else if (!WIFEXITED(ws) || WEXITSTATUS(ws) != 0) {
		if (asprintf(error, "%s%s(%s %d)", err.buf, err.len ? " " : "",
		             WIFEXITED(ws) ? "exit status" : "killed by signal",
		             WIFEXITED(ws) ? WEXITSTATUS(ws) : WTERMSIG(ws)) <
		    0)
			*error = NULL;
	} else {
		cJSON *v = cJSON_Parse(out.buf);

		if (v) {
			cJSON_Delete(v);
			*result_json = out.buf;
			free(err.buf);
			return 0;
		}
		if (asprintf(error, "the tool printed no JSON result: '%.200s'",
		             out.buf) < 0)
			*error = NULL;
	}
	free(out.buf);
	free(err.buf);
	return -1;
}

/* ---- the manifest ------------------------------------------------------- */

static int bad(securer_tools *t, const char *path, int i, const char *key,
               const char *why)
{
	return securer__fail(t->err, -EINVAL, "%s: tools[%d].%s %s", path, i,
	                     key, why);
}

static int parse_args(securer_tools *t, const char *path, int i, const cJSON *v,
                      securer_tool_arg *args, size_t *n)
{
	const cJSON *a;

	*n = 0;
	if (!cJSON_IsObject(v))
		return bad(t, path, i, "args",
		           "must be an object of name: type");
	cJSON_ArrayForEach(a, v)
	{
		const cJSON *type = a;

		if (*n == 64)
			return bad(t, path, i, "args",
			           "has more than 64 arguments");
		args[*n].name = a->string;
		args[*n].description = NULL;
		if (cJSON_IsObject(a)) {
			const cJSON *k;

			type = cJSON_GetObjectItemCaseSensitive(a, "type");
			for (k = a->child; k; k = k->next) {
				if (strcmp(k->string, "type") == 0 ||
				    strcmp(k->string, "description") == 0)
					continue;
				return securer__fail(
				    t->err, -EINVAL,
				    "%s: tools[%d].args.%s: unknown key "
				    "'%s' (type, description)",
				    path, i, a->string, k->string);
			}
			k = cJSON_GetObjectItemCaseSensitive(a, "description");
			if (k && !cJSON_IsString(k))
				return bad(t, path, i, "args",
				           "descriptions must be strings");
			args[*n].description = k ? k->valuestring : NULL;
		}
		if (!cJSON_IsString(type) ||
		    securer_type_from_name(type->valuestring, &args[*n].type) <
		        0)
			return bad(t, path, i, "args",
			           "types are string, number, "
			           "integer, boolean, object or array");
		(*n)++;
	}
	return 0;
}

static struct securer__command *
parse_command(securer_tools *t, const char *path, int i, const cJSON *cmd,
              const cJSON *timeout, const char *dir, int *rc)
{
	struct securer__command *c = calloc(1, sizeof(*c));
	int n = cJSON_GetArraySize(cmd), k = 0;
	const cJSON *e;

	*rc = -ENOMEM;
	if (!c)
		return NULL;
	if (!cJSON_IsArray(cmd) || n == 0) {
		*rc = bad(t, path, i, "command",
		          "must be a non-empty array of strings");
		free(c);
		return NULL;
	}
	c->argv = calloc((size_t)n + 1, sizeof(char *));
	c->cwd = securer__strdup(dir);
	c->timeout_ms = 30000;
	if (timeout && (!cJSON_IsNumber(timeout) || timeout->valuedouble <= 0 ||
	                timeout->valuedouble > 86400)) {
		*rc =
		    bad(t, path, i, "timeout_seconds", "must be in (0, 86400]");
		goto fail;
	}
	if (timeout)
		c->timeout_ms = (int64_t)(timeout->valuedouble * 1000);
	if (!c->argv || !c->cwd)
		goto fail;
	cJSON_ArrayForEach(e, cmd)
	{
		if (!cJSON_IsString(e) || !e->valuestring[0]) {
			*rc = bad(t, path, i, "command",
			          "must hold non-empty strings");
			goto fail;
		}
		if (!(c->argv[k++] = securer__strdup(e->valuestring)))
			goto fail;
	}
	*rc = 0;
	return c;
fail:
	if (*rc == -ENOMEM)
		securer__fail(t->err, -ENOMEM, "out of memory");
	securer__command_free(c);
	return NULL;
}

static int load_tool(securer_tools *t, const char *path, int i, const cJSON *o,
                     const char *dir)
{
	static const char *const keys[] = {"name", "description", "args",
	                                   "command", "timeout_seconds"};
	const cJSON *name = cJSON_GetObjectItemCaseSensitive(o, "name");
	const cJSON *desc = cJSON_GetObjectItemCaseSensitive(o, "description");
	securer_tool_arg args[64];
	struct securer__command *cmd;
	const cJSON *k;
	size_t n = 0;
	int rc;

	if (!cJSON_IsObject(o))
		return securer__fail(t->err, -EINVAL,
		                     "%s: tools[%d] must be an object", path,
		                     i);
	cJSON_ArrayForEach(k, o)
	{
		bool known = false;

		for (size_t j = 0; j < sizeof(keys) / sizeof(keys[0]); j++)
			known |= strcmp(k->string, keys[j]) == 0;
		if (!known)
			return bad(t, path, i, k->string, "is not a known key");
	}
	if (!cJSON_IsString(name))
		return bad(t, path, i, "name", "must be a string");
	if (desc && !cJSON_IsString(desc))
		return bad(t, path, i, "description", "must be a string");
	k = cJSON_GetObjectItemCaseSensitive(o, "args");
	if (k && (rc = parse_args(t, path, i, k, args, &n)) < 0)
		return rc;
	cmd = parse_command(
	    t, path, i, cJSON_GetObjectItemCaseSensitive(o, "command"),
	    cJSON_GetObjectItemCaseSensitive(o, "timeout_seconds"), dir, &rc);
	if (!cmd)
		return rc;
	rc = securer__tools_add(t, name->valuestring,
	                        desc ? desc->valuestring : "", args, n,
	                        securer__command_tool, cmd, cmd);
	if (rc < 0) {
		char why[SECURER__ERR_SIZE];

		memcpy(why, t->err, sizeof(why));
		securer__fail(t->err, rc, "%s: tools[%d]: %s", path, i, why);
	}
	return rc;
}

/* All of the manifest's tools, or none of them. */
int securer_tools_load_manifest(securer_tools *t, const char *path)
{
	char *text = securer__read_file(path, 1 << 20), real[PATH_MAX];
	const cJSON *k, *list;
	size_t before = t->n;
	const char *dir;
	cJSON *root;
	int rc = 0, i = 0;

	if (!text)
		return securer__fail_errno(t->err, -errno,
		                           "cannot read manifest '%s'", path);
	root = cJSON_Parse(text);
	free(text);
	if (!cJSON_IsObject(root)) {
		cJSON_Delete(root);
		return securer__fail(t->err, -EINVAL, "%s: not a JSON object",
		                     path);
	}
	cJSON_ArrayForEach(k, root) if (strcmp(k->string, "tools") != 0)
	{
		/* k->string belongs to root: format before freeing it. */
		securer__fail(t->err, -EINVAL,
		              "%s: unknown key '%s' (see docs/tools.md)", path,
		              k->string);
		cJSON_Delete(root);
		return -EINVAL;
	}
	list = cJSON_GetObjectItemCaseSensitive(root, "tools");
	if (!cJSON_IsArray(list) || !realpath(path, real)) {
		cJSON_Delete(root);
		return securer__fail(t->err, -EINVAL,
		                     "%s: \"tools\" must be an array", path);
	}
	dir = dirname(real);
	cJSON_ArrayForEach(k, list)
	{
		if ((rc = load_tool(t, path, i++, k, dir)) < 0)
			break;
	}
	cJSON_Delete(root);
	if (rc < 0)
		securer__tools_truncate(t, before);
	return rc;
}
