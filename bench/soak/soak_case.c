/*
 * soak_case.c - the kinds of execute of the soak, as a table: each with
 * its weight in the mix, the code it runs and the result it must give.
 *
 * The code is Python (the soak's pool runs the python runtime).  Output
 * that must survive a crash or a kill is printed with flush=True: what
 * the code wrote before it died must reach the result, and nothing else.
 */
#include <stdio.h>
#include <string.h>

#include "soak_case.h"

typedef void (*make_fn)(struct soak_exec *x, const char *n, uint64_t r);

struct soak_case {
	const char *name;
	unsigned weight; /* out of the sum of weights */
	make_fn make;
};

/* The runtime was killed and restarted: no value, the nonce line that was
 * flushed before, a message naming |why|. */
static void want_killed(struct soak_expect *w, securer_error_kind kind,
                        const char *n, const char *why)
{
	w->kind = kind;
	w->state_lost = 1;
	snprintf(w->out, sizeof(w->out), "%s\n", n);
	snprintf(w->message_has, sizeof(w->message_has), "%s", why);
}

static void make_ok(struct soak_exec *x, const char *n, uint64_t r)
{
	(void)r;
	snprintf(x->code, sizeof(x->code), "print('%s')\n'%s' + '-ok'", n, n);
	snprintf(x->want.out, sizeof(x->want.out), "%s\n", n);
	snprintf(x->want.value, sizeof(x->want.value), "\"%s-ok\"", n);
}

static void make_timeout(struct soak_exec *x, const char *n, uint64_t r)
{
	/* Half of them sleep, half spin on the CPU. */
	snprintf(x->code, sizeof(x->code),
	         "print('%s', flush=True)\nimport time\nwhile True:\n"
	         "    %s\n",
	         n, r & 1 ? "time.sleep(0.05)" : "pass");
	x->opts.timeout_ms = SOAK_TIMEOUT_MS;
	x->want.min_duration_ms = SOAK_TIMEOUT_MS;
	want_killed(&x->want, SECURER_ERROR_TIMEOUT, n, "did not finish");
}

/* Five ways to die: exit, SIGSEGV, SIGKILL, a segfault in C, and a few
 * children left sleeping (harmless: three, bounded) by a parent that
 * kills itself; the sandbox must take the children down with it (the
 * process gauge sees any that survive). */
static void make_crash(struct soak_exec *x, const char *n, uint64_t r)
{
	static const struct {
		const char *code, *why;
	} ways[] = {
	    {"import os\nos._exit(7)", "exited with status 7"},
	    {"import os, signal\nos.kill(os.getpid(), signal.SIGSEGV)",
	     "signal 11"},
	    {"import os, signal\nos.kill(os.getpid(), signal.SIGKILL)",
	     "signal 9"},
	    {"import ctypes\nctypes.string_at(0)", "signal 11"},
	    {"import os, time\nfor _ in range(3):\n"
	     "    if os.fork() == 0:\n"
	     "        time.sleep(120)\n"
	     "        os._exit(0)\n"
	     "os.kill(os.getpid(), 9)",
	     "signal 9"},
	};
	size_t i = r % (sizeof(ways) / sizeof(ways[0]));

	snprintf(x->code, sizeof(x->code), "print('%s', flush=True)\n%s", n,
	         ways[i].code);
	want_killed(&x->want, SECURER_ERROR_KILLED, n, ways[i].why);
}

static void make_raise(struct soak_exec *x, const char *n, uint64_t r)
{
	(void)r;
	snprintf(x->code, sizeof(x->code),
	         "print('%s')\nraise ValueError('%s')", n, n);
	x->want.kind = SECURER_ERROR_RUNTIME;
	snprintf(x->want.out, sizeof(x->want.out), "%s\n", n);
	snprintf(x->want.message_has, sizeof(x->want.message_has),
	         "ValueError: %s", n);
}

static void make_syntax(struct soak_exec *x, const char *n, uint64_t r)
{
	(void)r;
	/* Nothing runs: the nonce can only come back in the traceback,
	 * which quotes the line. */
	snprintf(x->code, sizeof(x->code), "print('%s')\n'%s' +", n, n);
	x->want.kind = SECURER_ERROR_SYNTAX;
	snprintf(x->want.traceback_has, sizeof(x->want.traceback_has), "'%s' +",
	         n);
}

/* More than the cap on one stream, which must come back cut at exactly
 * the cap and flagged, the execute itself succeeding. */
static void make_flood(struct soak_exec *x, const char *n, uint64_t r)
{
	int err = r & 1;

	snprintf(x->code, sizeof(x->code),
	         "import sys\nsys.%s.write('%s\\n' + 'x' * %d)\n"
	         "'%s-flood'",
	         err ? "stderr" : "stdout", n, SOAK_FLOOD_BYTES, n);
	x->opts.output_bytes = SOAK_FLOOD_CAP;
	snprintf(err ? x->want.err : x->want.out, SOAK_TEXT_MAX, "%s\n", n);
	if (err)
		x->want.err_mode = SOAK_OUT_FLOOD;
	else
		x->want.out_mode = SOAK_OUT_FLOOD;
	snprintf(x->want.value, sizeof(x->want.value), "\"%s-flood\"", n);
}

