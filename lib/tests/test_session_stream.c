/*
 * test_session_stream.c - what a caller sees of an execute while it runs:
 * its output line by line (securer_execute_opts.on_output) before the
 * execute ends, within the output cap; and securer_session_interrupt,
 * from another thread and from a signal handler, which stops the execute,
 * kills its sandbox and leaves the session usable.  Each test runs in
 * every runtime.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "support.h"

struct lang {
	securer_runtime rt;
	/* "first" on stdout, flushed; add(1, 2); "second"; "oops" on
	 * stderr; "tail" without a newline */
	const char *lines;
	/* "started" on stdout, flushed, then sleeps 60 s */
	const char *sleeper;
};

static const struct lang langs[] = {
    {
        .rt = SECURER_RUNTIME_SH,
        .lines = "echo first; add a=1 b=2 >/dev/null; echo second; "
                 "echo oops >&2; printf tail",
        .sleeper = "echo started; sleep 60",
    },
    {
        .rt = SECURER_RUNTIME_PYTHON,
        .lines = "import sys\nprint('first', flush=True)\nadd(1, 2)\n"
                 "print('second')\nprint('oops', file=sys.stderr)\n"
                 "sys.stdout.write('tail')",
        .sleeper = "import time\nprint('started', flush=True)\n"
                   "time.sleep(60)",
    },
    {
        .rt = SECURER_RUNTIME_R,
        .lines = "cat('first\\n'); flush(stdout()); invisible(add(1, 2)); "
                 "cat('second\\n'); message('oops'); cat('tail')",
        .sleeper = "cat('started\\n'); flush(stdout()); Sys.sleep(60)",
    },
};

#define MAX_LINES 16

/* What on_output saw, with the tool calls made when each line came. */
struct seen {
	struct test_session *ts;
	int n;
	int stream[MAX_LINES];
	char text[MAX_LINES][64];
	int calls_then[MAX_LINES];
	/* interrupt tests: rung once "started" is seen */
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int started;
};

static void on_output(void *ud, int stream, const char *line, size_t len)
{
	struct seen *s = ud;

	assert_int_equal(strlen(line), len); /* NUL-terminated */
	if (s->n == MAX_LINES)
		return;
	s->stream[s->n] = stream;
	snprintf(s->text[s->n], sizeof(s->text[0]), "%s", line);
	/* a whole line has its newline; only "tail" and a cut line lack it */
	if (len > 0 && line[len - 1] == '\n')
		s->text[s->n][len - 1] = '\0';
	else
		snprintf(s->text[s->n], sizeof(s->text[0]), "%s|no newline",
		         line);
	s->calls_then[s->n] = s->ts->add_calls;
	s->n++;
	if (strcmp(line, "started\n") == 0) {
		pthread_mutex_lock(&s->mu);
		s->started = 1;
		pthread_cond_signal(&s->cv);
		pthread_mutex_unlock(&s->mu);
	}
}

static void seen_init(struct seen *s, struct test_session *ts)
{
	memset(s, 0, sizeof(*s));
	s->ts = ts;
	pthread_mutex_init(&s->mu, NULL);
	pthread_cond_init(&s->cv, NULL);
}

static void stream_opts(securer_execute_opts *o, struct seen *s)
{
	securer_execute_opts_init(o);
	o->on_output = on_output;
	o->output_userdata = s;
}

/* Lines arrive in order, each stream tagged, "first" before the tool call
 * that follows it in the code (so before the execute ended), the last
 * line without its newline at the end; the result still holds it all. */
static void test_lines_while_running(void **state)
{
	const struct lang *l = *state;
	struct test_session ts;
	securer_execute_opts o;
	securer_result *r;
	struct seen s;
	int first = -1, second = -1, oops = -1, tail = -1;

	test_session_open(&ts, l->rt, NULL, NULL, true);
	seen_init(&s, &ts);
	stream_opts(&o, &s);
	r = test_session_run(&ts, l->lines, &o);
	test_expect_kind(r, SECURER_ERROR_NONE);
	for (int i = 0; i < s.n; i++) {
		if (!strcmp(s.text[i], "first"))
			first = i;
		else if (!strcmp(s.text[i], "second"))
			second = i;
		else if (strstr(s.text[i], "oops"))
			oops = i;
		else if (!strcmp(s.text[i], "tail|no newline"))
			tail = i;
		else
			fail_msg("unexpected line '%s'", s.text[i]);
	}
	assert_true(first == 0 && second > first && tail > second);
	assert_true(oops >= 0);
	/* cppcheck does not know that a failed assert_true ends the test:
	 * no index below is -1 */
	/* cppcheck-suppress negativeIndex */
	assert_int_equal(s.stream[first], 1);
	/* cppcheck-suppress negativeIndex */
	assert_int_equal(s.stream[tail], 1);
	/* cppcheck-suppress negativeIndex */
	assert_int_equal(s.stream[oops], 2);
	/* cppcheck-suppress negativeIndex */
	assert_int_equal(s.calls_then[first], 0); /* before add() ran */
	/* cppcheck-suppress negativeIndex */
	assert_int_equal(s.calls_then[second], 1);
	test_expect_stdout(r, "first\nsecond\ntail");
	securer_result_free(r);
	test_session_close(&ts);
}

