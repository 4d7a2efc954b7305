/*
 * session_bench.c - a warm session's costs.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "securer_harness.h"
#include "session_bench.h"

/* A started session of *|rt| (NULL: the protocol-only C child). */
static securer_session *warm_rt(securer_backend backend,
                                const securer_runtime *rt, securer_tools *tools,
                                char *err, size_t size)
{
	securer_policy *p = securer_policy_new();
	securer_session_opts o;
	securer_session *s;

	securer_session_opts_init(&o);
	o.backend = backend;
	/* Benchmarks of many calls: lift the per-execute caps. */
	securer_policy_set_limit(p, SECURER_LIMIT_TOOL_CALLS, 0);
	securer_policy_set_limit(p, SECURER_LIMIT_TIMEOUT_MS, 300000);
	s = rt ? securer_session_new(p, *rt, tools, &o)
	       : securer__session_new_proto(p, tools, &o);
	securer_policy_free(p);
	if (!s || securer_session_start(s) < 0) {
		snprintf(err, size, "%s",
		         s ? securer_session_error(s) : "out of memory");
		securer_session_free(s);
		return NULL;
	}
	return s;
}

static securer_session *warm(securer_backend backend, securer_runtime rt,
                             securer_tools *tools, char *err, size_t size)
{
	return warm_rt(backend, &rt, tools, err, size);
}

int bench_noop_execute(securer_backend backend, securer_runtime rt, int n,
                       int idle_ms, struct samples *out, char *err, size_t size)
{
	static const char *const noop[SECURER_RUNTIME_COUNT_] = {
	    [SECURER_RUNTIME_SH] = ":",
	    [SECURER_RUNTIME_PYTHON] = "None",
	    [SECURER_RUNTIME_R] = "NULL",
	};
	securer_tools *t = securer_tools_new();
	securer_session *s = warm(backend, rt, t, err, size);
	int rc = 0;

	securer_tools_free(t);
	if (!s)
		return -EIO;
	for (int i = 0; i < n + 20 && rc == 0; i++) {
		securer_result *r = NULL;
		double t0;

		if (idle_ms > 0) { /* the pause an agent leaves between calls */
			struct timespec ts = {0, idle_ms * 1000000L};

			nanosleep(&ts, NULL);
		}
		t0 = now_us();
		rc = securer_session_execute(s, noop[rt], NULL, &r);
		if (rc == 0 && securer_result_error(r) != SECURER_ERROR_NONE) {
			snprintf(err, size, "no-op failed: %s",
			         securer_result_message(r));
			rc = -EIO;
		}
		if (i >= 20) /* the first ones warm caches up */
			samples_add(out, now_us() - t0);
		securer_result_free(r);
	}
	securer_session_free(s);
	return rc;
}

struct ticker {
	double last;
	struct samples *out;
};

static int tick(void *userdata, const char *args, char **result, char **error)
{
	struct ticker *t = userdata;
	double now = now_us();

	(void)args;
	(void)error;
	if (t->last > 0)
		samples_add(t->out, now - t->last);
	t->last = now;
	*result = strdup("0");
	return *result ? 0 : -1;
}

int bench_tool_round_trip(securer_backend backend, securer_runtime rt, int n,
                          struct samples *out, char *err, size_t size)
{
	struct ticker tk = {0, out};
	securer_tools *t = securer_tools_new();
	securer_session *s;
	securer_result *r = NULL;
	char code[256];
	int rc;

	securer_tools_add(t, "tick", "benchmark tool", NULL, 0, tick, &tk);
	s = warm(backend, rt, t, err, size);
	securer_tools_free(t);
	if (!s)
		return -EIO;
	if (rt == SECURER_RUNTIME_SH)
		snprintf(code, sizeof(code),
		         "i=0; while [ $i -le %d ]; do tick >/dev/null; "
		         "i=$((i+1)); done",
		         n);
	else if (rt == SECURER_RUNTIME_PYTHON)
		snprintf(code, sizeof(code), "for _ in range(%d): tick()",
		         n + 1);
	else
		snprintf(code, sizeof(code), "for (i in seq_len(%d)) tick()",
		         n + 1);
	rc = securer_session_execute(s, code, NULL, &r);
	if (rc == 0 && securer_result_error(r) != SECURER_ERROR_NONE) {
		snprintf(err, size, "tool loop failed: %s",
		         securer_result_message(r));
		rc = -EIO;
	}
	securer_result_free(r);
	securer_session_free(s);
	return rc;
}

int bench_proto_round_trip(securer_backend backend, int n, struct samples *out,
                           char *err, size_t size)
{
	struct ticker tk = {0, out};
	securer_tools *t = securer_tools_new();
	securer_session *s;
	securer_result *r = NULL;
	char code[32];
	int rc;

	securer_tools_add(t, "noop", "benchmark tool", NULL, 0, tick, &tk);
	s = warm_rt(backend, NULL, t, err, size);
	securer_tools_free(t);
	if (!s)
		return -EIO;
	snprintf(code, sizeof(code), "%d", n + 1);
	rc = securer_session_execute(s, code, NULL, &r);
	if (rc == 0 && securer_result_error(r) != SECURER_ERROR_NONE) {
		snprintf(err, size, "proto loop failed: %s",
		         securer_result_message(r));
		rc = -EIO;
	}
	securer_result_free(r);
	securer_session_free(s);
	return rc;
}
