/*
 * test_system_set.c - the system set of /etc (system_set.c) stays an
 * allowlist of configuration: every entry has its reason, is under /etc,
 * and none is or holds a place where hosts keep secrets or their users
 * (the bwrap and landlock backends both expose exactly this list; the
 * attack disclosure/etc-secrets checks the effect from outside), and what
 * a bwrap sandbox shows of it is the host's, unwritable.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"
#include "support.h"

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

/* Runs argv under bwrap with the default policy; the run must end. */
static void sandbox(struct test_run *r, const char *const argv[])
{
	int rc;

	memset(r, 0, sizeof(*r));
	rc = test_run_sandbox(r, SECURER_BACKEND_BWRAP, NULL, argv, NULL, NULL,
	                      0);
	if (rc != 0)
		fail_msg("%s under bwrap: %d %s", argv[0], rc, r->msg);
}

/* The system set shows the host's bytes (its files are copies, its
 * directories binds, a link into /usr the same link), and none of it can
 * be written: the host's files stay as they were. */
static void test_system_set_as_host(void **state)
{
	char script[4096] = "", cmd[4200], host[8192] = "", *after;
	const char *argv[] = {"sh", "-c", script, NULL};
	const char *write_argv[] = {"sh", "-c", cmd, NULL};
	struct test_run *r;
	size_t used = 0;
	FILE *f;

	(void)state;
	test_require_backend(SECURER_BACKEND_BWRAP);
	r = calloc(1, sizeof(*r));
	assert_non_null(r);
	for (size_t i = 0; i < securer__system_set_n; i++) {
		const char *path = securer__system_set[i].path;
		struct stat st;

		if (stat(path, &st) < 0 || !S_ISREG(st.st_mode))
			continue;
		used += (size_t)snprintf(script + used, sizeof(script) - used,
		                         "cksum %s; ", path);
		assert_true(used < sizeof(script));
	}
	assert_true(used > 0);
	snprintf(cmd, sizeof(cmd), "%s", script);
	f = popen(cmd, "r");
	assert_non_null(f);
	assert_true(fread(host, 1, sizeof(host) - 1, f) > 0);
	pclose(f);
	sandbox(r, argv);
	assert_true(r->st.exited && r->st.exit_code == 0);
	assert_string_equal(r->out, host);
	sandbox(r, (const char *[]){"sh", "-c",
	                            "readlink /etc/localtime; "
	                            "ls /etc/ssl/certs | head -1",
	                            NULL});
	{
		char link[256] = "";
		ssize_t n = readlink("/etc/localtime", link, sizeof(link) - 1);

		if (n > 0) {
			link[n] = '\0';
			assert_true(strncmp(r->out, link, (size_t)n) == 0);
		}
	}
	/* writing any of them fails, and the host's bytes do not change */
	snprintf(cmd, sizeof(cmd),
	         "for f in /etc/ld.so.cache /etc/timezone /etc/nsswitch.conf; "
	         "do echo x >> $f; rm -f $f; done 2>/dev/null; %s",
	         script);
	sandbox(r, write_argv);
	assert_string_equal(r->out, host); /* unchanged inside too */
	f = popen(script, "r");
	assert_non_null(f);
	after = calloc(1, sizeof(host));
	assert_non_null(after);
	assert_true(fread(after, 1, sizeof(host) - 1, f) > 0);
	pclose(f);
	assert_string_equal(after, host);
	free(after);
	free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_allowlist),
	    cmocka_unit_test(test_what_runtimes_read),
	    cmocka_unit_test(test_system_set_as_host),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
