/*
 * test_system_set.c - the system set of /etc (system_set.c) stays an
 * allowlist of configuration: every entry has its reason, is under /etc,
 * and none is or holds a place where hosts keep secrets or their users
 * (the bwrap and landlock backends both expose exactly this list; the
 * attack disclosure/etc-secrets checks the effect from outside).
 */
#include <stdio.h>
#include <string.h>

#include "common.h"
#include "internal.h"

/* Secrets, and the host's own users: never in the set, nor any directory
 * above one of them. */
static const char *const forbidden[] = {
    "/etc/shadow",        "/etc/gshadow",         "/etc/ssh/ssh_host_rsa_key",
    "/etc/ssl/private/x", "/etc/sudoers",         "/etc/sudoers.d/x",
    "/etc/krb5.keytab",   "/etc/passwd",          "/etc/group",
    "/etc/hosts",         "/etc/machine-id",      "/etc/NetworkManager/x",
    "/etc/wireguard/x",   "/etc/docker/key.json",
};

/* Is |path| |entry| itself or beneath it? */
static bool covers(const char *entry, const char *path)
{
	size_t n = strlen(entry);

	return !strncmp(entry, path, n) && (path[n] == '\0' || path[n] == '/');
}

static void test_allowlist(void **state)
{
	(void)state;
	assert_true(securer__system_set_n >= 3);
	for (size_t i = 0; i < securer__system_set_n; i++) {
		const struct securer__system_path *e = &securer__system_set[i];

		assert_non_null(e->path);
		assert_non_null(e->why);
		assert_true(strlen(e->why) > 10);
		assert_true(!strncmp(e->path, "/etc/", 5));
		assert_null(strstr(e->path, ".."));
		assert_int_not_equal(e->path[strlen(e->path) - 1], '/');
		for (size_t f = 0; f < sizeof(forbidden) / sizeof(forbidden[0]);
		     f++)
			if (covers(e->path, forbidden[f]))
				fail_msg("the system set's %s exposes %s",
				         e->path, forbidden[f]);
		for (size_t j = 0; j < i; j++)
			assert_string_not_equal(e->path,
			                        securer__system_set[j].path);
	}
}

/* What the workloads need is there: matplotlib's rc file, the CA
 * certificates, fontconfig's configuration. */
static void test_what_runtimes_read(void **state)
{
	static const char *const needed[] = {
	    "/etc/ld.so.cache", "/etc/matplotlibrc",
	    "/etc/ssl/certs/ca-certificates.crt", "/etc/fonts/fonts.conf"};

	(void)state;
	for (size_t n = 0; n < sizeof(needed) / sizeof(needed[0]); n++) {
		bool found = false;

		for (size_t i = 0; i < securer__system_set_n && !found; i++)
			found = covers(securer__system_set[i].path, needed[n]);
		if (!found)
			fail_msg("%s is not in the system set", needed[n]);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_allowlist),
	    cmocka_unit_test(test_what_runtimes_read),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
