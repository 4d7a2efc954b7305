/*
 * test_proto.c - the host side of the session protocol, without a sandbox:
 * the line reader over real pipes (split reads, several lines per read,
 * the message limit on complete and unfinished lines, a writer that never
 * sends a newline), and the non-blocking output queue against a pipe
 * nobody reads.  What a line must be to be a message is in
 * test_proto_parse.c.
 *
 * Writers that send more than a pipe holds are child processes: the reader
 * under test runs here, polling the non-blocking read end, as the session
 * does.  Every reading loop is bounded by a deadline.
 */
#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "proto.h"
#include "support.h"

#define MIB        (1024 * 1024)
#define READ_SLACK (65536 + 1) /* what the reader may hold past the limit */

/* A pipe whose read end is non-blocking, as the session's are. */
static void nb_pipe(int p[2])
{
	assert_int_equal(pipe2(p, O_CLOEXEC), 0);
	assert_int_equal(fcntl(p[0], F_SETFL, O_NONBLOCK), 0);
}

static void put(int fd, const char *s)
{
	assert_int_equal(securer__write_all(fd, s, strlen(s)), 0);
}

/* The next line, asserted to be |want|. */
static void expect_line(struct securer__lines *l, const char *want)
{
	char *line = NULL;
	size_t len = 0;

	assert_int_equal(securer__lines_next(l, &line, &len), 1);
	assert_int_equal(len, strlen(want));
	assert_memory_equal(line, want, len);
	assert_int_equal(line[len], '\0');
}

static void expect_no_line(struct securer__lines *l)
{
	char *line = NULL;
	size_t len = 0;

	assert_int_equal(securer__lines_next(l, &line, &len), 0);
}

/* ---- the line reader ---------------------------------------------------- */

static void test_lines_split_across_reads(void **state)
{
	struct securer__lines l;
	int p[2];

	(void)state;
	nb_pipe(p);
	securer__lines_init(&l, 1000);
	expect_no_line(&l); /* asked before anything was read, as sessions do */
	assert_int_equal(securer__lines_fill(&l, p[0]), -EAGAIN);
	expect_no_line(&l);
	put(p[1], "hel");
	assert_int_equal(securer__lines_fill(&l, p[0]), 1);
	expect_no_line(&l);
	put(p[1], "lo\nwo");
	assert_int_equal(securer__lines_fill(&l, p[0]), 1);
	expect_line(&l, "hello");
	expect_no_line(&l);
	put(p[1], "rld\n");
	assert_int_equal(securer__lines_fill(&l, p[0]), 1);
	expect_line(&l, "world");
	expect_no_line(&l);
	securer__lines_release(&l);
	close(p[0]);
	close(p[1]);
}

static void test_lines_several_in_one_read(void **state)
{
	struct securer__lines l;
	int p[2];

	(void)state;
	nb_pipe(p);
	securer__lines_init(&l, 1000);
	put(p[1], "a\nbb\n\n{\"type\":\"ready\"}\nunfinished");
	assert_int_equal(securer__lines_fill(&l, p[0]), 1);
	expect_line(&l, "a");
	expect_line(&l, "bb");
	expect_line(&l, "");
	expect_line(&l, "{\"type\":\"ready\"}");
	expect_no_line(&l);
	assert_int_equal(securer__lines_fill(&l, p[0]), -EAGAIN);
	put(p[1], "\n");
	assert_int_equal(securer__lines_fill(&l, p[0]), 1);
	expect_line(&l, "unfinished");
	securer__lines_release(&l);
	close(p[0]);
	close(p[1]);
}

/* |n| bytes of 'x', optionally followed by a newline, read with a limit
 * of |max|: what securer__lines_next says once everything is in. */
