/*
 * session_execute.c - one execute: send the code, answer tool calls, wait
 * for the result within the deadline, and recover when the runtime fails.
 *
 * Failures the host sees (the deadline, the runtime's death, a broken
 * protocol, too many tool calls) leave the runtime in an unknown state, so
 * its whole sandbox is killed and a fresh runtime started; the result says
 * the state was lost.  Errors the runtime reports itself (syntax, runtime,
 * limit) leave it usable and its state intact.
 */
#include <cjson/cJSON.h>
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runtime.h"
#include "session.h"
#include "tools.h"

#define AUDIT_TEXT_MAX 4096 /* code and arguments kept in the audit log */

void securer_execute_opts_init(securer_execute_opts *o)
{
	memset(o, 0, sizeof(*o));
}

struct execute {
	securer_result *r;
	int64_t id;
	int64_t max_calls;
};

static cJSON *truncated(const char *text)
{
	char buf[AUDIT_TEXT_MAX + 32];

	if (strlen(text) <= AUDIT_TEXT_MAX)
		return cJSON_CreateString(text);
	snprintf(buf, sizeof(buf), "%.*s...[truncated]", AUDIT_TEXT_MAX, text);
	return cJSON_CreateString(buf);
}

/* Queues a tool_result; a value too large for a message becomes an error. */
static int answer(securer_session *s, int64_t id, cJSON *value,
                  const char *error)
{
	cJSON *m = cJSON_CreateObject();
	char *text;
	int rc;

	cJSON_AddStringToObject(m, "type", "tool_result");
	cJSON_AddNumberToObject(m, "id", (double)id);
	if (value)
		cJSON_AddItemToObject(m, "value", value);
	else
		cJSON_AddStringToObject(m, "error", error);
	text = cJSON_PrintUnformatted(m);
	if (text && strlen(text) > s->lines.max) {
		cJSON_Delete(m);
		free(text);
		return answer(s, id, NULL,
		              "the tool's result is larger than the "
		              "message limit");
	}
	free(text);
	rc = securer__outq_push_json(&s->outq, m);
	cJSON_Delete(m);
	return rc;
}

static int tool_call(securer_session *s, cJSON *msg, struct execute *e)
{
	const char *name = securer__proto_str(msg, "tool");
	const cJSON *args = cJSON_GetObjectItemCaseSensitive(msg, "args");
	const struct securer__tool *tool;
	char why[600], *error = NULL;
	cJSON *value = NULL, *f;
	int64_t id, t0;
	int rc;

	if (securer__proto_int(msg, "id", &id) < 0 || !name)
		return securer__fail(s->err, -EPROTO,
		                     "a tool_call needs an integer "
		                     "id and a string tool");
	if (++e->r->tool_calls > e->max_calls) {
		securer__result_fail(e->r, SECURER_ERROR_LIMIT,
		                     "more than %lld "
		                     "tool calls in one execute",
		                     (long long)e->max_calls);
		return -EDQUOT;
	}
	f = cJSON_CreateObject();
	cJSON_AddNumberToObject(f, "execute", (double)e->id);
	cJSON_AddStringToObject(f, "tool", name);
	if (args) {
		char *a = cJSON_PrintUnformatted(args);

		cJSON_AddItemToObject(f, "args", truncated(a ? a : ""));
		free(a);
	}
	securer__audit_event(&s->audit, "tool_call", f);
	t0 = securer_monotonic_ms();
	if (securer__tools_check(s->tools, name, args, &tool, why,
	                         sizeof(why)) < 0) {
		rc = answer(s, id, NULL, why);
		error = securer__strdup(why);
	} else {
		rc = securer__tools_invoke(tool, args, &value, &error) == 0
		         ? answer(s, id, value, NULL)
		         : answer(s, id, NULL, error);
	}
	f = cJSON_CreateObject();
	cJSON_AddNumberToObject(f, "execute", (double)e->id);
	cJSON_AddStringToObject(f, "tool", name);
	cJSON_AddBoolToObject(f, "ok", error == NULL);
	if (error)
		cJSON_AddStringToObject(f, "error", error);
	cJSON_AddNumberToObject(f, "duration_ms",
	                        (double)(securer_monotonic_ms() - t0));
	securer__audit_event(&s->audit, "tool_result", f);
	securer__audit_log(&s->audit, "execute %lld: tool %.64s %s",
	                   (long long)e->id, name, error ? error : "ok");
	free(error);
	return rc < 0 ? securer__fail(s->err, rc, "out of memory") : 0;
}

static int finished(securer_session *s, cJSON *msg, const char *type,
                    struct execute *e)
{
	const char *repr = securer__proto_str(msg, "repr");
	int64_t id;

