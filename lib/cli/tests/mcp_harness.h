/*
 * mcp_harness.h - `securer mcp` as a raw-stdio client sees it, for the
 * test_mcp_*.c programs: start the server with pipes, write lines (any
 * bytes), read lines with a deadline.  Every line the server writes is
 * checked on the way in: valid UTF-8, one JSON-RPC 2.0 message (stdout
 * carries the protocol and nothing else), no null id.  Its stderr goes to a
 * file, printed when a test fails.
 */
#ifndef SECURER_TEST_MCP_HARNESS_H
#define SECURER_TEST_MCP_HARNESS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct cJSON;

struct mcp_srv {
	bool started; /* the rest is valid */
	pid_t pid;    /* 0 once it was waited for */
	int in;       /* the server's stdin (we write) */
	int out;      /* its stdout (we read) */
	char *buf;
	size_t len, cap;
	char err_path[4096];
	int status; /* after mcp_srv_wait */
};

/* Starts `securer mcp ARGS...` (NULL-terminated); requires bwrap (skip,
 * or fail under SECURER_MUST_WORK=1). */
void mcp_srv_start(struct mcp_srv *s, ...);
/* Sends initialize for |version| and notifications/initialized; returns
 * the version the server answered. */
const char *mcp_srv_init(struct mcp_srv *s, const char *version);
/* Writes |len| bytes as they are / a line (a newline is added). */
void mcp_srv_write(struct mcp_srv *s, const void *p, size_t len);
void mcp_srv_send(struct mcp_srv *s, const char *line);
/* printf into a line and send it. */
void mcp_srv_sendf(struct mcp_srv *s, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* The next message, within |ms|; NULL when none came in time (or the
 * server closed stdout).  Caller frees. */
struct cJSON *mcp_srv_recv(struct mcp_srv *s, int ms);
/* The next message that is not a notification; fails after |ms|. */
struct cJSON *mcp_srv_response(struct mcp_srv *s, int ms);
/* Sends a ping with |id| and asserts that the next message is its
 * answer: every line sent before was handled and none was answered. */
void mcp_srv_ping(struct mcp_srv *s, int id);
/* tools/call of |tool| with |args_json| as request |id|; returns the
 * response (notifications before it are skipped). */
struct cJSON *mcp_srv_call(struct mcp_srv *s, int id, const char *tool,
                           const char *args_json);
/* The text of a result's content block |i|, or "". */
const char *mcp_text(const struct cJSON *response, int i);
bool mcp_is_error(const struct cJSON *response);
/* The JSON-RPC error code of a response, 0 when it has none. */
int mcp_error_code(const struct cJSON *response);
/* Closes the server's stdin and waits for it to exit, at most |ms|;
 * returns its exit status (or -1, after killing it). */
int mcp_srv_close(struct mcp_srv *s, int ms);
/* Kills what is left and frees. */
void mcp_srv_free(struct mcp_srv *s);
/* The server's stderr so far (static buffer). */
const char *mcp_srv_stderr(struct mcp_srv *s);
/* Peak resident memory of the server (VmHWM), kB. */
long mcp_srv_peak_kb(struct mcp_srv *s);

#endif
