/*
 * mcp.h - `securer mcp`: sandboxed sessions as a Model Context Protocol
 * server over stdio (docs/mcp.md).  The server's shared state, and what its
 * files offer one another:
 *
 *   mcp_line.c      stdin cut into lines, in bounded memory; the id of a
 *                   line too long to keep
 *   mcp_text.c      UTF-8 checks and repair, base64, image types
 *   mcp_rpc.c       JSON-RPC 2.0: what a message is, answers, the writer
 *   mcp_dispatch.c  the methods: initialize, ping, tools/list, tools/call,
 *                   notifications/cancelled
 *   mcp_tools.c     the tools offered and their descriptions
 *   mcp_schema.c    their JSON Schemas; the check of a call's arguments
 *   mcp_describe.c  what the sandbox allows, read from the policy
 *   mcp_worker.c    the threads that run tool calls; progress; cancelling
 *   mcp_run.c       run_<runtime> and reset_session: sessions and results
 *   mcp_files.c     the workspace: upload, download, list (openat2)
 *   cmd_mcp.c       options, setup, the reader loop, shutdown
 *
 * Threads: the reader (main) parses stdin and answers everything that
 * needs no session at once (ping included, while code runs); one worker
 * per runtime owns that runtime's session and runs its calls in order;
 * one host worker runs file operations and direct calls of manifest
 * tools; a ticker sends progress while calls run.  A session is used by
 * its worker only: other threads call nothing on it but
 * securer_session_interrupt.  stdout carries protocol lines only, each
 * written whole under out_mu; logs go to stderr.
 *
 * Locks: |mu| guards the queues, the jobs' shared fields and the
 * published session pointers; |out_mu| guards stdout.  Only the ticker
 * holds both, always out_mu first, so that no progress notification can
 * follow the response of its request.
 */
#ifndef SECURER_CLI_MCP_H
#define SECURER_CLI_MCP_H

#include <cjson/cJSON.h>
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "securer.h"

/* JSON-RPC error codes. */
#define MCP_PARSE_ERROR      (-32700)
#define MCP_INVALID_REQUEST  (-32600)
#define MCP_METHOD_NOT_FOUND (-32601)
#define MCP_INVALID_PARAMS   (-32602)
#define MCP_INTERNAL_ERROR   (-32603)
#define MCP_SERVER_BUSY      (-32000) /* implementation-defined range */

/* A response line longer than this is replaced by an error: the official
 * TypeScript client drops its connection past 10 MiB of one line. */
#define MCP_MAX_RESPONSE (9u << 20)

/* ---- text (mcp_text.c) -------------------------------------------------- */

/* Strict UTF-8 (no overlong forms, no surrogates, nothing past U+10FFFF)
 * without NUL bytes. */
bool mcp_utf8_valid(const char *s, size_t n);
/* A NUL-terminated copy of |s| in which every byte that is not part of
 * valid UTF-8, and every NUL, is replaced by U+FFFD.  NULL when out of
 * memory. */
char *mcp_utf8_repair(const char *s, size_t n);
/* Standard base64 with padding; caller frees.  NULL when out of memory. */
char *mcp_base64_encode(const unsigned char *p, size_t n);
/* Decodes standard base64 (padding optional, nothing else allowed) into a
 * malloc'd buffer; at most |max| bytes.  0, -EINVAL (not base64) or
 * -EFBIG (more than |max|). */
int mcp_base64_decode(const char *s, size_t max, unsigned char **out,
                      size_t *out_len);
/* "image/png", "image/jpeg", "image/gif", "image/webp" from the first
 * bytes, or NULL. */
const char *mcp_image_type(const unsigned char *p, size_t n);
/* "64 MiB", "256 KiB", "1000 bytes": exact, in the largest unit that is. */
void mcp_size_text(char *buf, size_t n, double bytes);

/* ---- lines (mcp_line.c) ------------------------------------------------- */

/* The top-level "id" of a JSON object seen one byte at a time, without
 * keeping the text: what a line too long to keep asked to be answered to. */