static int line_of(size_t max, size_t n, bool newline, size_t *len_out)
{
	struct securer__lines l;
	char *text = malloc(n + 2), *line = NULL;
	int p[2], rc;
	size_t len = 0;

	assert_non_null(text);
	memset(text, 'x', n);
	text[n] = '\n';
	text[n + 1] = '\0';
	if (!newline)
		text[n] = '\0';
	nb_pipe(p);
	securer__lines_init(&l, max);
	put(p[1], text);
	while (securer__lines_fill(&l, p[0]) == 1)
		;
	rc = securer__lines_next(&l, &line, &len);
	if (rc == 1) {
		for (size_t i = 0; i < len; i++)
			assert_int_equal(line[i], 'x');
		*len_out = len;
	}
	securer__lines_release(&l);
	free(text);
	close(p[0]);
	close(p[1]);
	return rc;
}

/* A line exactly at the limit is a message; one byte more is refused,
 * whether its newline has arrived or not. */
static void test_lines_limit(void **state)
{
	size_t len = 0;

	(void)state;
	assert_int_equal(line_of(1000, 1000, true, &len), 1);
	assert_int_equal(len, 1000);
	assert_int_equal(line_of(1000, 1001, true, &len), -EMSGSIZE);
	/* unfinished: at the limit it may still end; past it, never */
	assert_int_equal(line_of(1000, 1000, false, &len), 0);
	assert_int_equal(line_of(1000, 1001, false, &len), -EMSGSIZE);
	assert_int_equal(line_of(1000, 0, true, &len), 1);
	assert_int_equal(len, 0);
}

/* A child that writes |n| bytes of 'x' (n < 0: forever) and then, if
 * |newline|, a newline. */
static pid_t writer(int fd, long long n, bool newline)
{
	pid_t pid = fork();
	char buf[65536];

	assert_true(pid >= 0);
	if (pid != 0)
		return pid;
	signal(SIGPIPE, SIG_DFL);
	memset(buf, 'x', sizeof(buf));
	while (n != 0) {
		size_t k = n < 0 || n > (long long)sizeof(buf) ? sizeof(buf)
		                                               : (size_t)n;
		ssize_t w = write(fd, buf, k);

		if (w < 0)
			_exit(errno == EPIPE ? 0 : 1);
		if (n > 0)
			n -= w;
	}
	if (newline && write(fd, "\n", 1) != 1)
		_exit(1);
	_exit(0);
}

/* Reads |fd| as the session does (poll, fill, next) until a line comes,
 * the reader refuses, or EOF; at most 20 s.  Returns what ended it: 1 (a
 * line, its length in *len), -EMSGSIZE, or 0 (EOF). */
static int read_like_a_session(struct securer__lines *l, int fd, size_t *len)
{
	int64_t deadline = securer_monotonic_ms() + 20000;
	char *line;

	while (securer_monotonic_ms() < deadline) {
		struct pollfd p = {fd, POLLIN, 0};
		int rc = securer__lines_next(l, &line, len);

		if (rc != 0)
			return rc;
		if (poll(&p, 1, 1000) < 0 && errno != EINTR)
			fail_msg("poll: %s", strerror(errno));
		rc = securer__lines_fill(l, fd);
		if (rc == 0 || rc == -EMSGSIZE)
			return rc;
		if (rc < 0 && rc != -EAGAIN)
			fail_msg("fill: %s", strerror(-rc));
		/* The bound holds at every step, not only at the end. */
		assert_true(l->cap <= l->max + READ_SLACK);
	}
	fail_msg("the reader neither refused nor finished within 20 s");
	return 0;
}

static void reap(pid_t pid)
{
	int ws;

	kill(pid, SIGKILL);
	assert_int_equal(waitpid(pid, &ws, 0), pid);
}

/* The default limit with a writer larger than a pipe: exactly 1 MiB is a
 * message, 1 MiB + 1 is refused. */
static void test_lines_limit_mib(void **state)
{
	(void)state;
	for (int extra = 0; extra <= 1; extra++) {
		struct securer__lines l;
		size_t len = 0;
		int p[2];
		pid_t pid;

		nb_pipe(p);
		securer__lines_init(&l, MIB);
		pid = writer(p[1], MIB + extra, true);
		close(p[1]);
		if (extra == 0) {
			assert_int_equal(read_like_a_session(&l, p[0], &len),
			                 1);
			assert_int_equal(len, MIB);
		} else {
			assert_int_equal(read_like_a_session(&l, p[0], &len),
			                 -EMSGSIZE);
		}
		reap(pid);
		securer__lines_release(&l);
		close(p[0]);
	}
}

