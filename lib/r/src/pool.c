/*
 * pool.c - a securer_pool behind an R external pointer.
 *
 * The pool's threads start sessions; they never run R.  An execute
 * acquires a session here, on R's thread, runs it here (tools call back
 * into R on this thread), and releases it.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "glue.h"

struct rpool {
	securer_pool *pool;
	securer_policy *policy;
	securer_tools *tools;
	struct rhost host;
	securer_backend backend;
	int busy;
};

static void rpool_free(struct rpool *rp)
{
	if (!rp)
		return;
	securer_pool_free(rp->pool);
	securer_tools_free(rp->tools);
	securer_policy_free(rp->policy);
	host_release(&rp->host);
	free(rp);
}

static void finalize(SEXP ptr)
{
	rpool_free(R_ExternalPtrAddr(ptr));
	R_ClearExternalPtr(ptr);
}

static struct rpool *get(SEXP ptr)
{
	struct rpool *rp =
	    TYPEOF(ptr) == EXTPTRSXP ? R_ExternalPtrAddr(ptr) : NULL;

	if (!rp)
		Rf_error("the pool is closed");
	return rp;
}

/* .Call(C_pool_new, policy_json, sandbox, tool_spec, dispatch, size,
 *       max_executes, ready_timeout_s) */
SEXP rs_pool_new(SEXP json, SEXP sandbox, SEXP spec, SEXP dispatch, SEXP size,
                 SEXP max_executes, SEXP ready_s)
{
	char err[1024] = "";
	struct rpool *rp = calloc(1, sizeof(*rp));
	securer_pool_opts o;
	SEXP ptr;
	int rc;

	if (!rp)
		Rf_error("out of memory");
	securer_pool_opts_init(&o);
	if (backend_from(sandbox, &o.backend) < 0) {
		free(rp);
		Rf_error("sandbox must be TRUE, FALSE or a backend name "
		         "(auto, bwrap, none)");
	}
	rp->backend = o.backend;
	o.size = (size_t)Rf_asInteger(size);
	o.max_executes = (int64_t)Rf_asReal(max_executes);
	rp->host.dispatch = dispatch;
	rp->policy = policy_from(json, err, sizeof(err));
	if (!rp->policy ||
	    host_tools(&rp->host, spec, &rp->tools, err, sizeof(err)) < 0) {
		rpool_free(rp);
		Rf_error("%s", err);
	}
	rp->pool =
	    securer_pool_new(rp->policy, SECURER_RUNTIME_R, rp->tools, &o);
	if (!rp->pool) {
		rpool_free(rp);
		Rf_error("cannot make a pool of %d sessions",
		         Rf_asInteger(size));
	}
	ptr = PROTECT(R_MakeExternalPtr(rp, R_NilValue, dispatch));
	R_RegisterCFinalizerEx(ptr, finalize, TRUE);
	rc = securer_pool_wait_ready(rp->pool,
	                             (int64_t)(Rf_asReal(ready_s) * 1000));
	if (rc < 0) {
		snprintf(err, sizeof(err), "%s",
		         rc == -ETIMEDOUT ? "the sessions did not start in time"
		                          : securer_pool_error(rp->pool));
		finalize(ptr);
		UNPROTECT(1);
		Rf_error("cannot start the pool's sessions: %s", err);
	}
	UNPROTECT(1);
	return ptr;
}

SEXP rs_pool_close(SEXP ptr)
{
	if (TYPEOF(ptr) == EXTPTRSXP && R_ExternalPtrAddr(ptr)) {
		if (((struct rpool *)R_ExternalPtrAddr(ptr))->busy)
			Rf_error("cannot close while an execution is in "
			         "progress");
		finalize(ptr);
	}
	return R_NilValue;
}

/* c(total, busy, idle, starting) */
SEXP rs_pool_stats(SEXP ptr)
{
	struct rpool *rp = get(ptr);
	securer_pool_stats st;
	SEXP out = PROTECT(Rf_allocVector(INTSXP, 4));

	securer_pool_get_stats(rp->pool, &st);
	INTEGER(out)[0] = (int)st.size;
	INTEGER(out)[1] = (int)st.busy;
	INTEGER(out)[2] = (int)st.idle;
	INTEGER(out)[3] = (int)st.starting;
	UNPROTECT(1);
	return out;
}

/* .Call(C_pool_execute, ptr, code, timeout_s, acquire_timeout_s) */
SEXP rs_pool_execute(SEXP ptr, SEXP code, SEXP timeout, SEXP acquire_s)
{
	struct rpool *rp = get(ptr);
	struct lines l = {.max = SIZE_MAX, .handler = R_NilValue};
	securer_session *s = NULL;
	securer_execute_opts o;
	securer_result *r = NULL;
	struct sigint_scope sc;
	char why[1024] = "";
	SEXP out;
	int rc;

	if (rp->busy)
		Rf_error("the pool is already executing on this thread");
	execute_opts(&o, timeout, R_NilValue, &l);
	rc = securer_pool_acquire(rp->pool,
	                          (int64_t)(Rf_asReal(acquire_s) * 1000), &s);
	if (rc < 0) {
		snprintf(why, sizeof(why), "no session of the pool: %s",
		         rc == -ETIMEDOUT ? "none became idle in time"
		                          : securer_pool_error(rp->pool));
		return execute_result(rc, why, NULL, &l, 0);
	}
	rp->busy = 1;
	sigint_enter(&sc, s);
	rc = securer_session_execute(
	    s, Rf_translateCharUTF8(STRING_ELT(code, 0)), &o, &r);
	sigint_leave(&sc);
	if (rc < 0)
		snprintf(why, sizeof(why), "%s", securer_session_error(s));
	securer_pool_release(rp->pool, s);
	rp->busy = 0;
	out = PROTECT(execute_result(
	    rc, why, r, &l,
	    sc.hit ||
	        (r && securer_result_error(r) == SECURER_ERROR_INTERRUPTED)));
	securer_result_free(r);
	lines_free(&l);
	UNPROTECT(1);
	return out;
}
