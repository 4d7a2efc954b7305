/*
 * test_bwrap.c - the bwrap backend: the options it gives bwrap, and that it
 * fails closed when bwrap is missing, refuses, or is not bwrap at all.
 * What the sandbox looks like from inside is test_bwrap_confine.c.
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bwrap.h"
#include "internal.h"
#include "support.h"

/* execve-style vectors are char *const[]; the library never writes them. */
#define ENV(s) ((char *)(s))

/* ---- helpers ----------------------------------------------------------- */

static void options(const securer_policy *p, char *const *caller_env,
                    struct securer__strv *out)
{
	char err[SECURER__ERR_SIZE] = "";

	securer__strv_init(out);
	if (securer__bwrap_options(p, caller_env, out, err) != 0)
		fail_msg("securer__bwrap_options: %s", err);
	assert_true(out->n > 0);
}

/* Index of the first run of the NULL-terminated words in |sv|, or -1. */
static long find_seq(const struct securer__strv *sv, ...)
{
	const char *words[8];
	size_t n = 0;
	va_list ap;

	va_start(ap, sv);
	while (n < 8 && (words[n] = va_arg(ap, const char *)))
		n++;
	va_end(ap);
	for (size_t i = 0; i + n <= sv->n; i++) {
		size_t k = 0;

		while (k < n && strcmp(sv->v[i + k], words[k]) == 0)
			k++;
		if (k == n)
			return (long)i;
	}
	return -1;
}

