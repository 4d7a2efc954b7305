/*
 * test_conform_corpus.c - loading the attack corpus: --attacks and
 * --category each take a comma list of globs, and together they narrow;
 * its files are read whole or refused.
 * Runs over the real corpus: tests run from the top of the source tree.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corpus.h"
#include "textfile.h"
#include "common.h"

static size_t load(const char *ids, const char *category, struct attack **list)
{
	char err[512] = "", build[4096];
	size_t n = 0;

	test_build_path("", build, sizeof(build));
	if (corpus_load("attacks", build, ids, category, list, &n, err,
	                sizeof(err)) < 0)
		fail_msg("corpus_load: %s", err);
	return n;
}

static size_t count_category(const struct attack *a, size_t n, const char *cat)
{
	size_t k = 0;

	for (size_t i = 0; i < n; i++)
		k += strcmp(a[i].category, cat) == 0;
	return k;
}

static void test_category_list(void **state)
{
	struct attack *all, *some;
	size_t n_all, n_some, dos, ipc;

	(void)state;
	n_all = load(NULL, NULL, &all);
	dos = count_category(all, n_all, "dos");
	ipc = count_category(all, n_all, "ipc");
	assert_true(dos > 0 && ipc > 0);
	n_some = load(NULL, "dos,ipc", &some);
	assert_int_equal(n_some, dos + ipc);
	assert_int_equal(count_category(some, n_some, "dos"), dos);
	free(some);
	/* a glob in the list */
	n_some = load(NULL, "i*,dos", &some);
	assert_int_equal(n_some, dos + ipc);
	free(some);
	/* nothing matches: an empty corpus, not an error */
	assert_int_equal(load(NULL, "no-such-category", &some), 0);
	free(some);
	free(all);
}

static void test_ids_and_category_narrow(void **state)
{
	struct attack *a;
	size_t n;

	(void)state;
	n = load("memory-bomb,ssh-*", "dos", &a);
	assert_int_equal(n, 1);
	assert_string_equal(a[0].id, "memory-bomb");
	free(a);
	n = load("memory-bomb,ssh-*", NULL, &a);
	assert_true(n >= 2);
	for (size_t i = 0; i < n; i++)
		assert_true(strcmp(a[i].id, "memory-bomb") == 0 ||
		            strncmp(a[i].id, "ssh-", 4) == 0);
	free(a);
}

/* The corpus, expectations and backends are read whole or not at all. */
static void test_text_file(void **state)
{
	char *dir = test_mkdtemp(), path[4096], *text;

	(void)state;
	snprintf(path, sizeof(path), "%s/t.json", dir);
	test_write_file(path, "{\"id\": \"x\"}\n"); /* 12 bytes */
	text = text_file(path, 12);
	assert_non_null(text);
	assert_string_equal(text, "{\"id\": \"x\"}\n");
	free(text);
	errno = 0;
	assert_null(text_file(path, 11)); /* never a shorter text */
	assert_int_equal(errno, EFBIG);
	snprintf(path, sizeof(path), "%s/missing.json", dir);
	assert_null(text_file(path, 100));
	assert_int_equal(errno, ENOENT);
	test_rmtree(dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_category_list),
	    cmocka_unit_test(test_ids_and_category_narrow),
	    cmocka_unit_test(test_text_file),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
