/*
 * test_session_backend.c - securer_session_backend says which backend
 * confines a session: the one asked for before the start, the one AUTO
 * picked after it (bwrap here, never auto), none when none was asked for.
 */
#include "support.h"

static void auto_resolves_at_start(void **state)
{
	securer_session_opts o;
	securer_session *s;
	char why[512];

	(void)state;
	require(test_bwrap_works(why, sizeof(why)), "bwrap: %s", why);
	securer_session_opts_init(&o);
	s = securer_session_new(NULL, SECURER_RUNTIME_SH, NULL, &o);
	assert_non_null(s);
	assert_int_equal(securer_session_backend(s), SECURER_BACKEND_AUTO);
	assert_int_equal(securer_session_start(s), 0);
	assert_int_equal(securer_session_backend(s), SECURER_BACKEND_BWRAP);
	securer_session_free(s);
}

static void none_is_none(void **state)
{
	securer_session_opts o;
	securer_session *s;

	(void)state;
	securer_session_opts_init(&o);
	o.backend = SECURER_BACKEND_NONE;
	s = securer_session_new(NULL, SECURER_RUNTIME_SH, NULL, &o);
	assert_non_null(s);
	assert_int_equal(securer_session_start(s), 0);
	assert_int_equal(securer_session_backend(s), SECURER_BACKEND_NONE);
	securer_session_free(s);
	assert_int_equal(securer_session_backend(NULL), SECURER_BACKEND_AUTO);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(auto_resolves_at_start),
	    cmocka_unit_test(none_is_none),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
