/*
 * mcp_harness.c - a raw-stdio client of `securer mcp` for the tests.
 */
#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "mcp.h"
#include "mcp_harness.h"
#include "common.h"

void mcp_srv_start(struct mcp_srv *s, ...)
{
	char bin[4096], why[256];
	const char *argv[64];
	int in[2], out[2], err;
	size_t n = 0;
	va_list ap;

	require(test_bwrap_works(why, sizeof(why)), "bwrap: %s", why);
	memset(s, 0, sizeof(*s));
	test_build_path("bin/securer", bin, sizeof(bin));
	require(access(bin, X_OK) == 0, "securer not built at %s", bin);
	argv[n++] = bin;
	argv[n++] = "mcp";
	va_start(ap, s);
	while (n < 63 && (argv[n] = va_arg(ap, const char *)))
		n++;
	va_end(ap);
	argv[n] = NULL;
	snprintf(s->err_path, sizeof(s->err_path), "%s/mcp-stderr.XXXXXX",
	         getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	err = mkstemp(s->err_path);
	assert_true(err >= 0);
	assert_int_equal(pipe2(in, O_CLOEXEC), 0);
	assert_int_equal(pipe2(out, O_CLOEXEC), 0);
	s->pid = fork();
	assert_true(s->pid >= 0);
	if (s->pid == 0) {
		if (dup2(in[0], 0) < 0 || dup2(out[1], 1) < 0 ||
		    dup2(err, 2) < 0)
			_exit(120);
		execv(bin, (char *const *)argv);
		_exit(121);
	}
	close(in[0]);
	close(out[1]);
	close(err);
	s->in = in[1];
	s->out = out[0];
	s->status = -1;
	s->started = true;
}

const char *mcp_srv_stderr(struct mcp_srv *s)
{
	static char text[16384];
	FILE *f = fopen(s->err_path, "r");
	size_t n = f ? fread(text, 1, sizeof(text) - 1, f) : 0;

	if (f)
		fclose(f);
	text[n] = '\0';
	return text;
}

void mcp_srv_write(struct mcp_srv *s, const void *p, size_t len)
{
	const char *c = p;

	while (len > 0) {
		ssize_t n = write(s->in, c, len);

		if (n < 0 && errno == EINTR)
			continue;
		assert_true(n > 0);
		c += n;
		len -= (size_t)n;
	}
}

void mcp_srv_send(struct mcp_srv *s, const char *line)
{
	mcp_srv_write(s, line, strlen(line));
	mcp_srv_write(s, "\n", 1);
}

void mcp_srv_sendf(struct mcp_srv *s, const char *fmt, ...)
{
	char *line = NULL;
	va_list ap;

	va_start(ap, fmt);
	assert_true(vasprintf(&line, fmt, ap) >= 0);
	va_end(ap);
	mcp_srv_send(s, line);
	free(line);
}

/* Every line: UTF-8, a JSON object, jsonrpc 2.0, and either a response
 * (an id, result xor error) or a notification (a method, no id). */
static cJSON *check_line(struct mcp_srv *s, const char *line, size_t len)
{
	cJSON *m;
	const cJSON *v, *id;
	bool res, err;

	if (!mcp_utf8_valid(line, len))
		fail_msg("the server wrote a line that is not UTF-8: %.200s",
		         line);
	m = cJSON_Parse(line);
	if (!cJSON_IsObject(m))
		fail_msg("the server wrote a line that is not a JSON object: "
		         "%.300s\nstderr: %s",
		         line, mcp_srv_stderr(s));
	v = cJSON_GetObjectItemCaseSensitive(m, "jsonrpc");
	assert_true(cJSON_IsString(v) && strcmp(v->valuestring, "2.0") == 0);
	id = cJSON_GetObjectItemCaseSensitive(m, "id");
	res = cJSON_GetObjectItemCaseSensitive(m, "result") != NULL;
	err = cJSON_GetObjectItemCaseSensitive(m, "error") != NULL;
	/* An id is a string or an integer, never null; only an error to a
	 * request whose id could not be read goes without one. */
	assert_false(cJSON_IsNull(id));
	if (id)
		assert_true(res != err);
	else
		assert_true(err ||
		            cJSON_IsString(
		                cJSON_GetObjectItemCaseSensitive(m, "method")));
	return m;
}

cJSON *mcp_srv_recv(struct mcp_srv *s, int ms)
{
	int64_t deadline = securer_monotonic_ms() + ms;

	for (;;) {
		char *nl = s->len ? memchr(s->buf, '\n', s->len) : NULL;
		struct pollfd p = {s->out, POLLIN, 0};
		int64_t left;
		ssize_t n;

		if (nl) {
			size_t len = (size_t)(nl - s->buf);
			cJSON *m;

			*nl = '\0';
			m = check_line(s, s->buf, len);
			memmove(s->buf, nl + 1, s->len - len - 1);
			s->len -= len + 1;
			return m;
		}
		if ((left = deadline - securer_monotonic_ms()) <= 0)
			return NULL;
		if (poll(&p, 1, (int)left) <= 0)
			continue;
		if (s->cap - s->len < 65536) {
			s->cap = s->cap ? s->cap * 2 : 1 << 20;
			assert_non_null(s->buf = realloc(s->buf, s->cap));
		}
		n = read(s->out, s->buf + s->len, s->cap - s->len);
		if (n <= 0)
			return NULL;
		s->len += (size_t)n;
	}
}

cJSON *mcp_srv_response(struct mcp_srv *s, int ms)
{
	int64_t deadline = securer_monotonic_ms() + ms;

	for (;;) {
		int64_t left = deadline - securer_monotonic_ms();
		cJSON *m = mcp_srv_recv(s, left > 0 ? (int)left : 0);

		if (!m)
			fail_msg("no response within %d ms; stderr:\n%s", ms,
			         mcp_srv_stderr(s));
		if (!cJSON_GetObjectItemCaseSensitive(m, "method"))
			return m; /* a response: with an id, or an error without
			           */
		cJSON_Delete(m);
	}
}

void mcp_srv_ping(struct mcp_srv *s, int id)
{
	cJSON *m;
	const cJSON *got;

	mcp_srv_sendf(s, "{\"jsonrpc\":\"2.0\",\"id\":%d,\"method\":\"ping\"}",
	              id);
	m = mcp_srv_recv(s, 5000);
	if (!m)
		fail_msg("no answer to ping %d; stderr:\n%s", id,
		         mcp_srv_stderr(s));
	got = cJSON_GetObjectItemCaseSensitive(m, "id");
	if (!cJSON_IsNumber(got) || got->valuedouble != id ||
	    !cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(m, "result"))) {
		char *text = cJSON_PrintUnformatted(m);

		fail_msg("expected the answer to ping %d, got %s", id, text);
	}
	cJSON_Delete(m);
}