	if (securer__proto_int(msg, "id", &id) < 0 || id != e->id)
		return securer__fail(s->err, -EPROTO,
		                     "a %s for another execute", type);
	if (strcmp(type, "result") == 0) {
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(msg, "value");
		char *text = v ? cJSON_PrintUnformatted(v) : NULL;

		if (v && !text)
			return securer__fail(s->err, -ENOMEM, "out of memory");
		free(e->r->value);
		e->r->value = text ? text : securer__strdup("null");
	} else {
		static const struct {
			const char *name;
			securer_error_kind kind;
		} kinds[] = {{"syntax", SECURER_ERROR_SYNTAX},
		             {"runtime", SECURER_ERROR_RUNTIME},
		             {"limit", SECURER_ERROR_LIMIT}};
		const char *kind = securer__proto_str(msg, "kind");
		const char *message = securer__proto_str(msg, "message");
		const char *tb = securer__proto_str(msg, "traceback");
		size_t i;

		for (i = 0; kind && i < 3 && strcmp(kind, kinds[i].name); i++)
			;
		if (!kind || i == 3 || !message)
			return securer__fail(
			    s->err, -EPROTO,
			    "an error needs kind "
			    "syntax, runtime or limit and a message");
		securer__result_fail(e->r, kinds[i].kind, "%s", message);
		e->r->traceback = tb ? securer__strdup(tb) : NULL;
	}
	e->r->repr = repr ? securer__strdup(repr) : NULL;
	/* The runtime restarted its own interpreter (sh's shell died). */
	if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(msg, "state_lost")))
		e->r->state_lost = true;
	return 1;
}

static int on_message(securer_session *s, cJSON *msg, const char *type,
                      void *ctx)
{
	struct execute *e = ctx;

	if (strcmp(type, "tool_call") == 0)
		return tool_call(s, msg, e);
	if (strcmp(type, "result") == 0 || strcmp(type, "error") == 0)
		return finished(s, msg, type, e);
	return securer__fail(s->err, -EPROTO,
	                     "unexpected message '%.32s' "
	                     "during an execute",
	                     type);
}

/* Fills |r| for an execute the host had to stop, and recovers. */
static void recover(securer_session *s, struct execute *e,
                    enum securer__pump_end end, int64_t timeout)
{
	securer_result *r = e->r;
	const char *event = "crash";

	switch (end) {
	case SECURER__PUMP_TIMEOUT:
		event = "timeout";
		securer__result_fail(
		    r, SECURER_ERROR_TIMEOUT,
		    "the code did not "
		    "finish within %lld ms; the sandbox was killed",
		    (long long)timeout);
		break;
	case SECURER__PUMP_PROTOCOL:
		securer__result_fail(r, SECURER_ERROR_PROTOCOL,
		                     "%s; the sandbox "
		                     "was killed",
		                     s->err);
		break;
	case SECURER__PUMP_LIMIT:
		break; /* the handler said which limit */
	case SECURER__PUMP_INTERRUPTED:
		event = "interrupted";
		securer__result_fail(r, SECURER_ERROR_INTERRUPTED,
		                     "interrupted; the sandbox was killed");
		break;
	default: {
		securer_status st;

		/* Dead, or it broke its pipes while alive: then kill it. */
		if (securer_sandbox_wait(s->sb, securer_monotonic_ms() + 1000,
		                         &st) == -ETIMEDOUT) {
			securer_sandbox_kill(s->sb);
			securer_sandbox_wait(s->sb, -1, &st);
		}
		if (securer__sandbox_over_limit(s->sb) ||
		    (!st.exited && st.memory_oom_kills > 0))
			securer__result_fail(r, SECURER_ERROR_LIMIT, "%s",
			                     securer_sandbox_error(s->sb));
		else if (st.exited)
			securer__result_fail(r, SECURER_ERROR_KILLED,
			                     "the %s runtime "
			                     "exited with status %d",
			                     s->rt->name, st.exit_code);
		else
			securer__result_fail(r, SECURER_ERROR_KILLED,
			                     "the %s runtime "
			                     "was killed by signal %d (%s)",
			                     s->rt->name, st.term_signal,
			                     strsignal(st.term_signal));
	}
	}
	{
		cJSON *f = cJSON_CreateObject();

		cJSON_AddNumberToObject(f, "execute", (double)e->id);
		cJSON_AddStringToObject(f, "kind",
		                        securer_error_kind_name(r->error));
		cJSON_AddStringToObject(f, "message",
		                        securer_result_message(r));
		securer__audit_event(&s->audit, event, f);
	}
	r->state_lost = true;
	if (securer__session_restart(s, securer_result_message(r)) < 0) {
		char *m = NULL;

		if (asprintf(&m, "%s; the runtime could not be restarted: %s",
		             securer_result_message(r), s->err) >= 0) {
			free(r->message);
			r->message = m;
		}
	}
}