/* 1 to 16 calls of soak_echo, which answers "NONCE:i" (soak_tools.c
 * checks the nonce and the order on the host). */
static void make_tools(struct soak_exec *x, const char *n, uint64_t r)
{
	long k = 1 + (long)(r % 16);

	snprintf(x->code, sizeof(x->code),
	         "r = [soak_echo(nonce='%s', i=i) for i in range(%ld)]\n"
	         "r[-1]",
	         n, k);
	x->want.tool_calls = x->want.tool_runs = k;
	snprintf(x->want.value, sizeof(x->want.value), "\"%s:%ld\"", n, k - 1);
}

/* soak_fail's error, raised (a runtime error), or caught (a value). */
static void make_tool_error(struct soak_exec *x, const char *n, uint64_t r)
{
	if (r & 1) {
		snprintf(x->code, sizeof(x->code),
		         "soak_echo(nonce='%s', i=0)\nsoak_fail(nonce='%s')", n,
		         n);
		x->want.kind = SECURER_ERROR_RUNTIME;
		x->want.tool_calls = x->want.tool_runs = 2;
		snprintf(x->want.message_has, sizeof(x->want.message_has),
		         "soak tool error for %s", n);
		return;
	}
	snprintf(x->code, sizeof(x->code),
	         "try:\n    soak_fail(nonce='%s')\n"
	         "except Exception as e:\n    v = str(e)\nv",
	         n);
	x->want.tool_calls = x->want.tool_runs = 1;
	snprintf(x->want.value, sizeof(x->want.value),
	         "\"soak tool error for %s\"", n);
}

/* Past the execute's tool-call limit: the call past it is refused and
 * counted, never run, and the runtime restarted. */
static void make_tool_limit(struct soak_exec *x, const char *n, uint64_t r)
{
	(void)r;
	snprintf(x->code, sizeof(x->code),
	         "print('%s', flush=True)\n"
	         "for i in range(%d):\n    soak_echo(nonce='%s', i=i)",
	         n, SOAK_TOOL_LIMIT + 2, n);
	snprintf(x->want.out, sizeof(x->want.out), "%s\n", n);
	x->opts.max_tool_calls = SOAK_TOOL_LIMIT;
	x->want.kind = SECURER_ERROR_LIMIT;
	x->want.state_lost = 1;
	x->want.tool_calls = SOAK_TOOL_LIMIT + 1;
	x->want.tool_runs = SOAK_TOOL_LIMIT;
	snprintf(x->want.message_has, sizeof(x->want.message_has),
	         "more than %d tool calls", SOAK_TOOL_LIMIT);
}

/* About a quarter of the executes end with the runtime restarted
 * (timeout, crash, limit): each costs the pool a fresh session. */
static const struct soak_case cases[] = {
    {"ok", 20, make_ok},
    {"timeout", 7, make_timeout},
    {"crash", 12, make_crash},
    {"raise", 10, make_raise},
    {"syntax", 5, make_syntax},
    {"flood", 10, make_flood},
    {"tools", 20, make_tools},
    {"tool_error", 12, make_tool_error},
    {"tool_limit", 4, make_tool_limit},
};

#define N_CASES ((int)(sizeof(cases) / sizeof(cases[0])))

int soak_case_count(void)
{
	return N_CASES;
}

const char *soak_case_name(int index)
{
	return index >= 0 && index < N_CASES ? cases[index].name : "?";
}

int soak_case_find(const char *name)
{
	for (int i = 0; i < N_CASES; i++)
		if (strcmp(cases[i].name, name) == 0)
			return i;
	return -1;
}

static unsigned weight(int i, uint32_t mask)
{
	return mask & (1U << i) ? cases[i].weight : 0;
}

void soak_case_make(struct soak_exec *x, const char *nonce, uint32_t mask,
                    uint64_t *rng)
{
	unsigned total = 0, pick;
	int i = 0;

	for (int j = 0; j < N_CASES; j++)
		total += weight(j, mask);
	pick = (unsigned)(soak_rand(rng) % total);
	while (pick >= weight(i, mask))
		pick -= weight(i++, mask);
	memset(x, 0, sizeof(*x));
	securer_execute_opts_init(&x->opts);
	snprintf(x->want.nonce, sizeof(x->want.nonce), "%s", nonce);
	snprintf(x->want.value, sizeof(x->want.value), "null");
	x->want.name = cases[i].name;
	x->case_index = i;
	cases[i].make(x, nonce, soak_rand(rng));
}