#define assert_seq(sv, ...)                                                    \
	do {                                                                   \
		if (find_seq(sv, __VA_ARGS__, (const char *)NULL) < 0)         \
			fail_msg("bwrap options lack: %s", #__VA_ARGS__);      \
	} while (0)

/* Whether any option word contains |s|. */
static bool mentions(const struct securer__strv *sv, const char *s)
{
	for (size_t i = 0; i < sv->n; i++)
		if (strstr(sv->v[i], s))
			return true;
	return false;
}

/* The names given to --setenv, space-separated and sorted as given. */
static void setenv_names(const struct securer__strv *sv, char *buf, size_t size)
{
	buf[0] = '\0';
	for (size_t i = 0; i + 2 < sv->n; i++)
		if (strcmp(sv->v[i], "--setenv") == 0) {
			strncat(buf, sv->v[i + 1], size - strlen(buf) - 1);
			strncat(buf, " ", size - strlen(buf) - 1);
		}
}

/* ---- the options ------------------------------------------------------- */

static void test_options_default(void **state)
{
	static const char *const links[] = {"/bin", "/sbin", "/lib", "/lib64"};
	securer_policy *p = securer_policy_new();
	struct securer__strv o;
	long clear, setenv;
	int n_links = 0;

	(void)state;
	assert_non_null(p);
	options(p, NULL, &o);
	assert_seq(&o, "--unshare-all");
	assert_seq(&o, "--unshare-user");
	assert_seq(&o, "--disable-userns");
	assert_seq(&o, "--die-with-parent");
	assert_seq(&o, "--new-session");
	assert_seq(&o, "--cap-drop", "ALL");
	assert_seq(&o, "--clearenv");
	assert_seq(&o, "--proc", "/proc");
	assert_seq(&o, "--dev", "/dev");
	assert_seq(&o, "--size", "67108864", "--tmpfs", "/tmp");
	assert_seq(&o, "--remount-ro", "/");
	assert_seq(&o, "--ro-bind", "/usr", "/usr");
	assert_true(find_seq(&o, "--seccomp", (char *)NULL) >= 0);
	assert_int_equal(find_seq(&o, "--share-net", (char *)NULL), -1);
	/* The environment is cleared before anything is set. */
	clear = find_seq(&o, "--clearenv", (char *)NULL);
	setenv = find_seq(&o, "--setenv", (char *)NULL);
	assert_true(setenv > clear);

	/* Merged /usr: each root link is recreated as on the host. */
	for (size_t i = 0; i < sizeof(links) / sizeof(links[0]); i++) {
		char target[256];
		ssize_t n = readlink(links[i], target, sizeof(target) - 1);

		if (n <= 0)
			continue;
		target[n] = '\0';
		assert_seq(&o, "--symlink", target, links[i]);
		n_links++;
	}
	if (n_links == 0)
		test_print_skip("no merged /usr here: the --symlink check did "
		                "not run");
	securer__strv_release(&o);

	/* A different size reaches the tmpfs. */
	assert_int_equal(
	    securer_policy_set_limit(p, SECURER_LIMIT_TMPFS, 1048576), 0);
	options(p, NULL, &o);
	assert_seq(&o, "--size", "1048576", "--tmpfs", "/tmp");
	securer__strv_release(&o);
	securer_policy_free(p);
}

static void test_options_network(void **state)
{
	securer_policy *p = securer_policy_new();
	struct securer__strv o;

	(void)state;
	assert_non_null(p);
	assert_int_equal(securer_policy_set_network(p, SECURER_NET_LOOPBACK),
	                 0);
	options(p, NULL, &o);
	assert_int_equal(find_seq(&o, "--share-net", (char *)NULL), -1);
	assert_seq(&o, "--unshare-all");
	securer__strv_release(&o);
	assert_int_equal(securer_policy_set_network(p, SECURER_NET_HOST), 0);
	options(p, NULL, &o);
	assert_seq(&o, "--share-net");
	securer__strv_release(&o);
	securer_policy_free(p);
}

/* Nothing of the host's home or /tmp is mounted unless the policy says. */
static void test_options_no_host_paths(void **state)
{
	static const char *const binds[] = {
	    "--bind",     "--ro-bind", "--bind-try",  "--ro-bind-try",
	    "--dev-bind", "--bind-fd", "--ro-bind-fd"};
	const char *home = getenv("HOME");
	char *dir = test_mkdtemp();
	securer_policy *p = securer_policy_new();
	struct securer__strv o;

	(void)state;
	assert_non_null(p);
	options(p, NULL, &o);
	if (home && strlen(home) > 1)
		assert_false(mentions(&o, home));
	assert_false(mentions(&o, "/root"));
	assert_false(mentions(&o, dir));
	for (size_t i = 0; i + 1 < o.n; i++)
		for (size_t k = 0; k < sizeof(binds) / sizeof(binds[0]); k++) {
			const char *src = o.v[i + 1];

			if (strcmp(o.v[i], binds[k]) != 0)
				continue;
			/* the policy's binds are mounted from descriptors:
			 * the default policy has none */
			if (strstr(binds[k], "-fd"))
				fail_msg("%s %s: a bind the policy does not "
				         "have",
				         o.v[i], src);
			if (strcmp(src, "/tmp") == 0 ||
			    strncmp(src, "/tmp/", 5) == 0 ||
			    strcmp(src, "/") == 0 ||
			    strncmp(src, "/home", 5) == 0)
				fail_msg("%s %s: a host path the policy does "
				         "not bind",
				         o.v[i], src);
		}
	securer__strv_release(&o);

	/* Control: the same check sees the binds once the policy has them,
	 * as --ro-bind-fd FD DST and --bind-fd FD DST (the descriptors are
	 * opened when the sandbox starts: test_binds_swap). */
	assert_int_equal(securer_policy_add_ro_bind(p, dir, NULL), 0);
	assert_int_equal(securer_policy_add_rw_bind(p, dir, "/data"), 0);
	options(p, NULL, &o);
	assert_true(mentions(&o, dir));
	{
		long ro = find_seq(&o, "--ro-bind-fd", (const char *)NULL);
		long rw = find_seq(&o, "--bind-fd", (const char *)NULL);

		assert_true(ro >= 0 && rw >= 0);
		assert_string_equal(o.v[ro + 2], dir);
		assert_string_equal(o.v[rw + 2], "/data");
		assert_true(atoi(o.v[ro + 1]) >= SECURER__FD_BASE);
		assert_true(atoi(o.v[rw + 1]) > atoi(o.v[ro + 1]));
	}
	securer__strv_release(&o);
	securer_policy_free(p);
	test_rmtree(dir);
	free(dir);
}

static void test_options_env(void **state)
{
	char *const caller[] = {ENV("SECRET=x"), ENV("PATH=/caller"), NULL};
	securer_policy *p = securer_policy_new();
	struct securer__strv o;
	char names[512];

	(void)state;
	assert_non_null(p);
	options(p, caller, &o);
	setenv_names(&o, names, sizeof(names));
	assert_string_equal(names, "PATH HOME TMPDIR LANG TZ ");
	assert_false(mentions(&o, "SECRET"));
	assert_false(mentions(&o, "/caller"));
	securer__strv_release(&o);

	/* Control: once env.pass matches, the same check sees it. */
	assert_int_equal(securer_policy_pass_env(p, "SEC*"), 0);
	options(p, caller, &o);
	assert_seq(&o, "--setenv", "SECRET", "x");
	assert_false(mentions(&o, "/caller"));
	securer__strv_release(&o);
	securer_policy_free(p);
}

/* ---- fail closed ------------------------------------------------------- */

struct fixture {
	char *dir;        /* temp dir, bound writable at the same path */
	char marker[600]; /* what the command would create */
	securer_policy *policy;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	f->dir = test_mkdtemp();
	snprintf(f->marker, sizeof(f->marker), "%s/marker", f->dir);
	f->policy = securer_policy_new();
	assert_non_null(f->policy);
	assert_int_equal(securer_policy_add_rw_bind(f->policy, f->dir, NULL),
	                 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	unsetenv("SECURER_BWRAP");
	securer_policy_free(f->policy);
	test_rmtree(f->dir);
	free(f->dir);
	free(f);
	return 0;
}

static bool exists(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0;
}

/* Runs `touch marker` under |b|; returns start's result. */
static int touch_marker(struct fixture *f, securer_backend b,
                        struct test_run *r)
{
	const char *argv[] = {"touch", f->marker, NULL};

	test_run_sandbox(r, b, f->policy, argv, NULL, NULL, 0);
	return r->start_rc;
}

/* A script at dir/NAME standing in for bwrap. */
static void fake_bwrap(struct fixture *f, const char *name, const char *body)
{
	char path[700];

	snprintf(path, sizeof(path), "%s/%s", f->dir, name);
	test_write_file(path, body);
	assert_int_equal(chmod(path, 0755), 0);
	assert_int_equal(setenv("SECURER_BWRAP", path, 1), 0);
}

/* Control: with the real bwrap the command does create the marker, so its
 * absence below is the failure's doing. */
static void test_marker_control(void **state)
{
	struct fixture *f = *state;
	char why[SECURER__ERR_SIZE];
	struct test_run *r;

	require(test_bwrap_works(why, sizeof(why)), "bwrap: %s", why);
	r = calloc(1, sizeof(*r));
	assert_non_null(r);
	assert_int_equal(touch_marker(f, SECURER_BACKEND_BWRAP, r), 0);
	assert_int_equal(r->wait_rc, 0);
	assert_true(exists(f->marker));
	free(r);
}

static void test_missing_bwrap(void **state)
{
	struct fixture *f = *state;
	struct test_run *r = calloc(1, sizeof(*r));
	char reason[SECURER__ERR_SIZE];

	assert_non_null(r);
	assert_int_equal(setenv("SECURER_BWRAP", "/nonexistent/bwrap", 1), 0);
	assert_int_equal(touch_marker(f, SECURER_BACKEND_BWRAP, r), -ENOENT);
	assert_non_null(strstr(r->msg, "SECURER_BWRAP"));
	assert_false(exists(f->marker));
	/* auto never falls back to none: it tries landlock, which (where it
	 * works) confines touch to what the policy binds, here nothing. */
	{
		const char *argv[] = {"touch", f->marker, NULL};
		securer_policy *unbound = securer_policy_new();

		assert_non_null(unbound);
		test_run_sandbox(r, SECURER_BACKEND_AUTO, unbound, argv, NULL,
		                 NULL, 0);
		securer_policy_free(unbound);
	}
	assert_false(exists(f->marker));
	assert_int_equal(securer_backend_probe(SECURER_BACKEND_BWRAP, NULL,
	                                       reason, sizeof(reason)),
	                 -ENOENT);
	assert_non_null(strstr(reason, "SECURER_BWRAP"));
	free(r);
}

static void test_bwrap_refuses(void **state)
{
	struct fixture *f = *state;
	struct test_run *r = calloc(1, sizeof(*r));

	assert_non_null(r);
	fake_bwrap(f, "refusing-bwrap",
	           "#!/bin/sh\n"
	           "echo 'bwrap: No permissions to create new namespace' >&2\n"
	           "exit 1\n");
	assert_int_equal(touch_marker(f, SECURER_BACKEND_BWRAP, r), -EPERM);
	assert_non_null(
	    strstr(r->msg, "No permissions to create new namespace"));
	assert_false(exists(f->marker));
	free(r);
}

/* A "bwrap" that confines nothing and runs what follows "--" on the host:
 * securer-init is not at /.securer-init there, so nothing starts. */
static void test_bwrap_unconfined(void **state)
{
	struct fixture *f = *state;
	struct test_run *r = calloc(1, sizeof(*r));

	assert_non_null(r);
	fake_bwrap(f, "unconfined-bwrap",
	           "#!/bin/sh\n"
	           "while [ $# -gt 0 ] && [ \"$1\" != -- ]; do shift; done\n"
	           "shift\n"
	           "exec \"$@\"\n");
	assert_true(touch_marker(f, SECURER_BACKEND_BWRAP, r) < 0);
	assert_false(exists(f->marker));
	free(r);
}

/* A process's first filter reaches bwrap through a pipe written after
 * bwrap starts (backend_bwrap.c), so a caller that fails before writing
 * leaves it empty.  bwrap must then refuse to start, and nothing of the
 * command runs: what this checks is the installed bwrap's side of that,
 * with its filter descriptor emptied.  The control is the same wrapper
 * passing the descriptor on. */
static void test_empty_filter_refused(void **state)
{
	struct fixture *f = *state;
	struct test_run *r = calloc(1, sizeof(*r));
	char real[4096], err[SECURER__ERR_SIZE], body[5000];

	assert_non_null(r);
	require(test_bwrap_works(err, sizeof(err)), "bwrap: %s", err);
	assert_int_equal(securer__bwrap_find(real, sizeof(real), err), 0);
	snprintf(body, sizeof(body), "#!/bin/bash\nexec %s \"$@\"\n", real);
	fake_bwrap(f, "passing-bwrap", body);
	assert_int_equal(touch_marker(f, SECURER_BACKEND_BWRAP, r), 0);
	assert_int_equal(r->wait_rc, 0);
	assert_true(exists(f->marker));
	assert_int_equal(unlink(f->marker), 0);

	snprintf(body, sizeof(body),
	         "#!/bin/bash\nexec %s \"$@\" %d</dev/null\n", real,
	         FD_SECCOMP);
	fake_bwrap(f, "emptied-bwrap", body);
	assert_true(touch_marker(f, SECURER_BACKEND_BWRAP, r) < 0);
	assert_false(exists(f->marker));
	if (!strstr(r->msg, "seccomp") && !strstr(r->msg, "SECCOMP"))
		fail_msg("not refused for its filter: %s", r->msg);
	free(r);
}

/* The default policy's filter goes to bwrap in one atomic pipe write,
 * for every network mode: it must fit in PIPE_BUF, or every start would
 * fail. */
static void test_default_filter_fits_pipe(void **state)
{
	static const securer_net nets[] = {
	    SECURER_NET_NONE, SECURER_NET_LOOPBACK, SECURER_NET_HOST};
	char err[SECURER__ERR_SIZE] = "";

	(void)state;
	for (size_t i = 0; i < sizeof(nets) / sizeof(nets[0]); i++) {
		securer_policy *p = securer_policy_new();
		void *bpf = NULL;
		size_t len = 0;

		assert_non_null(p);
		assert_int_equal(securer_policy_set_network(p, nets[i]), 0);
		if (securer__seccomp_filter(p, false, &bpf, &len, err) != 0)
			fail_msg("seccomp filter: %s", err);
		assert_true(len > 0 && len <= PIPE_BUF);
		free(bpf);
		securer_policy_free(p);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_options_default),
	    cmocka_unit_test(test_options_network),
	    cmocka_unit_test(test_options_no_host_paths),
	    cmocka_unit_test(test_options_env),
	    cmocka_unit_test_setup_teardown(test_marker_control, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_missing_bwrap, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_bwrap_refuses, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_bwrap_unconfined, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_empty_filter_refused, setup,
	                                    teardown),
	    cmocka_unit_test(test_default_filter_fits_pipe),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
