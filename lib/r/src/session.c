/*
 * session.c - a securer_session behind an R external pointer.
 *
 * The pointer's protected slot holds the R dispatcher of its tools, so
 * that the callbacks' R function lives exactly as long as the session;
 * the finalizer (and close()) kills the sandbox.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "glue.h"

struct rsession {
	securer_session *s;
	securer_policy *policy;
	securer_tools *tools;
	securer_session_opts opts;
	struct rhost host;
	int busy;
};

static void rsession_free(struct rsession *rs)
{
	if (!rs)
		return;
	securer_session_free(rs->s);
	securer_tools_free(rs->tools);
	securer_policy_free(rs->policy);
	host_release(&rs->host);
	free(rs);
}

static void finalize(SEXP ptr)
{
	rsession_free(R_ExternalPtrAddr(ptr));
	R_ClearExternalPtr(ptr);
}

static struct rsession *get(SEXP ptr)
{
	struct rsession *rs =
	    TYPEOF(ptr) == EXTPTRSXP ? R_ExternalPtrAddr(ptr) : NULL;

	if (!rs)
		Rf_error("the session is closed");
	return rs;
}

/* .Call(C_session_new, policy_json, sandbox, tool_spec, dispatch) */
SEXP rs_session_new(SEXP json, SEXP sandbox, SEXP spec, SEXP dispatch)
{
	char err[1024] = "";
	struct rsession *rs = calloc(1, sizeof(*rs));
	SEXP ptr;

	if (!rs)
		Rf_error("out of memory");
	securer_session_opts_init(&rs->opts);
	if (backend_from(sandbox, &rs->opts.backend) < 0) {
		free(rs);
		Rf_error("sandbox must be TRUE, FALSE or a backend name "
		         "(auto, bwrap, none)");
	}
	rs->host.dispatch = dispatch;
	rs->policy = policy_from(json, err, sizeof(err));
	if (!rs->policy ||
	    host_tools(&rs->host, spec, &rs->tools, err, sizeof(err)) < 0) {
		rsession_free(rs);
		Rf_error("%s", err);
	}
	rs->s = securer_session_new(rs->policy, SECURER_RUNTIME_R, rs->tools,
	                            &rs->opts);
	if (!rs->s) {
		snprintf(err, sizeof(err), "cannot make a session: %s",
		         strerror(errno));
		rsession_free(rs);
		Rf_error("%s", err);
	}
	ptr = PROTECT(R_MakeExternalPtr(rs, R_NilValue, dispatch));
	R_RegisterCFinalizerEx(ptr, finalize, TRUE);
	UNPROTECT(1);
	return ptr;
}

/* Starts the runtime; "" or the reason it could not start. */
SEXP rs_session_start(SEXP ptr)
{
	struct rsession *rs = get(ptr);
	struct sigint_scope sc;
	int rc;

	sigint_enter(&sc, rs->s);
	rc = securer_session_start(rs->s);
	sigint_leave(&sc);
	if (rc < 0)
		return Rf_mkString(securer_session_error(rs->s));
	return Rf_mkString("");
}

/* A fresh runtime: the old sandbox is killed, a new one started. */
SEXP rs_session_restart(SEXP ptr)
{
	struct rsession *rs = get(ptr);
	securer_session *fresh;

	if (rs->busy)
		Rf_error("cannot restart while an execution is in progress");
	fresh = securer_session_new(rs->policy, SECURER_RUNTIME_R, rs->tools,
	                            &rs->opts);
	if (!fresh)
		Rf_error("cannot make a session: %s", strerror(errno));
	securer_session_free(rs->s);
	rs->s = fresh;
	return rs_session_start(ptr);
}

SEXP rs_session_close(SEXP ptr)
{
	if (TYPEOF(ptr) == EXTPTRSXP && R_ExternalPtrAddr(ptr)) {
		if (((struct rsession *)R_ExternalPtrAddr(ptr))->busy)
			Rf_error("cannot close while an execution is in "
			         "progress");
		finalize(ptr);
	}
	return R_NilValue;
}

/* pid of the sandbox's top process, or NA; and the backend in use. */
SEXP rs_session_info(SEXP ptr)
{
	struct rsession *rs =
	    TYPEOF(ptr) == EXTPTRSXP ? R_ExternalPtrAddr(ptr) : NULL;
	SEXP out = PROTECT(Rf_allocVector(VECSXP, 2));
	pid_t pid = rs ? securer_session_pid(rs->s) : -1;
	int alive = pid > 0 && kill(pid, 0) == 0;

	if (alive) {
		/* a dead child not reaped yet is still signalable */
		char path[64], state = 0, buf[512];
		FILE *f;

		snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
		if ((f = fopen(path, "r")) != NULL) {
			size_t n = fread(buf, 1, sizeof(buf) - 1, f);
			char *close_paren;

			buf[n] = '\0';
			close_paren = strrchr(buf, ')');
			if (close_paren && close_paren[1] == ' ')
				state = close_paren[2];
			fclose(f);
		}
		alive = state && state != 'Z' && state != 'X';
	}
	SET_VECTOR_ELT(out, 0, Rf_ScalarInteger(alive ? (int)pid : NA_INTEGER));
	SET_VECTOR_ELT(out, 1,
	               Rf_mkString(rs ? securer_backend_name(
	                                    securer_session_backend(rs->s))
	                              : "closed"));
	UNPROTECT(1);
	return out;
}

/* .Call(C_session_execute, ptr, code, timeout_s, max_tool_calls, handler,
 *       max_lines) */
SEXP rs_session_execute(SEXP ptr, SEXP code, SEXP timeout, SEXP max_calls,
                        SEXP handler, SEXP max_lines)
{
	struct rsession *rs = get(ptr);
	struct lines l = {.max = SIZE_MAX, .handler = handler};
	securer_execute_opts o;
	securer_result *r = NULL;
	struct sigint_scope sc;
	SEXP out;
	int rc;

	if (rs->busy)
		Rf_error("SecureSession does not support concurrent execute() "
		         "calls; wait for the current execution to complete");
	if (!Rf_isNull(max_lines))
		l.max = (size_t)Rf_asReal(max_lines);
	execute_opts(&o, timeout, max_calls, &l);
	rs->busy = 1;
	sigint_enter(&sc, rs->s);
	rc = securer_session_execute(
	    rs->s, Rf_translateCharUTF8(STRING_ELT(code, 0)), &o, &r);
	sigint_leave(&sc);
	rs->busy = 0;
	out = PROTECT(execute_result(
	    rc, rc < 0 ? securer_session_error(rs->s) : NULL, r, &l,
	    sc.hit ||
	        (r && securer_result_error(r) == SECURER_ERROR_INTERRUPTED)));
	securer_result_free(r);
	lines_free(&l);
	UNPROTECT(1);
	return out;
}

/* Raises R's own interrupt, as Ctrl-C would have: R's handler sets its
 * flag and R_CheckUserInterrupt acts on it.  Returns only when R ignores
 * SIGINT. */
SEXP rs_raise_interrupt(void)
{
	struct sigaction sa;

	if (sigaction(SIGINT, NULL, &sa) == 0 && sa.sa_handler != SIG_IGN &&
	    sa.sa_handler != SIG_DFL) {
		raise(SIGINT);
		R_CheckUserInterrupt();
	}
	return R_NilValue;
}