struct mcp_idscan {
	int depth; /* nesting; -1 once the text is not an object */
	bool in_str, esc, key_esc;
	int pos; /* at depth 1: expecting a key, in it, after it, a value */
	char key[3];
	size_t key_len;
	bool key_is_id;
	bool capturing, captured, over;
	char raw[96]; /* the id's JSON text */
	size_t raw_len;
	bool ended; /* the top-level object closed */
};

enum mcp_scan_id { MCP_ID_UNKNOWN, MCP_ID_ABSENT, MCP_ID_FOUND };

void mcp_idscan_init(struct mcp_idscan *s);
void mcp_idscan_feed(struct mcp_idscan *s, const char *p, size_t n);
/* FOUND: |raw| holds the id's text (NUL-terminated); ABSENT: the line was
 * an object without "id" (a notification); UNKNOWN otherwise. */
enum mcp_scan_id mcp_idscan_result(struct mcp_idscan *s);

struct mcp_line_cb {
	/* A complete line without its newline (nor a '\r' before it),
	 * NUL-terminated; |line| may be modified. */
	void (*line)(void *ud, char *line, size_t len);
	/* A line longer than the limit: dropped as it came, only its id
	 * kept.  |len| is its full length. */
	void (*oversized)(void *ud, struct mcp_idscan *scan, size_t len);
	void *ud;
};

struct mcp_lines {
	char *buf;
	size_t len, cap, max;
	bool dropping; /* inside a line past |max| */
	size_t dropped;
	struct mcp_idscan scan;
};

/* |max|: the longest line kept, in bytes (the memory used is at most
 * that plus one). */
void mcp_lines_init(struct mcp_lines *l, size_t max);
void mcp_lines_release(struct mcp_lines *l);
/* Cuts |n| bytes into lines.  A line whose buffer could not grow (out of
 * memory) is handled as oversized. */
void mcp_lines_feed(struct mcp_lines *l, const char *p, size_t n,
                    const struct mcp_line_cb *cb);
/* End of input: a last line without a newline counts as a line. */
void mcp_lines_finish(struct mcp_lines *l, const struct mcp_line_cb *cb);

/* ---- the server --------------------------------------------------------- */

enum mcp_tool_kind {
	MCP_TOOL_RUN,      /* run_<runtime> */
	MCP_TOOL_RESET,    /* reset_session */
	MCP_TOOL_UPLOAD,   /* upload_file */
	MCP_TOOL_DOWNLOAD, /* download_file */
	MCP_TOOL_LIST,     /* list_files */
	MCP_TOOL_HOST,     /* a manifest tool, called directly */
};

struct mcp_param {
	char *name;
	securer_type type;
	char *description;
	bool required;
	double max; /* numbers: > 0 and at most this, when set */
	const char
	    *choices[SECURER_RUNTIME_COUNT_ + 2]; /* strings; NULL-ended */
};

struct mcp_tool {
	char *name;
	char *title;
	char *description;
	enum mcp_tool_kind kind;
	securer_runtime rt; /* MCP_TOOL_RUN */
	struct mcp_param *params;
	size_t n_params;
	bool read_only, destructive, idempotent, open_world;
};

struct mcp_worker;

/* One tools/call on its way: queued, running, then answered (or dropped
 * when cancelled).  Fields after |cost| are guarded by the server's mu. */
struct mcp_job {
	struct mcp_job *next;
	const struct mcp_tool *tool;
	cJSON *id;    /* the request's id */
	cJSON *token; /* its progress token, or NULL */
	cJSON *args;  /* checked against tool->params */
	size_t cost;  /* bytes of the request, counted against the budget */
	securer_runtime rt; /* the session of run_ and reset_session */
	bool cancelled;
	bool running;
	int64_t started_ms;
	int64_t next_progress_ms;
	int64_t next_interrupt_ms;
	double progress;
	uint64_t lines;
	char last_line[160];
};

struct mcp_worker {
	struct mcp_server *srv;
	pthread_t thread;
	bool started;
	bool session_worker; /* else the host worker */
	securer_runtime rt;
	securer_session *session; /* owned by the thread; published under mu */
	struct mcp_job *head, *tail;
	struct mcp_job *current;
	pthread_cond_t cv;
};