static void audit_start(securer_session *s, const struct execute *e,
                        const char *code)
{
	cJSON *f = cJSON_CreateObject();

	cJSON_AddNumberToObject(f, "execute", (double)e->id);
	cJSON_AddItemToObject(f, "code", truncated(code));
	securer__audit_event(&s->audit, "execute_start", f);
}

static void audit_end(securer_session *s, const struct execute *e)
{
	cJSON *f = cJSON_CreateObject();

	cJSON_AddNumberToObject(f, "execute", (double)e->id);
	cJSON_AddStringToObject(f, "outcome",
	                        securer_error_kind_name(e->r->error));
	cJSON_AddNumberToObject(f, "duration_ms", (double)e->r->duration_ms);
	cJSON_AddNumberToObject(f, "tool_calls", (double)e->r->tool_calls);
	cJSON_AddBoolToObject(f, "state_lost", e->r->state_lost);
	securer__audit_event(&s->audit, "execute_end", f);
}

static int64_t pick(int64_t asked, int64_t policy)
{
	return asked > 0 ? asked : policy;
}

int securer_session_execute(securer_session *s, const char *code,
                            const securer_execute_opts *opts,
                            securer_result **result)
{
	securer_execute_opts dflt;
	int64_t t0 = securer_monotonic_ms(), timeout, out_max;
	enum securer__pump_end end;
	struct execute e;
	cJSON *m;
	int rc;

	*result = NULL;
	if (!code)
		return securer__fail(s->err, -EINVAL, "no code");
	if (!opts) {
		securer_execute_opts_init(&dflt);
		opts = &dflt;
	}
	securer__session_clear_interrupt(s);
	if (!s->ready && (rc = securer_session_start(s)) < 0)
		return rc;
	timeout =
	    pick(opts->timeout_ms, s->policy->limits[SECURER_LIMIT_TIMEOUT_MS]);
	out_max =
	    pick(opts->output_bytes, s->policy->limits[SECURER_LIMIT_OUTPUT]);
	/* 0: no limit, as for every limit (an explicit choice) */
	e.r = securer__result_new(out_max > 0 ? (size_t)out_max : SIZE_MAX);
	e.id = ++s->executes;
	e.max_calls = pick(opts->max_tool_calls,
	                   s->policy->limits[SECURER_LIMIT_TOOL_CALLS]);
	if (e.max_calls <= 0)
		e.max_calls = INT64_MAX;
	m = cJSON_CreateObject();
	cJSON_AddStringToObject(m, "type", "execute");
	cJSON_AddNumberToObject(m, "id", (double)e.id);
	cJSON_AddStringToObject(m, "code", code);
	rc = e.r ? securer__outq_push_json(&s->outq, m) : -ENOMEM;
	cJSON_Delete(m);
	if (rc < 0) {
		securer_result_free(e.r);
		return securer__fail(s->err, -ENOMEM, "out of memory");
	}
	if (opts->on_output) {
		securer__capture_stream(&e.r->out, 1, opts->on_output,
		                        opts->output_userdata);
		securer__capture_stream(&e.r->err, 2, opts->on_output,
		                        opts->output_userdata);
	}
	audit_start(s, &e, code);
	end = securer__pump(s, timeout > 0 ? t0 + timeout : INT64_MAX,
	                    on_message, &e, &e.r->out, &e.r->err);
	if (end == SECURER__PUMP_DONE) {
		/* The runtime flushed before its last message: what it wrote is
		 * already in the pipes. */
		if (s->out_rd >= 0)
			securer__capture_read(&e.r->out, s->out_rd);
		if (s->err_rd >= 0)
			securer__capture_read(&e.r->err, s->err_rd);
		e.r->duration_ms = securer_monotonic_ms() - t0;
	} else {
		/* the code's time: restarting the runtime is the session's */
		e.r->duration_ms = securer_monotonic_ms() - t0;
		recover(s, &e, end, timeout);
	}
	/* Last lines without a newline; then the result stands alone. */
	for (int i = 0; i < 2; i++) {
		struct securer__capture *c = i ? &e.r->err : &e.r->out;

		securer__capture_flush(c);
		c->on_line = NULL;
	}
	audit_end(s, &e);
	securer__audit_log(&s->audit, "execute %lld: %s in %lld ms",
	                   (long long)e.id, securer_error_kind_name(e.r->error),
	                   (long long)e.r->duration_ms);
	*result = e.r;
	return 0;
}