const char *mcp_srv_init(struct mcp_srv *s, const char *version)
{
	static char agreed[32];
	cJSON *m;
	const cJSON *v;

	mcp_srv_sendf(s,
	              "{\"jsonrpc\":\"2.0\",\"id\":\"init\",\"method\":"
	              "\"initialize\",\"params\":{\"protocolVersion\":\"%s\","
	              "\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\","
	              "\"version\":\"1\"}}}",
	              version);
	m = mcp_srv_response(s, 30000);
	v = cJSON_GetObjectItemCaseSensitive(
	    cJSON_GetObjectItemCaseSensitive(m, "result"), "protocolVersion");
	assert_true(cJSON_IsString(v));
	snprintf(agreed, sizeof(agreed), "%s", v->valuestring);
	cJSON_Delete(m);
	mcp_srv_send(s, "{\"jsonrpc\":\"2.0\",\"method\":"
	                "\"notifications/initialized\"}");
	return agreed;
}

cJSON *mcp_srv_call(struct mcp_srv *s, int id, const char *tool,
                    const char *args_json)
{
	cJSON *m;
	const cJSON *got;

	mcp_srv_sendf(
	    s,
	    "{\"jsonrpc\":\"2.0\",\"id\":%d,\"method\":\"tools/call\","
	    "\"params\":{\"name\":\"%s\",\"arguments\":%s}}",
	    id, tool, args_json);
	m = mcp_srv_response(s, 60000);
	got = cJSON_GetObjectItemCaseSensitive(m, "id");
	assert_true(cJSON_IsNumber(got) && got->valuedouble == id);
	return m;
}

const char *mcp_text(const cJSON *r, int i)
{
	const cJSON *c = cJSON_GetArrayItem(
	    cJSON_GetObjectItemCaseSensitive(
	        cJSON_GetObjectItemCaseSensitive(r, "result"), "content"),
	    i);
	const cJSON *t = cJSON_GetObjectItemCaseSensitive(c, "text");

	return cJSON_IsString(t) ? t->valuestring : "";
}

bool mcp_is_error(const cJSON *r)
{
	return cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(
	    cJSON_GetObjectItemCaseSensitive(r, "result"), "isError"));
}

int mcp_error_code(const cJSON *r)
{
	const cJSON *c = cJSON_GetObjectItemCaseSensitive(
	    cJSON_GetObjectItemCaseSensitive(r, "error"), "code");

	return cJSON_IsNumber(c) ? c->valueint : 0;
}

int mcp_srv_close(struct mcp_srv *s, int ms)
{
	int64_t deadline = securer_monotonic_ms() + ms;
	int ws;

	if (!s->started || s->pid <= 0)
		return s->status;
	if (s->in >= 0)
		close(s->in);
	s->in = -1;
	while (securer_monotonic_ms() < deadline) {
		pid_t p = waitpid(s->pid, &ws, WNOHANG);

		if (p == s->pid) {
			s->pid = 0;
			s->status = WIFEXITED(ws) ? WEXITSTATUS(ws)
			                          : 128 + WTERMSIG(ws);
			return s->status;
		}
		/* Keep its stdout drained: it may still be answering. */
		cJSON_Delete(mcp_srv_recv(s, 10));
	}
	kill(s->pid, SIGKILL);
	waitpid(s->pid, &ws, 0);
	s->pid = 0;
	return -1;
}

void mcp_srv_free(struct mcp_srv *s)
{
	if (!s->started)
		return;
	if (s->pid > 0) {
		int ws;

		kill(s->pid, SIGKILL);
		waitpid(s->pid, &ws, 0);
	}
	if (s->in >= 0)
		close(s->in);
	close(s->out);
	unlink(s->err_path);
	free(s->buf);
	memset(s, 0, sizeof(*s));
}

long mcp_srv_peak_kb(struct mcp_srv *s)
{
	char path[64], line[256];
	long kb = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)s->pid);
	if (!(f = fopen(path, "r")))
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "VmHWM: %ld kB", &kb) == 1)
			break;
	fclose(f);
	return kb;
}
