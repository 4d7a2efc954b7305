/*
 * glue.h - the C side of the R package securer: libsecurer's sessions and
 * pool driven from R, R functions as host tools, and the typed JSON codec
 * through which every value crosses the sandbox boundary.
 *
 * Threads: everything here runs on R's thread.  The library calls tool and
 * output callbacks on the thread that called securer_session_execute (this
 * one); the pool's own threads only start sessions and never reach R.
 *
 * R errors must never unwind through the library's frames: every call into
 * R made from a library callback runs under R_ToplevelExec.
 */
#ifndef SECURER_R_GLUE_H
#define SECURER_R_GLUE_H

#include <stddef.h>

#define R_NO_REMAP
#include <R.h>
#include <Rinternals.h>
#include <cjson/cJSON.h>
#include <securer.h>

/* ---- sbuf.c: a growable string ------------------------------------------ */
struct sbuf {
	char *p;
	size_t len, cap;
	int oom;
};
void sbuf_add(struct sbuf *b, const char *s, size_t n);
void sbuf_adds(struct sbuf *b, const char *s);
void sbuf_addf(struct sbuf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* The string, NUL-terminated; the caller owns it (free()); NULL on OOM. */
char *sbuf_take(struct sbuf *b);
void sbuf_free(struct sbuf *b);
/* A JSON string literal of |s| (|n| bytes), invalid UTF-8 replaced by
 * U+FFFD. */
void sbuf_json_str(struct sbuf *b, const char *s, size_t n);
/* A CHARSXP of |n| bytes of |s| as UTF-8: NULs and invalid sequences are
 * replaced (U+FFFD), so making it never raises an R error. */
SEXP utf8_char(const char *s, size_t n);

/* ---- decode.c, encode.c: typed JSON <-> R values (docs/r.md, "Values") -- */
/* Decodes a typed value the sandbox sent.  Only data is built: atomic
 * vectors, lists and data frames, with names, dim and dimnames.  Returns
 * an unprotected SEXP, or NULL with |err| set when |j| is not a
 * well-formed typed value. */
SEXP codec_decode(const cJSON *j, char *err, size_t errsz);
/* Encodes an R value of the host; -1 with |err| when it has no data form
 * (a function, an environment...).  May evaluate format() on a Date or
 * POSIXt: call it under R_ToplevelExec when an R error must not escape. */
int codec_encode(SEXP x, struct sbuf *b, char *err, size_t errsz);

/* ---- sigint.c: Ctrl-C during an execute --------------------------------- */
/* While an execute runs, SIGINT interrupts the session (the library kills
 * its sandbox and restarts the runtime) instead of setting R's flag that
 * nothing would read until the execute ends.  R's own handler is back
 * while R code runs inside the execute (tools, output handler), so R can
 * interrupt that code as usual. */
struct sigint_scope {
	struct sigint_scope *outer;
	securer_session *session;
	int installed;
	volatile int hit;
};
void sigint_enter(struct sigint_scope *sc, securer_session *s);
void sigint_leave(struct sigint_scope *sc);
/* Around R code run from a callback. */
void sigint_r_begin(void);
void sigint_r_end(void);
/* Marks the innermost scope interrupted and interrupts its session. */
void sigint_interrupt_current(void);

/* ---- host.c: R functions as tools, output lines ------------------------- */
struct rhost;
struct rtool {
	struct rhost *host;
	char *name;
};
/* What tools and output callbacks of one session (or pool) share.
 * |dispatch| is kept alive by the external pointer owning the host. */
struct rhost {
	SEXP dispatch;
	struct rtool *tools;
	size_t n_tools;
};
/* Registers the tools described by |spec| (list of list(name,
 * description, args = character())) on |out|, calling back |h|. */
int host_tools(struct rhost *h, SEXP spec, securer_tools **out, char *err,
               size_t errsz);
void host_release(struct rhost *h);

/* One execute's output: lines in arrival order, the first |max| kept. */
struct lines {
	char **v;
	size_t n, cap;
	size_t max;     /* SIZE_MAX: all */
	size_t dropped; /* lines past max */
	SEXP handler;   /* R function(line) or R_NilValue */
	int oom;
};
void lines_on_output(void *userdata, int stream, const char *line, size_t len);
void lines_free(struct lines *l);

/* The R list an execute returns to R (see R/session.R, run_code): frees
 * nothing; |r| may be NULL when |rc| < 0. */
SEXP execute_result(int rc, const char *why, securer_result *r,
                    const struct lines *l, int interrupted);
/* Applies JSON policy texts (a character vector) and the typed-values
 * switch to a fresh policy; NULL with |err|. */
securer_policy *policy_from(SEXP json, char *err, size_t errsz);
/* "bwrap", "auto", "none"... (TRUE: auto, FALSE: none). */
int backend_from(SEXP sandbox, securer_backend *out);
/* A timeout in seconds (NULL: none) as execute options. */
void execute_opts(securer_execute_opts *o, SEXP timeout_s, SEXP max_calls,
                  struct lines *l);

/* ---- the routines R calls (init.c registers them) ---------------------- */
SEXP rs_session_new(SEXP json, SEXP sandbox, SEXP spec, SEXP dispatch);
SEXP rs_session_start(SEXP ptr);
SEXP rs_session_restart(SEXP ptr);
SEXP rs_session_close(SEXP ptr);
SEXP rs_session_info(SEXP ptr);
SEXP rs_session_execute(SEXP ptr, SEXP code, SEXP timeout, SEXP max_calls,
                        SEXP handler, SEXP max_lines);
SEXP rs_raise_interrupt(void);
SEXP rs_pool_new(SEXP json, SEXP sandbox, SEXP spec, SEXP dispatch, SEXP size,
                 SEXP max_executes, SEXP ready_s);
SEXP rs_pool_close(SEXP ptr);
SEXP rs_pool_stats(SEXP ptr);
SEXP rs_pool_execute(SEXP ptr, SEXP code, SEXP timeout, SEXP acquire_s);

#endif
