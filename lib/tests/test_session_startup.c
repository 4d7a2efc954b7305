/*
 * test_session_startup.c - what the Python and R runtimes load late (after
 * `ready`, or on first use) is there at the first execute of a fresh
 * session under bwrap, as the code would find it in a plain interpreter.
 *
 * R starts without its default packages and puts stand-ins in their place
 * that attach the real package at first use; each check below is the first
 * execute of its own session, so it is the one that triggers the load.
 * Python starts with -S and runs site after `ready`: site-packages and
 * Debian's dist-packages must be on sys.path, their modules findable, and
 * the builtins site adds (exit, help) defined.
 */
#include <stdlib.h>
#include <string.h>

#include "support.h"

struct first_use {
	const char *what;
	const char *code;
	const char *out;
};

static const struct first_use r_first[] = {
    {"stats",
     "fit <- lm(mpg ~ wt, data = mtcars)\n"
     "cat(sprintf('%.4f', coef(fit)[['wt']]), '\\n')",
     "-5.3445 \n"},
    {"utils", "cat(head(letters, 3), tail(LETTERS, 1), '\\n')", "a b c Z \n"},
    {"datasets (data)", "data(iris); cat(dim(iris), '\\n')", "150 5 \n"},
    {"datasets (lazy)", "cat(nrow(mtcars), levels(iris$Species)[1], '\\n')",
     "32 setosa \n"},
    {"methods",
     "setClass('P', representation(x = 'numeric'))\n"
     "p <- new('P', x = 2)\n"
     "cat(p@x, isVirtualClass('P'), is(p, 'P'), '\\n')",
     "2 FALSE TRUE \n"},
    {"graphics and grDevices",
     "pdf(NULL); plot(1:10); lines(1:10)\n"
     "cat(names(dev.off()), '\\n')",
     "null device \n"},
    {"search()", "cat(search(), sep = '\\n')",
     ".GlobalEnv\nsecurer\npackage:stats\npackage:graphics\n"
     "package:grDevices\npackage:utils\npackage:datasets\npackage:methods\n"
     "Autoloads\npackage:base\n"},
    {"options",
     "cat(getOption('defaultPackages'), "
     "Sys.getenv('R_DEFAULT_PACKAGES', 'unset'), '\\n')",
     "datasets utils grDevices graphics stats methods unset \n"},
    /* Each stand-in holds the names the real package has: compared here
     * before and after all six are put in place, in one session. */
    {"stand-ins",
     "pkgs <- c('stats', 'graphics', 'grDevices', 'utils',\n"
     "          'datasets', 'methods')\n"
     "names_of <- function() lapply(paste0('package:', pkgs),\n"
     "  function(p) sort(ls(p, all.names = TRUE)))\n"
     "before <- names_of(); s1 <- search()\n"
     "for (p in pkgs) { w <- paste0('package:', p)\n"
     "  get(ls(w)[1], pos = w) }\n"
     "after <- names_of()\n"
     "cat(identical(before, after), identical(s1, search()),\n"
     "    all(lengths(after) > 50),\n"
     "    all(pkgs %in% loadedNamespaces()), '\\n')",
     "TRUE TRUE TRUE TRUE \n"},
    /* library() of a default package is a no-op, as in plain R, and the
     * package works afterwards. */
    {"library(stats)",
     "library(stats); library(methods)\n"
     "cat(median(c(5, 1, 3)), existsMethod('show', "
     "'ANY'), '\\n')",
     "3 TRUE \n"},
};

static void test_r_first_use(void **state)
{
	(void)state;
	test_require_runtime(SECURER_RUNTIME_R);
	for (size_t i = 0; i < sizeof(r_first) / sizeof(r_first[0]); i++) {
		struct test_session ts;
		securer_result *r;

		test_session_open(&ts, SECURER_RUNTIME_R, NULL, NULL, true);
		r = test_session_run(&ts, r_first[i].code, NULL);
		if (securer_result_error(r) != SECURER_ERROR_NONE)
			fail_msg("%s: %s", r_first[i].what,
			         securer_result_message(r));
		{
			size_t n = 0;
			const char *out = securer_result_stdout(r, &n, NULL);

			if (n != strlen(r_first[i].out) ||
			    memcmp(out, r_first[i].out, n) != 0)
				fail_msg("%s: stdout %.*s, expected %s",
				         r_first[i].what, (int)n, out,
				         r_first[i].out);
		}
		securer_result_free(r);
		test_session_close(&ts);
	}
}

/* A value goes out as JSON before any package is loaded: the runtime
 * needs neither jsonlite nor the default packages for plain values. */
static void test_r_value_before_packages(void **state)
{
	struct test_session ts;
	securer_result *r;

	(void)state;
	test_session_open(&ts, SECURER_RUNTIME_R, NULL, NULL, true);
	r = test_session_run(&ts,
	                     "x <- list(a = 1L, b = c('x', NA), c = TRUE)\n"
	                     "cat(any(c('jsonlite', 'methods', 'stats', "
	                     "'utils') %in% loadedNamespaces()), '\\n'); x",
	                     NULL);
	test_expect_kind(r, SECURER_ERROR_NONE);
	assert_string_equal(securer_result_value(r),
	                    "{\"a\":1,\"b\":[\"x\",null],\"c\":true}");
	test_expect_stdout(r, "FALSE \n");
	securer_result_free(r);
	test_session_close(&ts);
}

static void test_python_site(void **state)
{
	struct test_session ts;

	(void)state;
	test_session_open(&ts, SECURER_RUNTIME_PYTHON, NULL, NULL, true);
	test_session_expect(
	    &ts,
	    "import os, sys, site, importlib.util\n"
	    "dirs = site.getsitepackages()\n"
	    "print(all(d in sys.path for d in dirs), callable(exit), "
	    "callable(help))\n"
	    /* -c must not put the working directory (the workspace, where
	     * the code can plant a json.py) on the path */
	    "print('' in sys.path, os.getcwd() in sys.path)\n"
	    "found = [f for d in dirs if os.path.isdir(d) for f in "
	    "sorted(os.listdir(d))\n"
	    "         if f.isidentifier() and "
	    "os.path.isfile(os.path.join(d, f, '__init__.py'))][:5]\n"
	    "print(all(importlib.util.find_spec(f) is not None for f in "
	    "found))",
	    "True True True\nFalse False\nTrue\n");
	test_session_close(&ts);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_r_first_use),
	    cmocka_unit_test(test_r_value_before_packages),
	    cmocka_unit_test(test_python_site),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
