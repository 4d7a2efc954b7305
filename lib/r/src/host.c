/*
 * host.c - R functions as the tools of a session, the output lines of an
 * execute, and the R list an execute returns.
 *
 * A tool call from the sandbox reaches tool_call() on R's thread, inside
 * securer_session_execute.  The arguments (typed JSON the library already
 * checked for shape: one object per declared argument) are decoded into a
 * named list, and R's dispatcher (R/session.R, make_dispatch) checks their
 * R types, runs the tool's function and returns its value, which is
 * encoded back.  All of it runs under R_ToplevelExec: an R error or an
 * interrupt ends there, never unwinding through the library.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "glue.h"

struct call {
	struct rtool *tool;
	cJSON *args;
	struct sbuf out;
	char *error;
	int interrupted;
};

static char *dup_str(const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = malloc(n);

	return p ? memcpy(p, s, n) : NULL;
}

/* Runs under R_ToplevelExec. */
static void call_r(void *data)
{
	struct call *c = data;
	char why[512] = "";
	const cJSON *a;
	SEXP args, names, fcall, res, status;
	int i = 0, n = cJSON_GetArraySize(c->args);

	args = PROTECT(Rf_allocVector(VECSXP, n));
	names = PROTECT(Rf_allocVector(STRSXP, n));
	cJSON_ArrayForEach(a, c->args)
	{
		SEXP v = codec_decode(a, why, sizeof(why));

		if (!v) {
			struct sbuf m = {0};

			sbuf_addf(&m,
			          "Tool '%s': argument '%s' is not "
			          "well-formed data: %s",
			          c->tool->name, a->string, why);
			c->error = sbuf_take(&m);
			UNPROTECT(2);
			return;
		}
		SET_VECTOR_ELT(args, i, v);
		SET_STRING_ELT(names, i++, Rf_mkCharCE(a->string, CE_UTF8));
	}
	Rf_setAttrib(args, R_NamesSymbol, names);
	fcall = PROTECT(Rf_lang3(c->tool->host->dispatch,
	                         Rf_mkString(c->tool->name), args));
	res = PROTECT(Rf_eval(fcall, R_GlobalEnv));
	/* list(status = "ok" | "error" | "interrupt", value, error) */
	status = VECTOR_ELT(res, 0);
	if (strcmp(CHAR(STRING_ELT(status, 0)), "ok") == 0) {
		if (codec_encode(VECTOR_ELT(res, 1), &c->out, why,
		                 sizeof(why)) < 0) {
			struct sbuf m = {0};

			sbuf_addf(&m,
			          "Tool '%s' returned a value that cannot "
			          "cross the sandbox boundary: %s",
			          c->tool->name, why);
			c->error = sbuf_take(&m);
		}
	} else {
		c->interrupted =
		    strcmp(CHAR(STRING_ELT(status, 0)), "interrupt") == 0;
		c->error = dup_str(
		    Rf_translateCharUTF8(STRING_ELT(VECTOR_ELT(res, 2), 0)));
	}
	UNPROTECT(4);
}

static int tool_call(void *userdata, const char *args_json, char **result_json,
                     char **error)
{
	struct call c = {.tool = userdata};
	Rboolean done;

	c.args = cJSON_Parse(args_json);
	if (!c.args) {
		*error = dup_str("the arguments could not be read");
		return -1;
	}
	sigint_r_begin();
	done = R_ToplevelExec(call_r, &c);
	sigint_r_end();
	cJSON_Delete(c.args);
	if (!done || c.interrupted) {
		/* Ctrl-C while the tool ran, or an R error past the
		 * dispatcher's own handlers: stop the execute. */
		sigint_interrupt_current();
		sbuf_free(&c.out);
		free(c.error);
		*error = dup_str(done ? "interrupted" : "the tool failed in R");
		return -1;
	}
	if (c.error) {
		sbuf_free(&c.out);
		*error = c.error;
		return -1;
	}
	*result_json = sbuf_take(&c.out);
	if (!*result_json) {
		*error = dup_str("out of memory");
		return -1;
	}
	return 0;
}

int host_tools(struct rhost *h, SEXP spec, securer_tools **out, char *err,
               size_t errsz)
{
	R_xlen_t n = XLENGTH(spec);
	securer_tools *t = securer_tools_new();

	*out = NULL;
	if (!t || !(h->tools = calloc((size_t)n + 1, sizeof(*h->tools)))) {
		securer_tools_free(t);
		snprintf(err, errsz, "out of memory");
		return -1;
	}
	for (R_xlen_t i = 0; i < n; i++) {
		SEXP one = VECTOR_ELT(spec, i);
		SEXP an = VECTOR_ELT(one, 2);
		R_xlen_t na = XLENGTH(an);
		securer_tool_arg *args = calloc((size_t)na + 1, sizeof(*args));
		struct rtool *rt = &h->tools[h->n_tools];
		int rc;

		rt->host = h;
		rt->name = dup_str(
		    Rf_translateCharUTF8(STRING_ELT(VECTOR_ELT(one, 0), 0)));
		if (!args || !rt->name) {
			free(args);
			securer_tools_free(t);
			snprintf(err, errsz, "out of memory");
			return -1;
		}
		h->n_tools++;
		/* Every argument is a typed value, an "object" to the
		 * library; its R type is checked by the dispatcher. */
		for (R_xlen_t k = 0; k < na; k++) {
			args[k].name = Rf_translateCharUTF8(STRING_ELT(an, k));
			args[k].type = SECURER_TYPE_OBJECT;
		}
		rc = securer_tools_add(
		    t, rt->name,
		    Rf_translateCharUTF8(STRING_ELT(VECTOR_ELT(one, 1), 0)),
		    args, (size_t)na, tool_call, rt);
		free(args);
		if (rc < 0) {
			snprintf(err, errsz, "tool '%s': %s", rt->name,
			         securer_tools_error(t));
			securer_tools_free(t);
			return -1;
		}
	}
	*out = t;
	return 0;
}

