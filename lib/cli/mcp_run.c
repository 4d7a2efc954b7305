/*
 * mcp_run.c - run_<runtime> and reset_session, on the runtime's worker:
 * the session (made on first use, restarted by the library after a
 * failure), one execute per call with the output lines feeding progress,
 * and the result as the model reads it (a text block) and as a program
 * reads it (structuredContent, declared by the tool's outputSchema).
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mcp.h"

struct output {
	struct mcp_server *srv;
	struct mcp_job *job;
};

static void on_output(void *ud, int stream, const char *line, size_t len)
{
	struct output *o = ud;

	(void)stream;
	mcp_job_output(o->srv, o->job, line, len);
}

static void log_line(void *ud, const char *line)
{
	(void)ud;
	mcp_log("%s", line);
}

/* The worker's session, made on first use.  NULL with |why| set. */
static securer_session *session_of(struct mcp_worker *w, char *why, size_t size)
{
	const struct mcp_config *cfg = &w->srv->cfg;
	securer_session_opts so;
	securer_session *s;

	if (w->session)
		return w->session;
	securer_session_opts_init(&so);
	so.backend = cfg->backend;
	so.audit_log = cfg->audit_log;
	so.log = cfg->verbose ? log_line : NULL;
	if (!(s = securer_session_new(cfg->policy, w->rt, cfg->tools, &so))) {
		snprintf(why, size, "cannot make a %s session: %s",
		         securer_runtime_name(w->rt), strerror(errno));
		return NULL;
	}
	/* Published, so that a cancel can interrupt its start. */
	pthread_mutex_lock(&w->srv->mu);
	w->session = s;
	pthread_mutex_unlock(&w->srv->mu);
	return s;
}

static cJSON *value_json(const securer_result *r)
{
	const char *v = securer_result_value(r);
	char *fixed = mcp_utf8_repair(v, strlen(v));
	cJSON *j = fixed ? cJSON_Parse(fixed) : NULL;

	free(fixed);
	return j ? j : cJSON_CreateNull();
}

static cJSON *error_json(const char *kind, const char *message,
                         const char *traceback)
{
	cJSON *e = cJSON_CreateObject();

	cJSON_AddStringToObject(e, "kind", kind);
	mcp_add_text(e, "message", message, strlen(message));
	if (traceback)
		mcp_add_text(e, "traceback", traceback, strlen(traceback));
	else
		cJSON_AddNullToObject(e, "traceback");
	return e;
}

/* The text block: the output, then the value or the error, then what the
 * model must know (a truncated stream, a restarted session). */
static char *render(const securer_result *r, int64_t cap)
{
	securer_error_kind kind = securer_result_error(r);
	const char *out, *err, *repr = securer_result_repr(r),
	                       *value = securer_result_value(r);
	size_t out_len, err_len, len = 0;
	int out_cut, err_cut;
	char *text = NULL;
	FILE *f = open_memstream(&text, &len);

	if (!f)
		return NULL;
	out = securer_result_stdout(r, &out_len, &out_cut);
	err = securer_result_stderr(r, &err_len, &err_cut);
	fwrite(out, 1, out_len, f);
	if (out_len && out[out_len - 1] != '\n')
		fputc('\n', f);
	if (out_cut)
		fprintf(f, "[stdout was cut at %lld bytes]\n", (long long)cap);
	if (err_len) {
		fprintf(f, "[stderr]\n");
		fwrite(err, 1, err_len, f);
		if (err[err_len - 1] != '\n')
			fputc('\n', f);
	}
	if (err_cut)
		fprintf(f, "[stderr was cut at %lld bytes]\n", (long long)cap);
	if (kind == SECURER_ERROR_NONE && repr)
		fprintf(f, "[value] %s\n", repr);
	else if (kind == SECURER_ERROR_NONE && strcmp(value, "null") != 0)
		fprintf(f, "[value] %s\n", value);
	if (kind != SECURER_ERROR_NONE) {
		fprintf(f, "[error: %s] %s\n", securer_error_kind_name(kind),
		        securer_result_message(r));
		if (securer_result_traceback(r))
			fprintf(f, "%s\n", securer_result_traceback(r));
	}
	if (securer_result_state_lost(r))
		fprintf(f, "[the session was restarted: variables of earlier "
		           "calls are gone; the workspace's files stay]\n");
	if (ftell(f) == 0)
		fprintf(f, "(no output, no value)\n");
	fclose(f);
	return text;
}

