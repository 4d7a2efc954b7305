/*
 * test_landlock_policy.c - what the landlock backend refuses, and how it
 * expresses what it accepts: keys it cannot honour are refused by name and
 * nothing runs; the kernel's ABI is checked feature by feature; a git
 * working copy's .git stays read-only inside a writable bind; auto picks
 * landlock when bwrap cannot work, and never none.
 *
 * Each refusal is checked by its effect: the command would create a marker
 * in a writable bind, and the marker never appears.  A control run with the
 * plain policy shows that it does appear when the command runs.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"
#include "landlock.h"
#include "support.h"

static const securer_backend landlock = SECURER_BACKEND_LANDLOCK;

struct fixture {
	char *dir;        /* bound read-write at its own path */
	char marker[600]; /* what the command creates in it */
	struct test_run r;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	if (!f)
		return -1;
	f->dir = test_mkdtemp();
	snprintf(f->marker, sizeof(f->marker), "%s/marker", f->dir);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	test_rmtree(f->dir);
	free(f->dir);
	free(f);
	return 0;
}

/* A policy binding f->dir read-write at its own path. */
static securer_policy *base_policy(const struct fixture *f)
{
	securer_policy *p = securer_policy_new();

	assert_non_null(p);
	assert_int_equal(securer_policy_add_rw_bind(p, f->dir, NULL), 0);
	return p;
}

/* Starts `touch marker` under |p|: it must be refused with |rc| and a
 * message holding |key|, and the marker must never appear. */
static void expect_refused(struct fixture *f, securer_policy *p, int rc,
                           const char *key, const char *also)
{
	const char *argv[] = {"touch", f->marker, NULL};
	int got = test_run_sandbox(&f->r, landlock, p, argv, NULL, NULL, 0);

	if (got != rc || !strstr(f->r.msg, key) ||
	    (also && !strstr(f->r.msg, also)))
		fail_msg("want %d naming '%s', got %d: %s", rc, key, got,
		         f->r.msg);
	assert_int_equal(f->r.start_rc, rc);
	assert_int_equal(access(f->marker, F_OK), -1);
	securer_policy_free(p);
}

static void test_refusals(void **state)
{
	struct fixture *f = *state;
	const char *argv[] = {"touch", f->marker, NULL};
	char sub[700], git[720], link_dir[700];
	securer_policy *p;

	test_require_backend(landlock);
	/* Control: the plain policy runs the command. */
	p = base_policy(f);
	assert_int_equal(
	    test_run_sandbox(&f->r, landlock, p, argv, NULL, NULL, 0), 0);
	assert_int_equal(f->r.st.exit_code, 0);
	assert_int_equal(access(f->marker, F_OK), 0);
	assert_int_equal(unlink(f->marker), 0);
	securer_policy_free(p);

	p = base_policy(f);
	assert_int_equal(securer_policy_add_ro_bind(p, "/etc", "/data"), 0);
	expect_refused(f, p, -EINVAL, "files.ro", "'/data'");

	snprintf(sub, sizeof(sub), "%s/sub", f->dir);
	assert_int_equal(mkdir(sub, 0700), 0);
	p = base_policy(f);
	assert_int_equal(securer_policy_add_rw_bind(p, sub, "/work"), 0);
	expect_refused(f, p, -EINVAL, "files.rw", "own path");

	p = base_policy(f);
	assert_int_equal(securer_policy_set_network(p, SECURER_NET_LOOPBACK),
	                 0);
	expect_refused(f, p, -EINVAL, "network", "loopback");

	/* A read-only bind inside a writable one would be writable. */
	p = base_policy(f);
	assert_int_equal(securer_policy_add_ro_bind(p, sub, NULL), 0);
	expect_refused(f, p, -EINVAL, "files.ro", "inside the writable");

	/* A working copy's .git inside another writable bind, likewise. */
	snprintf(git, sizeof(git), "%s/.git", sub);
	assert_int_equal(mkdir(git, 0700), 0);
	p = base_policy(f);
	assert_int_equal(securer_policy_add_rw_bind(p, sub, NULL), 0);
	expect_refused(f, p, -EINVAL, "files.protect_git", git);
	/* ...which is fine when nothing is to be protected. */
	p = base_policy(f);
	assert_int_equal(securer_policy_add_rw_bind(p, sub, NULL), 0);
	assert_int_equal(securer_policy_set_protect_git(p, 0), 0);
	assert_int_equal(
	    test_run_sandbox(&f->r, landlock, p, argv, NULL, NULL, 0), 0);
	assert_int_equal(unlink(f->marker), 0);
	securer_policy_free(p);

	/* A .git that is a symlink: what to protect is a guess. */
	assert_int_equal(rmdir(git), 0);
	snprintf(link_dir, sizeof(link_dir), "%s/.git", f->dir);
	assert_int_equal(symlink(sub, link_dir), 0);
	p = base_policy(f);
	expect_refused(f, p, -EPERM, "files.protect_git", "symlink");
}