/* A writer that never ends its line: refused once the unfinished line
 * passes the limit, having buffered at most the limit and one read. */
static void test_lines_endless_line(void **state)
{
	struct securer__lines l;
	size_t len = 0;
	int p[2];
	pid_t pid;

	(void)state;
	nb_pipe(p);
	securer__lines_init(&l, MIB);
	pid = writer(p[1], -1, false);
	close(p[1]);
	assert_int_equal(read_like_a_session(&l, p[0], &len), -EMSGSIZE);
	assert_true(l.cap <= MIB + READ_SLACK);
	assert_true(l.len <= l.cap);
	assert_true(l.len > MIB); /* it did read up to the limit */
	reap(pid);
	securer__lines_release(&l);
	close(p[0]);
}

/* A 100 MB line from another process: refused, memory bounded. */
static void test_lines_100mb_line(void **state)
{
	struct securer__lines l;
	size_t len = 0;
	int p[2];
	pid_t pid;

	(void)state;
	nb_pipe(p);
	securer__lines_init(&l, MIB);
	pid = writer(p[1], 100LL * 1000 * 1000, true);
	close(p[1]);
	assert_int_equal(read_like_a_session(&l, p[0], &len), -EMSGSIZE);
	assert_true(l.cap <= MIB + READ_SLACK);
	assert_true(l.len <= MIB + READ_SLACK);
	/* Asked again, it still refuses rather than reading on. */
	assert_int_equal(read_like_a_session(&l, p[0], &len), -EMSGSIZE);
	assert_true(l.cap <= MIB + READ_SLACK);
	reap(pid);
	securer__lines_release(&l);
	close(p[0]);
}

/* A last line without its newline at EOF is no message. */
static void test_lines_truncated_at_eof(void **state)
{
	struct securer__lines l;
	int p[2];

	(void)state;
	nb_pipe(p);
	securer__lines_init(&l, 1000);
	put(p[1], "{\"type\":\"ready\"}\n{\"type\":\"res");
	close(p[1]);
	assert_int_equal(securer__lines_fill(&l, p[0]), 1);
	expect_line(&l, "{\"type\":\"ready\"}");
	expect_no_line(&l);
	assert_int_equal(securer__lines_fill(&l, p[0]), 0);
	expect_no_line(&l);
	securer__lines_release(&l);
	close(p[0]);
}

/* After a reset (a new child) the old child's unfinished line is gone. */
static void test_lines_reset(void **state)
{
	struct securer__lines l;
	int p[2];

	(void)state;
	nb_pipe(p);
	securer__lines_init(&l, 1000);
	put(p[1], "stale");
	assert_int_equal(securer__lines_fill(&l, p[0]), 1);
	expect_no_line(&l);
	securer__lines_reset(&l);
	put(p[1], "fresh\n");
	assert_int_equal(securer__lines_fill(&l, p[0]), 1);
	expect_line(&l, "fresh");
	securer__lines_release(&l);
	close(p[0]);
	close(p[1]);
}

/* ---- the output queue --------------------------------------------------- */

/* Messages of about 1 MiB in all: more than a pipe holds (64 KiB). */
#define Q_MESSAGES 64
#define Q_PAYLOAD  16384

static cJSON *q_message(int i)
{
	cJSON *m = cJSON_CreateObject();
	char *payload = malloc(Q_PAYLOAD + 1);

	assert_non_null(m);
	assert_non_null(payload);
	for (int k = 0; k < Q_PAYLOAD; k++)
		payload[k] = (char)('a' + (i + k) % 26);
	payload[Q_PAYLOAD] = '\0';
	cJSON_AddStringToObject(m, "type", "tool_result");
	cJSON_AddNumberToObject(m, "id", i);
	cJSON_AddStringToObject(m, "value", payload);
	free(payload);
	return m;
}