struct mcp_config {
	securer_policy *policy;  /* the sessions', workspace bind included */
	securer_tools *tools;    /* the manifest's; NULL: none */
	securer_backend backend; /* resolved: never AUTO */
	bool sandboxed;          /* securer_backend_is_sandbox(backend) */
	bool runtimes[SECURER_RUNTIME_COUNT_];
	int64_t max_timeout_ms; /* largest timeout_seconds a call may ask */
	int64_t max_output;     /* bytes per stream per call */
	int64_t max_file;       /* bytes of a file in or out */
	size_t max_line;        /* longest request line kept */
	const char *audit_log;
	bool verbose;
	char *workspace;  /* absolute host path, also its path in the sandbox */
	int workspace_fd; /* O_PATH, of |workspace| */
	bool workspace_tmp; /* ours: removed at exit */
	bool protect_git;   /* the policy's files.protect_git */
};

#define MCP_N_WORKERS   (SECURER_RUNTIME_COUNT_ + 1)
#define MCP_HOST_WORKER SECURER_RUNTIME_COUNT_

struct mcp_server {
	struct mcp_config cfg;
	struct mcp_tool *tools;
	size_t n_tools;
	cJSON *tools_json;  /* the tools/list "tools" array */
	char *instructions; /* initialize's "instructions" */
	char version[16];   /* the protocol version agreed on */

	pthread_mutex_t out_mu;
	/* Writes one whole line (newline included); 0 or -errno.  Default:
	 * to fd 1.  Called under out_mu. */
	int (*sink)(void *ud, const char *line, size_t len);
	void *sink_ud;
	bool out_broken; /* the client stopped reading: stop */

	pthread_mutex_t mu;
	struct mcp_worker workers[MCP_N_WORKERS];
	size_t jobs;         /* queued or running */
	size_t queued_bytes; /* their requests' sizes */
	bool stopping;
	pthread_t ticker;
	bool ticker_started;
	pthread_cond_t ticker_cv;
};

/* ---- JSON-RPC (mcp_rpc.c) ----------------------------------------------- */

enum mcp_msg_kind {
	MCP_MSG_REQUEST,
	MCP_MSG_NOTIFICATION,
	MCP_MSG_RESPONSE, /* a client's answer: we send no requests */
	MCP_MSG_INVALID,  /* answer |code| and |why| to |id| (or to none) */
};

struct mcp_msg {
	enum mcp_msg_kind kind;
	const char *method;
	cJSON *id;     /* valid for REQUEST; maybe for INVALID */
	cJSON *params; /* an object, or NULL; handlers may take parts */
	int code;
	const char *why;
};

/* What |msg| is, by JSON-RPC 2.0 and MCP's stricter rules (ids are
 * strings or integers; params, when present, an object). */
void mcp_classify(cJSON *msg, struct mcp_msg *out);
/* A string, or a number with an integral value that JSON clients carry
 * exactly (|x| <= 2^53). */
bool mcp_id_valid(const cJSON *id);
bool mcp_id_equal(const cJSON *a, const cJSON *b);
/* A copy of a valid id (or progress token) that prints exactly as the
 * client wrote it: integers up to 2^53 in full. */
cJSON *mcp_id_dup(const cJSON *id);

/* Each sends one line and frees |result| / |params|; 0, or -EPIPE once
 * the client is gone.  An error to a NULL |id| (one that could not be
 * read) carries no id: MCP's schema (2025-11-25) makes an error's id
 * optional and allows no null, which the official TypeScript client
 * rejects as a malformed message. */
int mcp_send_result(struct mcp_server *srv, const cJSON *id, cJSON *result);
int mcp_send_error(struct mcp_server *srv, const cJSON *id, int code,
                   const char *fmt, ...) __attribute__((format(printf, 4, 5)));
int mcp_send_notification(struct mcp_server *srv, const char *method,
                          cJSON *params);
/* As mcp_send_notification, the caller holding out_mu. */
int mcp_send_notification_locked(struct mcp_server *srv, const char *method,
                                 cJSON *params);
/* The default sink: write(2) to fd 1, whole. */
int mcp_sink_stdout(void *ud, const char *line, size_t len);