/* The ABI table: each required feature refuses, naming it, below its
 * ABI; the public minimum is the largest of them. */
static void test_abi(void **state)
{
	const struct securer__landlock_feature *feat;
	securer_policy *p = securer_policy_new();
	char err[SECURER__ERR_SIZE];
	int highest = 0;
	size_t n;

	(void)state;
	assert_non_null(p);
	feat = securer__landlock_features(&n);
	for (size_t i = 0; i < n; i++) {
		if (!feat[i].required)
			continue;
		if (feat[i].abi > highest)
			highest = feat[i].abi;
		if (feat[i].abi > 1) {
			char want[160];

			err[0] = '\0';
			assert_int_equal(
			    securer__landlock_check(p, feat[i].abi - 1, err),
			    -EPERM);
			snprintf(want, sizeof(want), "needs ABI %d",
			         feat[i].abi);
			assert_non_null(strstr(err, want));
		}
	}
	assert_int_equal(highest, SECURER_LANDLOCK_MIN_ABI);
	err[0] = '\0';
	assert_int_equal(securer__landlock_check(p, 5, err), -EPERM);
	assert_non_null(strstr(err, "signal scoping"));
	assert_int_equal(
	    securer__landlock_check(p, SECURER_LANDLOCK_MIN_ABI, err), 0);
	securer_policy_free(p);
}

/* files.protect_git without mounts: everything existing stays editable,
 * .git stays read-only whatever the code tries. */
static void test_protect_git(void **state)
{
	struct fixture *f = *state;
	const char *script =
	    "cd \"$1\" && echo edited >> top.txt && echo new > src/new.txt;"
	    "mkdir .git/hooks/x 2>/dev/null; echo x > .git/hooks/pre-commit;"
	    "echo '[core]' >> .git/config; mv .git moved; rm -rf .git;"
	    "ln src/x.txt .git/linked; echo n > new-top.txt; exit 0";
	const char *argv[] = {"sh", "-c", script, "sh", NULL, NULL};
	char path[700];
	securer_policy *p;
	char *text;

	test_require_backend(landlock);
	snprintf(path, sizeof(path), "%s/.git", f->dir);
	assert_int_equal(mkdir(path, 0700), 0);
	snprintf(path, sizeof(path), "%s/.git/hooks", f->dir);
	assert_int_equal(mkdir(path, 0700), 0);
	snprintf(path, sizeof(path), "%s/.git/config", f->dir);
	test_write_file(path, "orig\n");
	snprintf(path, sizeof(path), "%s/src", f->dir);
	assert_int_equal(mkdir(path, 0700), 0);
	snprintf(path, sizeof(path), "%s/src/x.txt", f->dir);
	test_write_file(path, "x\n");
	snprintf(path, sizeof(path), "%s/top.txt", f->dir);
	test_write_file(path, "top\n");
	argv[4] = f->dir;

	p = base_policy(f);
	assert_int_equal(
	    test_run_sandbox(&f->r, landlock, p, argv, NULL, NULL, 0), 0);
	/* What the working copy's owner expects to change did. */
	text = securer__read_file(path, 100);
	assert_string_equal(text, "top\nedited\n");
	free(text);
	snprintf(path, sizeof(path), "%s/src/new.txt", f->dir);
	assert_int_equal(access(path, F_OK), 0);
	/* .git did not change in any way. */
	snprintf(path, sizeof(path), "%s/.git/config", f->dir);
	text = securer__read_file(path, 100);
	assert_non_null(text);
	assert_string_equal(text, "orig\n");
	free(text);
	snprintf(path, sizeof(path), "%s/.git/hooks/pre-commit", f->dir);
	assert_int_equal(access(path, F_OK), -1);
	snprintf(path, sizeof(path), "%s/.git/linked", f->dir);
	assert_int_equal(access(path, F_OK), -1);
	snprintf(path, sizeof(path), "%s/moved", f->dir);
	assert_int_equal(access(path, F_OK), -1);
	/* The price (docs/backends.md): no new entry at the top. */
	snprintf(path, sizeof(path), "%s/new-top.txt", f->dir);
	assert_int_equal(access(path, F_OK), -1);
	securer_policy_free(p);

	/* Control: unprotected, the same script plants the hook. */
	p = base_policy(f);
	assert_int_equal(securer_policy_set_protect_git(p, 0), 0);
	assert_int_equal(
	    test_run_sandbox(&f->r, landlock, p, argv, NULL, NULL, 0), 0);
	snprintf(path, sizeof(path), "%s/moved/hooks/pre-commit", f->dir);
	assert_int_equal(access(path, F_OK), 0);
	securer_policy_free(p);
}