static void test_outq(void **state)
{
	struct securer__outq q;
	char *expect = NULL, *got;
	size_t expect_len = 0, got_len = 0;
	FILE *f = open_memstream(&expect, &expect_len);
	int p[2], rc, rounds = 0;
	int64_t t0;

	(void)state;
	assert_non_null(f);
	assert_int_equal(pipe2(p, O_CLOEXEC | O_NONBLOCK), 0);
	securer__outq_init(&q);
	assert_false(securer__outq_pending(&q));
	for (int i = 0; i < Q_MESSAGES; i++) {
		cJSON *m = q_message(i);
		char *text = cJSON_PrintUnformatted(m);

		fprintf(f, "%s\n", text);
		free(text);
		assert_int_equal(securer__outq_push_json(&q, m), 0);
		cJSON_Delete(m);
	}
	fclose(f);
	assert_true(expect_len > MIB);

	/* Nobody reads: the flush returns at once, with bytes pending. */
	t0 = securer_monotonic_ms();
	assert_int_equal(securer__outq_flush(&q, p[1]), 1);
	assert_int_equal(securer__outq_flush(&q, p[1]), 1);
	assert_true(securer_monotonic_ms() - t0 < 1000);
	assert_true(securer__outq_pending(&q));

	/* A reader drains the pipe between flushes: everything arrives,
	 * intact and in order. */
	got = malloc(expect_len + 1);
	assert_non_null(got);
	do {
		ssize_t n;

		while ((n = read(p[0], got + got_len,
		                 expect_len + 1 - got_len)) > 0)
			got_len += (size_t)n;
		rc = securer__outq_flush(&q, p[1]);
		assert_true(rc == 0 || rc == 1);
	} while (rc == 1 && ++rounds < 10000);
	assert_int_equal(rc, 0);
	assert_false(securer__outq_pending(&q));
	for (ssize_t n;
	     (n = read(p[0], got + got_len, expect_len + 1 - got_len)) > 0;)
		got_len += (size_t)n;
	assert_int_equal(got_len, expect_len);
	assert_memory_equal(got, expect, expect_len);

	/* The queue is reusable once empty. */
	{
		cJSON *m = cJSON_Parse("{\"type\":\"execute\",\"id\":2}");
		char buf[64];

		assert_int_equal(securer__outq_push_json(&q, m), 0);
		cJSON_Delete(m);
		assert_int_equal(securer__outq_flush(&q, p[1]), 0);
		assert_int_equal(read(p[0], buf, sizeof(buf)), 26);
		assert_memory_equal(buf, "{\"type\":\"execute\",\"id\":2}\n",
		                    26);
	}
	free(got);
	free(expect);
	securer__outq_release(&q);
	close(p[0]);
	close(p[1]);
}

/* The reader is gone: -EPIPE, not a hang (SIGPIPE ignored here, as the
 * session's caller must; see docs). */
static void test_outq_reader_gone(void **state)
{
	struct securer__outq q;
	cJSON *m = cJSON_Parse("{\"type\":\"execute\",\"id\":1}");
	void (*old)(int) = signal(SIGPIPE, SIG_IGN);
	int p[2];

	(void)state;
	assert_int_equal(pipe2(p, O_CLOEXEC | O_NONBLOCK), 0);
	close(p[0]);
	securer__outq_init(&q);
	assert_int_equal(securer__outq_push_json(&q, m), 0);
	assert_int_equal(securer__outq_flush(&q, p[1]), -EPIPE);
	assert_true(securer__outq_pending(&q));
	signal(SIGPIPE, old);
	cJSON_Delete(m);
	securer__outq_release(&q);
	close(p[1]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_lines_split_across_reads),
	    cmocka_unit_test(test_lines_several_in_one_read),
	    cmocka_unit_test(test_lines_limit),
	    cmocka_unit_test(test_lines_limit_mib),
	    cmocka_unit_test(test_lines_endless_line),
	    cmocka_unit_test(test_lines_100mb_line),
	    cmocka_unit_test(test_lines_truncated_at_eof),
	    cmocka_unit_test(test_lines_reset),
	    cmocka_unit_test(test_outq),
	    cmocka_unit_test(test_outq_reader_gone),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