/* A CallToolResult holding one text block; |text| is repaired to UTF-8. */
cJSON *mcp_text_result(const char *text, size_t len, bool is_error);
/* Adds a string repaired to valid UTF-8 (and without NULs). */
cJSON *mcp_add_text(cJSON *obj, const char *key, const char *s, size_t len);

/* ---- dispatch (mcp_dispatch.c) ------------------------------------------ */

/* Handles one request line / a line past the limit.  Never fails: what
 * cannot be served is answered with an error, or dropped if it was a
 * notification. */
void mcp_handle_line(struct mcp_server *srv, char *line, size_t len);
void mcp_handle_oversized(struct mcp_server *srv, struct mcp_idscan *scan,
                          size_t len);
extern const char *const mcp_versions[]; /* newest first, NULL-ended */

/* ---- tools (mcp_tools.c, mcp_describe.c) -------------------------------- */

/* The tools offered: run_<rt> for each enabled runtime, reset_session,
 * the file tools, the manifest's tools.  Fills srv->tools, tools_json and
 * instructions.  -errno with the reason on stderr. */
int mcp_tools_build(struct mcp_server *srv);
void mcp_tools_release(struct mcp_server *srv);
const struct mcp_tool *mcp_tool_find(const struct mcp_server *srv,
                                     const char *name);
/* The tool as tools/list shows it (mcp_schema.c). */
cJSON *mcp_tool_json(const struct mcp_tool *t);
/* 0, or -EINVAL with the reason in |why| (mcp_schema.c). */
int mcp_tool_check(const struct mcp_tool *tool, const cJSON *args, char *why,
                   size_t size);
/* What the sandbox lets code do, from the policy: for descriptions. */
char *mcp_describe_sandbox(const struct mcp_config *cfg);

/* ---- workers (mcp_worker.c, mcp_run.c, mcp_files.c) --------------------- */

int mcp_workers_start(struct mcp_server *srv);
/* Drops queued calls, stops running ones, joins the threads (whose
 * sessions are freed on the way).  False when a thread did not end in
 * time: the server must then not be freed. */
bool mcp_workers_stop(struct mcp_server *srv);
/* End of input: lets the calls received run to their end (their answers
 * are sent), until |signal_fd| is readable or the client stops reading. */
void mcp_workers_drain(struct mcp_server *srv, int signal_fd);
/* Queues |job| (taking it).  0, -EBUSY (too much queued), -EEXIST (its id
 * is in flight) or -ESHUTDOWN; on error the job is freed. */
int mcp_submit(struct mcp_server *srv, struct mcp_job *job);
/* notifications/cancelled: a queued call is dropped, a running one
 * stopped; neither is answered. */
void mcp_cancel(struct mcp_server *srv, const cJSON *request_id);
void mcp_job_free(struct mcp_job *job);
/* A line of output of |job|'s code, for its progress notifications. */
void mcp_job_output(struct mcp_server *srv, struct mcp_job *job,
                    const char *line, size_t len);
/* Whether |job| was cancelled (it is then not answered). */
bool mcp_job_cancelled(struct mcp_server *srv, struct mcp_job *job);

/* Run on a worker; each returns a CallToolResult (isError when the call
 * failed), or NULL when out of memory or when the call was cancelled. */
cJSON *mcp_run_code(struct mcp_worker *w, struct mcp_job *job);
cJSON *mcp_run_reset(struct mcp_worker *w, struct mcp_job *job);
cJSON *mcp_files_upload(struct mcp_server *srv, const cJSON *args);
cJSON *mcp_files_download(struct mcp_server *srv, const cJSON *args);
cJSON *mcp_files_list(struct mcp_server *srv, const cJSON *args);

/* The workspace: |dir| (NULL: a fresh private temp dir).  0 or -errno
 * with the reason on stderr. */
int mcp_workspace_open(struct mcp_config *cfg, const char *dir);
/* Closes it; a temp dir is removed, never following a link. */
void mcp_workspace_close(struct mcp_config *cfg);

/* Logs to stderr: "securer mcp: ..." */
void mcp_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
