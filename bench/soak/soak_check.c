/*
 * soak_check.c - is a result what its execute had to give?  Every part a
 * caller would look at: the kind, the value, both streams (with their
 * truncation flags), the error message, the tool calls counted and run,
 * state_lost, and, for a timeout, that the deadline was kept.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "soak_case.h"

/* A short, printable excerpt of |s| for a message. */
static const char *excerpt(const char *s, size_t len, char *buf, size_t size)
{
	size_t i = 0, j = 0;

	/* Room left for one escape, "..." and the NUL. */
	for (; i < len && j + 8 < size; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 0x20 && c < 0x7f && c != '\\')
			buf[j++] = (char)c;
		else
			j += (size_t)snprintf(buf + j, size - j, "\\x%02x", c);
	}
	snprintf(buf + j, size - j, "%s", i < len ? "..." : "");
	return buf;
}

/* A flood: |first| then filler, cut at exactly the cap. */
static int flood_ok(const char *s, size_t len, const char *first)
{
	size_t n = strlen(first);

	if (len != SOAK_FLOOD_CAP || strncmp(s, first, n) != 0)
		return 0;
	for (size_t i = n; i < len; i++)
		if (s[i] != 'x')
			return 0;
	return 1;
}

static int check_stream(const char *name, const char *s, size_t len,
                        int truncated, enum soak_out mode, const char *want,
                        char *why, size_t size)
{
	char a[80];

	if (mode == SOAK_OUT_FLOOD) {
		if (truncated && flood_ok(s, len, want))
			return 0;
		snprintf(why, size,
		         "%s: want '%s' then filler cut at %d bytes and "
		         "truncated, got %zu bytes (truncated %d): '%s'",
		         name, want, SOAK_FLOOD_CAP, len, truncated,
		         excerpt(s, len, a, sizeof(a)));
		return -1;
	}
	if (!truncated && len == strlen(want) && memcmp(s, want, len) == 0)
		return 0;
	snprintf(why, size, "%s: want '%s', got %zu bytes (truncated %d): '%s'",
	         name, want, len, truncated, excerpt(s, len, a, sizeof(a)));
	return -1;
}

static int check_outputs(const struct soak_expect *w, const securer_result *res,
                         char *why, size_t size)
{
	const char *s;
	size_t len = 0;
	int trunc = 0;

	s = securer_result_stdout(res, &len, &trunc);
	if (check_stream("stdout", s ? s : "", s ? len : 0, trunc, w->out_mode,
	                 w->out, why, size) < 0)
		return -1;
	len = 0;
	trunc = 0;
	s = securer_result_stderr(res, &len, &trunc);
	return check_stream("stderr", s ? s : "", s ? len : 0, trunc,
	                    w->err_mode, w->err, why, size);
}

static int check_error(const struct soak_expect *w, const securer_result *res,
                       char *why, size_t size)
{
	securer_error_kind kind = securer_result_error(res);
	const char *msg = securer_result_message(res);
	const char *value = securer_result_value(res);
	const char *tb = securer_result_traceback(res);

	if (kind != w->kind) {
		snprintf(why, size, "kind: want %s, got %s (%s)",
		         securer_error_kind_name(w->kind),
		         securer_error_kind_name(kind), msg ? msg : "");
		return -1;
	}
	if (w->message_has[0] && (!msg || !strstr(msg, w->message_has))) {
		snprintf(why, size, "message: want one holding '%s', got '%s'",
		         w->message_has, msg ? msg : "(null)");
		return -1;
	}
	if (w->traceback_has[0] && (!tb || !strstr(tb, w->traceback_has))) {
		snprintf(why, size,
		         "traceback: want one holding '%s', got '%s'",
		         w->traceback_has, tb ? tb : "(null)");
		return -1;
	}
	if (!value || strcmp(value, w->value) != 0) {
		snprintf(why, size, "value: want %s, got %s", w->value,
		         value ? value : "(null)");
		return -1;
	}
	return 0;
}

static int check_counts(const struct soak_expect *w, const securer_result *res,
                        char *why, size_t size)
{
	int64_t calls = securer_result_tool_calls(res);
	int lost = securer_result_state_lost(res);
	int64_t ms = securer_result_duration_ms(res);

	if (calls != w->tool_calls || w->tool_seen != w->tool_runs) {
		snprintf(why, size,
		         "tool calls: want %" PRId64 " counted and %" PRId64
		         " run, got %" PRId64 " and %" PRId64,
		         w->tool_calls, w->tool_runs, calls, w->tool_seen);
		return -1;
	}
	if (lost != w->state_lost) {
		snprintf(why, size, "state_lost: want %d, got %d",
		         w->state_lost, lost);
		return -1;
	}
	if (ms < w->min_duration_ms) {
		snprintf(why, size,
		         "duration: %" PRId64 " ms, under the %" PRId64
		         " ms deadline it had to reach",
		         ms, w->min_duration_ms);
		return -1;
	}
	return 0;
}

int soak_case_check(const struct soak_expect *want, const securer_result *res,
                    char *why, size_t why_size)
{
	if (!res) {
		snprintf(why, why_size, "no result");
		return -1;
	}
	/* A wrong tool call explains whatever else is wrong: first. */
	if (want->tool_problem[0]) {
		snprintf(why, why_size, "tool callback: %s",
		         want->tool_problem);
		return -1;
	}
	if (check_error(want, res, why, why_size) < 0 ||
	    check_counts(want, res, why, why_size) < 0 ||
	    check_outputs(want, res, why, why_size) < 0)
		return -1;
	return 0;
}
