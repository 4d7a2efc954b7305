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

static pid_t start(const struct securer__command *c, int in, int out, int err)
{
	pid_t pid = fork();

	if (pid != 0)
		return pid;
	/* A new process group, so a timeout kills what it started too. */
	setpgid(0, 0);
	dup2(in, 0);
	dup2(out, 1);
	dup2(err, 2);
	securer__close_fds_except(3, NULL, 0);
	if (c->cwd && chdir(c->cwd) < 0)
		_exit(126);
	execvp(c->argv[0], c->argv);
	dprintf(2, "cannot run '%s': %s\n", c->argv[0], strerror(errno));
	_exit(127);
}

/* Feeds |input| and collects stdout and stderr until the command exits or
 * the deadline passes; returns the wait status, or -ETIMEDOUT. */
static int run(const struct securer__command *c, const char *input,
               struct capture *out, struct capture *err)
{
	int pin[2], pout[2], perr[2], status = 0;
	size_t input_off = 0, input_len = strlen(input);
	int64_t deadline = securer_monotonic_ms() + c->timeout_ms;
	pid_t pid;

	if (pipe2(pin, O_CLOEXEC) < 0)
		return -errno;
	if (pipe2(pout, O_CLOEXEC) < 0) {
		status = -errno;
		goto fail_in;
	}
	if (pipe2(perr, O_CLOEXEC) < 0) {
		status = -errno;
		close(pout[0]);
		close(pout[1]);
		goto fail_in;
	}
	pid = start(c, pin[0], pout[1], perr[1]);
	close(pin[0]);
	close(pout[1]);
	close(perr[1]);
	if (pid < 0) {
		close(pin[1]);
		close(pout[0]);
		close(perr[0]);
		return -errno;
	}
	fcntl(pin[1], F_SETFL, O_NONBLOCK);
	for (int open_fds = 2; open_fds > 0 || pin[1] >= 0;) {
		struct pollfd p[3] = {{pout[0], POLLIN, 0},
		                      {perr[0], POLLIN, 0},
		                      {pin[1], POLLOUT, 0}};
		int64_t left = deadline - securer_monotonic_ms();

		if (left <= 0 || poll(p, 3, (int)left) == 0) {
			kill(-pid, SIGKILL);
			status = -ETIMEDOUT;
			break;
		}
		for (int i = 0; i < 2; i++) {
			char buf[65536];
			ssize_t n;

			if (p[i].fd < 0 || !p[i].revents)
				continue;
			n = read(p[i].fd, buf, sizeof(buf));
			if (n > 0)
				take(i == 0 ? out : err, buf, (size_t)n);
			else if (n == 0 || errno != EINTR) {
				close(p[i].fd);
				(i == 0 ? pout : perr)[0] = -1;
				open_fds--;
			}
		}
		if (pin[1] >= 0 && p[2].revents) {
			ssize_t n = securer__write_nosigpipe(
			    pin[1], input + input_off, input_len - input_off);

			if (n > 0)
				input_off += (size_t)n;
			if ((n < 0 && errno != EAGAIN && errno != EINTR) ||
			    input_off == input_len) {
				close(pin[1]);
				pin[1] = -1;
			}
		}
	}
	if (pin[1] >= 0)
		close(pin[1]);
	if (pout[0] >= 0)
		close(pout[0]);
	if (perr[0] >= 0)
		close(perr[0]);
	{
		int ws = 0;

		while (waitpid(pid, &ws, 0) < 0 && errno == EINTR)
			;
		return status < 0 ? status : ws;
	}
fail_in:
	close(pin[0]);
	close(pin[1]);
	return status;
}

int securer__command_tool(void *userdata, const char *args_json,
                          char **result_json, char **error)
{
	const struct securer__command *c = userdata;
	struct capture out = {malloc(RESULT_MAX + 1), 0, 0, RESULT_MAX, false};
	struct capture err = {malloc(STDERR_KEEP + 1), 0, 0, STDERR_KEEP, true};
	int ws;

	if (!out.buf || !err.buf) {
		free(out.buf);
		free(err.buf);
		*error = securer__strdup("out of memory");
		return -1;
	}
	ws = run(c, args_json, &out, &err);
	out.buf[out.len] = '\0';
	err.buf[err.len] = '\0';
	while (err.len && (err.buf[err.len - 1] == '\n'))
		err.buf[--err.len] = '\0';
	if (ws == -ETIMEDOUT) {
		if (asprintf(error, "timed out after %lld ms",
		             (long long)c->timeout_ms) < 0)
			*error = NULL;
	} else if (ws < 0) {
		if (asprintf(error, "cannot run the tool: %s", strerror(-ws)) <
		    0)
			*error = NULL;
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