/* The callback sees what the result keeps: the cut line, then nothing. */
static void test_lines_within_cap(void **state)
{
	const struct lang *l = *state;
	static const char *code[] = {
	    [SECURER_RUNTIME_SH] = "echo 0123456789abcdef; echo more",
	    /* one element: clang asks for the parentheses */
	    [SECURER_RUNTIME_PYTHON] = ("print('0123456789abcdef')\n"
	                                "print('more')"),
	    [SECURER_RUNTIME_R] = "cat('0123456789abcdef\\nmore\\n')",
	};
	struct test_session ts;
	securer_execute_opts o;
	securer_result *r;
	struct seen s;
	int truncated = 0;

	test_session_open(&ts, l->rt, NULL, NULL, true);
	seen_init(&s, &ts);
	stream_opts(&o, &s);
	o.output_bytes = 10;
	r = test_session_run(&ts, code[l->rt], &o);
	securer_result_stdout(r, NULL, &truncated);
	assert_int_equal(truncated, 1);
	assert_int_equal(s.n, 1);
	assert_string_equal(s.text[0], "0123456789|no newline");
	securer_result_free(r);
	test_session_close(&ts);
}

struct interrupter {
	struct seen *seen;
	securer_session *session;
};

static void *interrupt_when_started(void *arg)
{
	struct interrupter *it = arg;

	pthread_mutex_lock(&it->seen->mu);
	while (!it->seen->started)
		pthread_cond_wait(&it->seen->cv, &it->seen->mu);
	pthread_mutex_unlock(&it->seen->mu);
	assert_int_equal(securer_session_interrupt(it->session), 0);
	return NULL;
}

/* After an interrupt, nothing of the old sandbox is left and the session
 * works again with fresh state. */
static void expect_interrupted(struct test_session *ts, securer_result *r,
                               pid_t old, int64_t t0)
{
	test_expect_kind(r, SECURER_ERROR_INTERRUPTED);
	assert_true(securer_monotonic_ms() - t0 < 30000); /* not the sleep */
	assert_true(old > 0);
	assert_int_equal(kill(old, 0), -1);
	assert_int_equal(errno, ESRCH);
	test_session_expect_recovered(ts, r);
}

static void test_interrupt_from_thread(void **state)
{
	const struct lang *l = *state;
	struct test_session ts;
	struct interrupter it;
	securer_execute_opts o;
	securer_result *r;
	struct seen s;
	pthread_t th;
	pid_t old;
	int64_t t0;

	test_session_open(&ts, l->rt, NULL, NULL, true);
	test_session_expect(&ts, test_code_set_x(l->rt), "");
	seen_init(&s, &ts);
	stream_opts(&o, &s);
	it = (struct interrupter){&s, ts.s};
	old = securer_session_pid(ts.s);
	assert_int_equal(pthread_create(&th, NULL, interrupt_when_started, &it),
	                 0);
	t0 = securer_monotonic_ms();
	r = test_session_run(&ts, l->sleeper, &o);
	pthread_join(th, NULL);
	expect_interrupted(&ts, r, old, t0);
	test_session_close(&ts);
}

static securer_session *alarm_session;

static void on_alarm(int sig)
{
	(void)sig;
	securer_session_interrupt(alarm_session);
}

static void test_interrupt_from_signal_handler(void **state)
{
	const struct lang *l = *state;
	struct sigaction sa, old_sa;
	struct test_session ts;
	securer_result *r;
	pid_t old;
	int64_t t0;

	test_session_open(&ts, l->rt, NULL, NULL, true);
	alarm_session = ts.s;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;
	assert_int_equal(sigaction(SIGALRM, &sa, &old_sa), 0);
	old = securer_session_pid(ts.s);
	t0 = securer_monotonic_ms();
	alarm(1);
	r = test_session_run(&ts, l->sleeper, NULL);
	alarm(0);
	sigaction(SIGALRM, &old_sa, NULL);
	expect_interrupted(&ts, r, old, t0);
	test_session_close(&ts);
}

/* An interrupt with no execute running is dropped, not kept for the next
 * one. */
static void test_interrupt_when_idle(void **state)
{
	const struct lang *l = *state;
	struct test_session ts;

	test_session_open(&ts, l->rt, NULL, NULL, true);
	test_session_expect(&ts, test_code_set_x(l->rt), "");
	assert_int_equal(securer_session_interrupt(ts.s), 0);
	assert_int_equal(securer_session_interrupt(ts.s), 0);
	test_session_expect(&ts, test_code_print_x(l->rt), "41\n");
	assert_int_equal(securer_session_interrupt(NULL), -EINVAL);
	test_session_close(&ts);
}

/* An unknown runtime is refused with EINVAL (not taken for ENOMEM). */
static void test_new_bad_runtime(void **state)
{
	(void)state;
	errno = 0;
	assert_null(
	    securer_session_new(NULL, SECURER_RUNTIME_COUNT_, NULL, NULL));
	assert_int_equal(errno, EINVAL);
	errno = 0;
	assert_null(securer_session_new(NULL, (securer_runtime)-1, NULL, NULL));
	assert_int_equal(errno, EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    TEST_EACH_RUNTIME(test_lines_while_running, langs),
	    TEST_EACH_RUNTIME(test_lines_within_cap, langs),
	    TEST_EACH_RUNTIME(test_interrupt_from_thread, langs),
	    TEST_EACH_RUNTIME(test_interrupt_from_signal_handler, langs),
	    TEST_EACH_RUNTIME(test_interrupt_when_idle, langs),
	    cmocka_unit_test(test_new_bad_runtime),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