void host_release(struct rhost *h)
{
	for (size_t i = 0; i < h->n_tools; i++)
		free(h->tools[i].name);
	free(h->tools);
	h->tools = NULL;
	h->n_tools = 0;
}

/* ---- output lines ------------------------------------------------------- */

struct handler_call {
	SEXP handler;
	const char *line;
	size_t len;
	int interrupted;
};

static void call_handler(void *data)
{
	struct handler_call *h = data;
	SEXP s = PROTECT(Rf_allocVector(STRSXP, 1));
	SEXP call, res;

	SET_STRING_ELT(s, 0, utf8_char(h->line, h->len));
	call = PROTECT(Rf_lang2(h->handler, s));
	res = Rf_eval(call, R_GlobalEnv);
	/* the wrapped handler (R/session.R) returns TRUE when interrupted */
	h->interrupted = Rf_asLogical(res) == TRUE;
	UNPROTECT(2);
}

void lines_on_output(void *userdata, int stream, const char *line, size_t len)
{
	struct lines *l = userdata;
	char *copy;

	(void)stream;
	if (len > 0 && line[len - 1] == '\n')
		len--;
	if (l->n >= l->max) {
		l->dropped++;
		return;
	}
	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 64;
		char **v = realloc(l->v, cap * sizeof(*v));

		if (!v) {
			l->oom = 1;
			return;
		}
		l->v = v;
		l->cap = cap;
	}
	/* a length prefix keeps lines holding NULs whole */
	copy = malloc(sizeof(size_t) + len + 1);
	if (!copy) {
		l->oom = 1;
		return;
	}
	memcpy(copy, &len, sizeof(size_t));
	memcpy(copy + sizeof(size_t), line, len);
	copy[sizeof(size_t) + len] = '\0';
	l->v[l->n++] = copy;
	if (l->handler != R_NilValue) {
		struct handler_call h = {l->handler, line, len, 0};
		Rboolean done;

		sigint_r_begin();
		done = R_ToplevelExec(call_handler, &h);
		sigint_r_end();
		if (!done || h.interrupted)
			sigint_interrupt_current();
	}
}

void lines_free(struct lines *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}

/* ---- the result of an execute ------------------------------------------- */

static SEXP str1(const char *s)
{
	SEXP x = PROTECT(Rf_allocVector(STRSXP, 1));

	SET_STRING_ELT(x, 0, s ? utf8_char(s, strlen(s)) : NA_STRING);
	UNPROTECT(1);
	return x;
}

/* The value: decoded data, or the reason it is not there. */
static void value_of(securer_result *r, SEXP out, int at_value, int at_why)
{
	char why[512] = "";
	cJSON *j = cJSON_Parse(securer_result_value(r));
	const cJSON *t;
	SEXP v;

	if (!j) {
		SET_VECTOR_ELT(out, at_why,
		               str1("the value could not be read"));
		return;
	}
	t = cJSON_GetObjectItemCaseSensitive(j, "t");
	if (cJSON_IsNull(j)) {
		/* invisible: no value */
	} else if (cJSON_IsString(t) && strcmp(t->valuestring, "unsent") == 0) {
		const cJSON *w = cJSON_GetObjectItemCaseSensitive(j, "why");

		SET_VECTOR_ELT(out, at_why,
		               str1(cJSON_IsString(w) ? w->valuestring
		                                      : "it has no data form"));
	} else if ((v = codec_decode(j, why, sizeof(why))) != NULL) {
		SET_VECTOR_ELT(out, at_value, v);
	} else {
		char m[640];

		snprintf(m, sizeof(m),
		         "the sandbox sent a value that is not "
		         "well-formed data: %s",
		         why);
		SET_VECTOR_ELT(out, at_why, str1(m));
	}
	cJSON_Delete(j);
}

