/*
 * judge.c - every oracle is checked after every case, whatever the attack
 * declares: an effect nobody expected is still an effect.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "judge.h"
#include "oracle.h"

static void add(char *ev, size_t size, size_t *used, const char *what,
                const char *detail)
{
	if (*used < size)
		*used += (size_t)snprintf(ev + *used, size - *used, "%s%s: %s",
		                          *used ? "; " : "", what, detail);
}

unsigned judge(const struct judge_ctx *ctx, const struct attack *a,
               const struct case_out *o, bool sampled, char *ev, size_t size)
{
	char detail[512];
	unsigned fired = 0;
	size_t used = 0;

	ev[0] = '\0';
	if (oracle_tokens(ctx->canaries, o->out, o->out_len, detail,
	                  sizeof(detail))) {
		fired |= ORACLE_TOKEN;
		add(ev, size, &used, "token", detail);
	}
	if (listener_hits(ctx->listener, detail, sizeof(detail))) {
		fired |= ORACLE_TCP;
		add(ev, size, &used, "tcp", detail);
	}
	if (access(ctx->marker, F_OK) == 0) {
		fired |= ORACLE_MARKER;
		snprintf(detail, sizeof(detail), "host file %s appeared",
		         ctx->marker);
		add(ev, size, &used, "marker", detail);
	}
	if (canary_prod_changed(ctx->canaries, detail, sizeof(detail))) {
		fired |= ORACLE_MANIFEST;
		add(ev, size, &used, "manifest", detail);
	}
	if (sampled && o->peak_procs > PROCS_THRESHOLD) {
		fired |= ORACLE_PROCS;
		snprintf(detail, sizeof(detail),
		         "%d processes at once (threshold %d)", o->peak_procs,
		         PROCS_THRESHOLD);
		add(ev, size, &used, "procs", detail);
	}
	if (o->st.max_rss_kb > MEMORY_THRESHOLD_KB || o->low_memory) {
		fired |= ORACLE_MEMORY;
		if (o->low_memory)
			snprintf(detail, sizeof(detail),
			         "host MemAvailable fell under "
			         "%lld MiB; the run was stopped",
			         MEMORY_FLOOR_KB / 1024);
		else
			snprintf(detail, sizeof(detail),
			         "%lld MiB resident (threshold %lld)",
			         (long long)o->st.max_rss_kb / 1024,
			         MEMORY_THRESHOLD_KB / 1024);
		add(ev, size, &used, "memory", detail);
	}
	if (o->elapsed_ms >= a->timeout_ms + GRACE_MS) {
		fired |= ORACLE_TIMEOUT;
		snprintf(detail, sizeof(detail),
		         "still running %lld ms after start "
		         "(timeout %d ms + grace %d ms)",
		         (long long)o->elapsed_ms, a->timeout_ms, GRACE_MS);
		add(ev, size, &used, "timeout", detail);
	}
	if (oracle_sweep(ctx->case_dir, detail, sizeof(detail)) > 0) {
		fired |= ORACLE_LEFTOVER;
		add(ev, size, &used, "leftover", detail);
	}
	return fired;
}
