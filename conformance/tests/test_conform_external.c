/*
 * test_conform_external.c - an external backend's command is found on the
 * caller's PATH when the run starts, and runs by that full path from then
 * on: a workload's rows run with the sandboxes' PATH (/usr/local/bin,
 * /usr/bin, /bin), where a sandbox installed in the user's own directories
 * (srt from npm) is not.  Before, every workload under srt "ended unseen".
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "common.h"
#include "external.h"

static void test_command_by_full_path(void **state)
{
	const char *const argv[] = {"/bin/echo", "hi", NULL};
	char *dir = test_mkdtemp(), bin[600], tool[700], desc[700], err[512];
	char why[512], want[700], *old = strdup(getenv("PATH"));
	struct external e;
	char **v;

	(void)state;
	snprintf(bin, sizeof(bin), "%s/bin", dir);
	assert_int_equal(mkdir(bin, 0755), 0);
	snprintf(tool, sizeof(tool), "%s/mysandbox", bin);
	test_write_file(tool, "#!/bin/sh\nshift\nexec sh -c \"$1\"\n");
	assert_int_equal(chmod(tool, 0755), 0);
	snprintf(desc, sizeof(desc), "%s/mysandbox.json", dir);
	test_write_file(desc,
	                "{\"name\": \"mysandbox\", \"description\": \"t\","
	                " \"command\": [\"mysandbox\", \"-c\", "
	                "\"{shell}\"], \"probe\": [\"mysandbox\", "
	                "\"-c\", \"true\"]}");

	/* not on PATH: unusable, with the reason */
	assert_int_equal(external_load(dir, "mysandbox", &e, err, sizeof(err)),
	                 0);
	setenv("PATH", "/usr/bin:/bin", 1);
	assert_false(external_usable(&e, why, sizeof(why)));
	assert_non_null(strstr(why, "mysandbox"));
	external_release(&e);

	/* on the caller's PATH: usable, and its full path is kept */
	assert_int_equal(external_load(dir, "mysandbox", &e, err, sizeof(err)),
	                 0);
	snprintf(want, sizeof(want), "%s:/usr/bin:/bin", bin);
	setenv("PATH", want, 1);
	assert_true(external_usable(&e, why, sizeof(why)));
	/* a workload's row then runs with the sandboxes' PATH */
	setenv("PATH", "/usr/local/bin:/usr/bin:/bin", 1);
	v = external_argv(&e, argv);
	assert_non_null(v);
	assert_string_equal(v[0], tool);
	assert_string_equal(v[1], "-c");
	external_argv_free(v);
	external_release(&e);

	setenv("PATH", old, 1);
	free(old);
	test_rmtree(dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_command_by_full_path),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