/* auto: bwrap broken -> landlock, confined; both broken -> refused with
 * both reasons, nothing ran.  Never none. */
static void test_auto(void **state)
{
	struct fixture *f = *state;
	char secret[700], script[1600];
	const char *argv[] = {"sh", "-c", script, NULL};
	securer_sandbox *sb;
	securer_policy *p;
	securer_status st;

	test_require_backend(landlock);
	snprintf(secret, sizeof(secret), "%s/secret", f->dir);
	test_write_file(secret, "auto-secret-token\n");
	snprintf(script, sizeof(script), "cat '%s'; touch '%s'", secret,
	         f->marker);
	assert_int_equal(setenv("SECURER_BWRAP", "/nonexistent/bwrap", 1), 0);

	p = securer_policy_new();
	assert_non_null(p);
	assert_int_equal(test_run_sandbox(&f->r, SECURER_BACKEND_AUTO, p, argv,
	                                  NULL, NULL, 0),
	                 0);
	assert_null(strstr(f->r.out, "auto-secret-token")); /* not none */
	assert_int_equal(access(f->marker, F_OK), -1);
	sb = securer_sandbox_new(p, SECURER_BACKEND_AUTO);
	assert_non_null(sb);
	assert_int_equal(securer_sandbox_start(sb, argv, NULL), 0);
	assert_int_equal(securer_sandbox_backend(sb), SECURER_BACKEND_LANDLOCK);
	assert_non_null(
	    strstr(securer_sandbox_auto_reason(sb), "SECURER_BWRAP"));
	assert_int_equal(securer_sandbox_wait(sb, -1, &st), 0);
	securer_sandbox_free(sb);

	/* Landlock refuses this policy too: nothing may run. */
	assert_int_equal(securer_policy_add_rw_bind(p, f->dir, "/work"), 0);
	assert_int_equal(test_run_sandbox(&f->r, SECURER_BACKEND_AUTO, p, argv,
	                                  NULL, NULL, 0),
	                 -EINVAL);
	assert_non_null(strstr(f->r.msg, "SECURER_BWRAP"));
	assert_non_null(strstr(f->r.msg, "files.rw"));
	assert_int_equal(access(f->marker, F_OK), -1);
	securer_policy_free(p);
	unsetenv("SECURER_BWRAP");

	/* Control: the same script under none shows the secret. */
	assert_int_equal(test_run_sandbox(&f->r, SECURER_BACKEND_NONE, NULL,
	                                  argv, NULL, NULL, 0),
	                 0);
	assert_non_null(strstr(f->r.out, "auto-secret-token"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_refusals, setup, teardown),
	    cmocka_unit_test(test_abi),
	    cmocka_unit_test_setup_teardown(test_protect_git, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_auto, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