static cJSON *call_result(const securer_result *r, int64_t cap)
{
	securer_error_kind kind = securer_result_error(r);
	const char *out, *err, *repr = securer_result_repr(r);
	size_t out_len, err_len;
	char *text = render(r, cap);
	cJSON *res, *sc;

	if (!text)
		return NULL;
	res = mcp_text_result(text, strlen(text), kind != SECURER_ERROR_NONE);
	free(text);
	out = securer_result_stdout(r, &out_len, NULL);
	err = securer_result_stderr(r, &err_len, NULL);
	sc = cJSON_AddObjectToObject(res, "structuredContent");
	cJSON_AddItemToObject(sc, "value", value_json(r));
	if (repr)
		mcp_add_text(sc, "repr", repr, strlen(repr));
	else
		cJSON_AddNullToObject(sc, "repr");
	mcp_add_text(sc, "stdout", out, out_len);
	mcp_add_text(sc, "stderr", err, err_len);
	if (kind == SECURER_ERROR_NONE)
		cJSON_AddNullToObject(sc, "error");
	else
		cJSON_AddItemToObject(sc, "error",
		                      error_json(securer_error_kind_name(kind),
		                                 securer_result_message(r),
		                                 securer_result_traceback(r)));
	cJSON_AddNumberToObject(sc, "duration_ms",
	                        (double)securer_result_duration_ms(r));
	cJSON_AddNumberToObject(sc, "tool_calls",
	                        (double)securer_result_tool_calls(r));
	cJSON_AddBoolToObject(sc, "state_lost", securer_result_state_lost(r));
	return res;
}

/* The session could not run code at all (it did not start). */
static cJSON *start_failure(securer_runtime rt, const char *why)
{
	char text[1200];
	cJSON *res, *sc;

	snprintf(text, sizeof(text),
	         "[error: start] the %s session could not start: %s",
	         securer_runtime_name(rt), why);
	res = mcp_text_result(text, strlen(text), true);
	sc = cJSON_AddObjectToObject(res, "structuredContent");
	cJSON_AddNullToObject(sc, "value");
	cJSON_AddNullToObject(sc, "repr");
	cJSON_AddStringToObject(sc, "stdout", "");
	cJSON_AddStringToObject(sc, "stderr", "");
	cJSON_AddItemToObject(sc, "error", error_json("start", why, NULL));
	cJSON_AddNumberToObject(sc, "duration_ms", 0);
	cJSON_AddNumberToObject(sc, "tool_calls", 0);
	cJSON_AddBoolToObject(sc, "state_lost", true);
	return res;
}

cJSON *mcp_run_code(struct mcp_worker *w, struct mcp_job *job)
{
	const cJSON *code = cJSON_GetObjectItemCaseSensitive(job->args, "code"),
	            *t = cJSON_GetObjectItemCaseSensitive(job->args,
	                                                  "timeout_seconds");
	struct output o = {w->srv, job};
	securer_execute_opts eo;
	securer_result *r = NULL;
	securer_session *s;
	char why[1024];
	cJSON *res;

	if (!(s = session_of(w, why, sizeof(why))))
		return start_failure(w->rt, why);
	securer_execute_opts_init(&eo);
	/* Checked: 0 < t <= the largest allowed. */
	if (t)
		eo.timeout_ms =
		    (int64_t)fmax(1.0, round(t->valuedouble * 1000));
	eo.output_bytes = w->srv->cfg.max_output;
	eo.on_output = on_output;
	eo.output_userdata = &o;
	if (securer_session_execute(s, code->valuestring, &eo, &r) < 0) {
		if (mcp_job_cancelled(w->srv, job))
			return NULL;
		return start_failure(w->rt, securer_session_error(s));
	}
	/* A cancelled call is not answered (its interrupt is the likely
	 * reason it ended, but it may have ended first). */
	if (mcp_job_cancelled(w->srv, job)) {
		securer_result_free(r);
		return NULL;
	}
	res = call_result(r, w->srv->cfg.max_output);
	securer_result_free(r);
	return res;
}

cJSON *mcp_run_reset(struct mcp_worker *w, struct mcp_job *job)
{
	securer_session *s;
	char why[1024], text[1300];
	int n;

	pthread_mutex_lock(&w->srv->mu);
	s = w->session;
	w->session = NULL;
	pthread_mutex_unlock(&w->srv->mu);
	securer_session_free(s);
	if (!(s = session_of(w, why, sizeof(why))))
		return mcp_text_result(why, strlen(why), true);
	if (securer_session_start(s) < 0) {
		if (mcp_job_cancelled(w->srv, job))
			return NULL;
		snprintf(text, sizeof(text),
		         "the %s session was stopped; a fresh one could not "
		         "start: %s",
		         securer_runtime_name(w->rt), securer_session_error(s));
		return mcp_text_result(text, strlen(text), true);
	}
	n = snprintf(text, sizeof(text),
	             "the %s session was reset: a fresh interpreter is ready "
	             "(the workspace's files stay)",
	             securer_runtime_name(w->rt));
	return mcp_text_result(text, (size_t)n, false);
}
