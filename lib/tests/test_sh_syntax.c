/*
 * test_sh_syntax.c - the sh runtime skips "sh -n" for plain commands
 * (lib/runtimes/sh_simple.c); code with a syntax error must still run
 * nothing and end as a syntax error.  Checked from outside: each code is
 * judged by the host's own "/bin/sh -n" (the same shell the sandbox binds
 * in), and the session must agree, printing nothing when it says syntax.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "support.h"

/* 1 when /bin/sh -n rejects |code|, 0 when it accepts it. */
static int host_syntax_error(const char *code)
{
	int in[2], st;
	pid_t pid;
	size_t n = strlen(code);

	assert_int_equal(pipe2(in, O_CLOEXEC), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		int devnull = open("/dev/null", O_WRONLY);

		if (dup2(in[0], 0) < 0 || devnull < 0 || dup2(devnull, 1) < 0 ||
		    dup2(devnull, 2) < 0)
			_exit(127);
		execl("/bin/sh", "sh", "-n", (char *)NULL);
		_exit(127);
	}
	close(in[0]);
	signal(SIGPIPE, SIG_IGN);
	/* a syntax error may stop it reading: EPIPE then */
	if (write(in[1], code, n) == (ssize_t)n)
		(void)!write(in[1], "\n", 1);
	close(in[1]);
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st) && WEXITSTATUS(st) != 127);
	return WEXITSTATUS(st) != 0;
}

/* Runs |code| (after "echo ran;") in |ts| and checks it against the
 * host's verdict; returns whether that was a syntax error. */
static int agree(struct test_session *ts, const char *code)
{
	char full[1024];
	securer_result *r;
	int bad;

	snprintf(full, sizeof(full), "echo ran; %s", code);
	bad = host_syntax_error(full);
	r = test_session_run(ts, full, NULL);
	if (bad) {
		if (securer_result_error(r) != SECURER_ERROR_SYNTAX)
			fail_msg("sh -n rejects [%s] but the session gave "
			         "kind %d: %s",
			         full, (int)securer_result_error(r),
			         securer_result_message(r));
		test_expect_stdout(r, "");
	} else if (securer_result_error(r) == SECURER_ERROR_SYNTAX) {
		fail_msg("sh -n accepts [%s] but the session says: %s", full,
		         securer_result_message(r));
	}
	securer_result_free(r);
	return bad;
}

/* Near misses of the plain-command subset, each a syntax error. */
static void test_near_misses(void **state)
{
	static const char *const codes[] = {
	    ": ;;",      "; :",     ": &&",    ": |",   ": ||",     "&& :",
	    "| :",       ": ; ;",   ": & & :", "'a",    "\"a",      ": ${x",
	    ": \"${x\"", ": $(",    ": )",     "if :",  ": ; then", "fi",
	    "done",      "do :",    "{",       "}",     ": && \n",  ": |\n;",
	    ":;\n;",     "case",    "esac",    "elif",  "else",     "then :",
	    "while :",   "until :", "for",     "! ",    ": `",      ": \"`\"",
	    ": <",       ": >",     "(",       ": &&;",
	};
	struct test_session ts;

	(void)state;
	test_session_open(&ts, SECURER_RUNTIME_SH, NULL, NULL, true);
	for (size_t i = 0; i < sizeof(codes) / sizeof(codes[0]); i++)
		if (!agree(&ts, codes[i]))
			fail_msg("[%s] was meant as a syntax error", codes[i]);
	/* Control: plain commands run, and print. */
	test_session_expect(&ts, "echo a 'b c' \"d $?\" ${HOME} x=1 [ ] && :",
	                    "a b c d 0 /tmp x=1 [ ]\n");
	test_session_expect(&ts, "x=1; echo \"$x\" |\n\n cat", "1\n");
	test_session_close(&ts);
}

/* Random codes from plain words, reserved words, operators and stray
 * quotes, expansions and brackets: the session agrees with sh -n on every
 * one, and both verdicts occur. */
static void test_random_codes(void **state)
{
	static const char *const pieces[] = {
	    ":",     "true", "x=1", "echo", "'q q'", "\"$x\"", "${x}", "$?",
	    "\"a\"", "[",    "]",   "a*",   "-n",    "if",     "then", "fi",
	    "do",    "done", "in",  "!",    "{",     "}",      ";",    ";;",
	    "&&",    "||",   "|",   "&",    "\n",    " ",      "'",    "\"",
	    "${",    "$(",   "(",   ")",    "`",     "#",      "\\",   "~",
	    ">",     "<",    "${x", "$",    "else",  "while",  "for",  "case",
	};
	const size_t n_pieces = sizeof(pieces) / sizeof(pieces[0]);
	struct test_session ts;
	unsigned seed = 20261206;
	int bad = 0, good = 0;

	(void)state;
	test_session_open(&ts, SECURER_RUNTIME_SH, NULL, NULL, true);
	for (int k = 0; k < 600; k++) {
		char code[512] = "";
		int len = 1 + (int)(rand_r(&seed) % 7);

		for (int i = 0; i < len; i++) {
			const char *p = pieces[rand_r(&seed) % n_pieces];

			strncat(code, p, sizeof(code) - strlen(code) - 2);
			if (rand_r(&seed) % 2)
				strcat(code, " ");
		}
		if (agree(&ts, code))
			bad++;
		else
			good++;
	}
	/* the corpus exercises both sides */
	assert_true(bad > 50);
	assert_true(good > 50);
	test_session_close(&ts);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_near_misses),
	    cmocka_unit_test(test_random_codes),
	};

	test_require_runtime(SECURER_RUNTIME_SH);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