SEXP execute_result(int rc, const char *why, securer_result *r,
                    const struct lines *l, int interrupted)
{
	static const char *const names[] = {
	    "kind",         "message",    "traceback",  "value",
	    "why_no_value", "visible",    "output",     "dropped",
	    "duration_ms",  "tool_calls", "state_lost", "truncated",
	    "repr",         NULL};
	SEXP out, nm, lines;
	size_t n = 0;
	int trunc_out = 0, trunc_err = 0;

	while (names[n])
		n++;
	out = PROTECT(Rf_allocVector(VECSXP, (R_xlen_t)n));
	nm = PROTECT(Rf_allocVector(STRSXP, (R_xlen_t)n));
	for (size_t i = 0; i < n; i++)
		SET_STRING_ELT(nm, (R_xlen_t)i, Rf_mkChar(names[i]));
	Rf_setAttrib(out, R_NamesSymbol, nm);
	lines = PROTECT(Rf_allocVector(STRSXP, (R_xlen_t)(l ? l->n : 0)));
	for (size_t i = 0; l && i < l->n; i++) {
		size_t len;

		memcpy(&len, l->v[i], sizeof(size_t));
		SET_STRING_ELT(lines, (R_xlen_t)i,
		               utf8_char(l->v[i] + sizeof(size_t), len));
	}
	SET_VECTOR_ELT(out, 6, lines);
	SET_VECTOR_ELT(out, 7, Rf_ScalarReal(l ? (double)l->dropped : 0));
	if (rc < 0 || !r) {
		SET_VECTOR_ELT(out, 0, str1("failed"));
		SET_VECTOR_ELT(out, 1, str1(why));
		UNPROTECT(3);
		return out;
	}
	SET_VECTOR_ELT(out, 0,
	               str1(interrupted ? "interrupted"
	                                : securer_error_kind_name(
	                                      securer_result_error(r))));
	SET_VECTOR_ELT(out, 1, str1(securer_result_message(r)));
	SET_VECTOR_ELT(out, 2, str1(securer_result_traceback(r)));
	SET_VECTOR_ELT(
	    out, 5,
	    Rf_ScalarLogical(strcmp(securer_result_value(r), "null") != 0));
	if (securer_result_error(r) == SECURER_ERROR_NONE)
		value_of(r, out, 3, 4);
	SET_VECTOR_ELT(out, 8,
	               Rf_ScalarReal((double)securer_result_duration_ms(r)));
	SET_VECTOR_ELT(out, 9,
	               Rf_ScalarReal((double)securer_result_tool_calls(r)));
	SET_VECTOR_ELT(out, 10, Rf_ScalarLogical(securer_result_state_lost(r)));
	securer_result_stdout(r, NULL, &trunc_out);
	securer_result_stderr(r, NULL, &trunc_err);
	SET_VECTOR_ELT(out, 11, Rf_ScalarLogical(trunc_out || trunc_err));
	SET_VECTOR_ELT(out, 12, str1(securer_result_repr(r)));
	UNPROTECT(3);
	return out;
}

/* ---- options ------------------------------------------------------------ */

securer_policy *policy_from(SEXP json, char *err, size_t errsz)
{
	securer_policy *p = securer_policy_new();

	if (!p) {
		snprintf(err, errsz, "out of memory");
		return NULL;
	}
	for (R_xlen_t i = 0; i < XLENGTH(json); i++) {
		if (securer_policy_load_json(
		        p, Rf_translateCharUTF8(STRING_ELT(json, i))) < 0) {
			snprintf(err, errsz, "policy: %s",
			         securer_policy_error(p));
			securer_policy_free(p);
			return NULL;
		}
	}
	/* The runtime's values as typed JSON (lib/runtimes/r/50-values.R). */
	if (securer_policy_set_env(p, "SECURER_R_VALUES", "typed") < 0) {
		snprintf(err, errsz, "policy: %s", securer_policy_error(p));
		securer_policy_free(p);
		return NULL;
	}
	return p;
}

int backend_from(SEXP sandbox, securer_backend *out)
{
	if (TYPEOF(sandbox) == LGLSXP && XLENGTH(sandbox) == 1 &&
	    LOGICAL(sandbox)[0] != NA_LOGICAL) {
		*out = LOGICAL(sandbox)[0] ? SECURER_BACKEND_AUTO
		                           : SECURER_BACKEND_NONE;
		return 0;
	}
	if (TYPEOF(sandbox) == STRSXP && XLENGTH(sandbox) == 1 &&
	    STRING_ELT(sandbox, 0) != NA_STRING)
		return securer_backend_from_name(CHAR(STRING_ELT(sandbox, 0)),
		                                 out);
	return -1;
}

void execute_opts(securer_execute_opts *o, SEXP timeout_s, SEXP max_calls,
                  struct lines *l)
{
	securer_execute_opts_init(o);
	/* No timeout: a century, since 0 would mean the policy's. */
	o->timeout_ms = INT64_C(100) * 365 * 24 * 3600 * 1000;
	if (!Rf_isNull(timeout_s)) {
		double t = Rf_asReal(timeout_s) * 1000.0;

		if (t >= 1 && t < (double)o->timeout_ms)
			o->timeout_ms = (int64_t)t;
		else if (t < 1)
			o->timeout_ms = 1;
	}
	if (!Rf_isNull(max_calls))
		o->max_tool_calls = (int64_t)Rf_asReal(max_calls);
	o->on_output = lines_on_output;
	o->output_userdata = l;
}
