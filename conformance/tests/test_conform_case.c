/*
 * test_conform_case.c - one run of an attack as the runner sees it: the
 * control (raw fork and exec) starts from default signal handling whatever
 * the runner inherited, and reports how its process ended.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "case.h"
#include "common.h"

static char *dir; /* the controls' cwd: a SIGQUIT may leave a core there */

static void run_raw_sh(const char *script, struct case_out *o)
{
	const char *argv[] = {"sh", "-c", script, NULL};
	struct case_spec spec = {
	    .mode = MODE_PROCESS,
	    .lang = LANG_SH,
	    .backend = SECURER_BACKEND_NONE,
	    .argv = argv,
	    .stdin_fd = -1,
	    .timeout_ms = 5000,
	    .raw = true,
	    .cwd = dir,
	};

	assert_int_equal(case_run(&spec, o), 0);
}

/* A shell starts background jobs with SIGQUIT ignored; a control that
 * crashes itself with SIGQUIT (core-dump in R) must still die of it. */
static void test_raw_default_signals(void **state)
{
	struct sigaction ign = {.sa_handler = SIG_IGN}, old_quit, old_int;
	sigset_t block, old_mask;
	struct case_out o;

	(void)state;
	dir = test_mkdtemp();
	sigaction(SIGQUIT, &ign, &old_quit);
	sigaction(SIGINT, &ign, &old_int);
	sigemptyset(&block);
	sigaddset(&block, SIGUSR1);
	sigprocmask(SIG_BLOCK, &block, &old_mask);

	run_raw_sh("kill -QUIT $$; echo survived SIGQUIT", &o);
	assert_null(strstr(o.out, "survived"));
	assert_true(strncmp(o.ending, "signal 3", 8) ==
	            0); /* core dumped or not */
	case_out_release(&o);
	run_raw_sh("kill -INT $$; echo survived SIGINT", &o);
	assert_null(strstr(o.out, "survived"));
	assert_string_equal(o.ending, "signal 2");
	case_out_release(&o);
	run_raw_sh("kill -USR1 $$; echo survived SIGUSR1", &o);
	assert_null(strstr(o.out, "survived"));
	assert_string_equal(o.ending, "signal 10");
	case_out_release(&o);
	run_raw_sh("echo hello; exit 7", &o);
	assert_non_null(strstr(o.out, "hello"));
	assert_string_equal(o.ending, "exited 7");
	case_out_release(&o);

	sigprocmask(SIG_SETMASK, &old_mask, NULL);
	sigaction(SIGQUIT, &old_quit, NULL);
	sigaction(SIGINT, &old_int, NULL);
	test_rmtree(dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_raw_default_signals),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
