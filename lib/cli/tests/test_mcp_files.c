/*
 * test_mcp_files.c - the workspace of `securer mcp`, attacked from the
 * sandbox: links the code planted (to a host file, out through "..", to a
 * directory outside), a directory swapped for such a link while the host
 * reads and writes through it, a fifo; paths that leave through ".." or an
 * absolute path.  The effects are looked at from outside: a token of a
 * host file never appears in anything the server writes, a host file is
 * unchanged, nothing is created outside.  Plus: sizes capped, images
 * returned as images, and a temp workspace removed at exit without
 * following the links left in it.
 */
#include <cjson/cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mcp_harness.h"
#include "common.h"

static struct mcp_srv srv;
static char *tmp;          /* private to this test */
static char ws[1024];      /* the workspace: tmp/ws */
static char out_dir[1024]; /* tmp/out: outside, with a secret file */
static char secret[1100];  /* tmp/out/secret */
static char token[64];     /* its content */

static int setup(void **state)
{
	(void)state;
	tmp = test_mkdtemp();
	snprintf(ws, sizeof(ws), "%s/ws", tmp);
	snprintf(out_dir, sizeof(out_dir), "%s/out", tmp);
	snprintf(secret, sizeof(secret), "%s/secret", out_dir);
	snprintf(token, sizeof(token), "TOKEN-%d-%ld", (int)getpid(),
	         (long)securer_monotonic_ms());
	if (mkdir(ws, 0755) < 0 || mkdir(out_dir, 0755) < 0)
		return -1;
	test_write_file(secret, token);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	mcp_srv_close(&srv, 10000);
	mcp_srv_free(&srv);
	test_rmtree(tmp);
	free(tmp);
	return 0;
}

static void start(void)
{
	mcp_srv_start(&srv, "--runtime", "sh,python", "--workspace", ws,
	              "--max-file", "64K", (char *)NULL);
	mcp_srv_init(&srv, "2025-11-25");
}

/* A call whose whole response must not carry the token. */
static cJSON *call_clean(int id, const char *tool, const char *args)
{
	cJSON *r = mcp_srv_call(&srv, id, tool, args);
	char *text = cJSON_PrintUnformatted(r);

	if (strstr(text, token))
		fail_msg("%s %s leaked the host file: %s", tool, args, text);
	free(text);
	return r;
}

static void sh(int id, const char *code)
{
	cJSON *args = cJSON_CreateObject(), *r;
	char *a;

	cJSON_AddStringToObject(args, "code", code);
	a = cJSON_PrintUnformatted(args);
	r = mcp_srv_call(&srv, id, "run_sh", a);
	if (mcp_is_error(r))
		fail_msg("%s: %s", code, mcp_text(r, 0));
	cJSON_Delete(r);
	cJSON_Delete(args);
	free(a);
}

static void expect_refused(int id, const char *tool, const char *args,
                           const char *why)
{
	cJSON *r = call_clean(id, tool, args);

	if (!mcp_is_error(r) || (why && !strstr(mcp_text(r, 0), why)))
		fail_msg("%s %s: expected an error (%s), got: %s", tool, args,
		         why ? why : "any", mcp_text(r, 0));
	cJSON_Delete(r);
}

static bool exists(const char *dir, const char *name)
{
	char p[2048];
	struct stat st;

	snprintf(p, sizeof(p), "%s/%s", dir, name);
	return lstat(p, &st) == 0;
}

static void test_planted_links(void **state)
{
	char code[8192], args[2048];
	struct stat before, after;

	(void)state;
	start();
	snprintf(code, sizeof(code),
	         "ln -s %s abs; ln -s ../out/secret rel; ln -s %s dirlink; "
	         "ln -s / root; mkdir d; echo inside > d/f; ln -s d/f inner; "
	         "mkfifo fifo; echo planted",
	         secret, out_dir);
	sh(1, code);
	assert_int_equal(stat(secret, &before), 0);

	expect_refused(2, "download_file", "{\"path\":\"abs\"}",
	               "symbolic link");
	expect_refused(3, "download_file", "{\"path\":\"rel\"}",
	               "symbolic link");
	expect_refused(4, "download_file", "{\"path\":\"dirlink/secret\"}",
	               "symbolic link");
	expect_refused(5, "download_file", "{\"path\":\"root/etc/passwd\"}",
	               "symbolic link");
	/* Even a link that stays inside: it could be swapped. */
	expect_refused(6, "download_file", "{\"path\":\"inner\"}",
	               "symbolic link");
	expect_refused(7, "download_file", "{\"path\":\"../out/secret\"}",
	               "leaves the workspace");
	expect_refused(8, "download_file", "{\"path\":\"d/../../out/secret\"}",
	               "leaves the workspace");
	snprintf(args, sizeof(args), "{\"path\":\"%s\"}", secret);
	expect_refused(9, "download_file", args, "leaves the workspace");
	expect_refused(10, "download_file", "{\"path\":\"/etc/passwd\"}",
	               "leaves the workspace");
	expect_refused(11, "list_files", "{\"path\":\"dirlink\"}",
	               "symbolic link");
	expect_refused(12, "list_files", "{\"path\":\"..\"}",
	               "leaves the workspace");
	/* A fifo is refused without being opened (that would block). */
	expect_refused(13, "download_file", "{\"path\":\"fifo\"}", "fifo");
	mcp_srv_ping(&srv, 14);

	/* Writing through the links: refused, or the link itself replaced;
	 * never a write outside. */
	expect_refused(15, "upload_file",
	               "{\"path\":\"dirlink/new\",\"content\":\"x\"}",
	               "symbolic link");
	expect_refused(16, "upload_file",
	               "{\"path\":\"../out/new\",\"content\":\"x\"}",
	               "leaves the workspace");
	expect_refused(17, "upload_file",
	               "{\"path\":\"root/tmp/new\",\"content\":\"x\"}",
	               "symbolic link");
	cJSON *r = call_clean(18, "upload_file",
	                      "{\"path\":\"abs\",\"content\":\"replaced\"}");
	assert_false(mcp_is_error(r));
	cJSON_Delete(r);
	assert_false(exists(out_dir, "new"));
	assert_int_equal(stat(secret, &after), 0);
	assert_int_equal(after.st_size, before.st_size);
	assert_int_equal(after.st_mtime, before.st_mtime);
	{
		char p[2048], buf[64] = "";
		FILE *f;

		snprintf(p, sizeof(p), "%s/abs", ws);
		f = fopen(p, "r");
		assert_non_null(f);
		assert_non_null(fgets(buf, sizeof(buf), f));
		fclose(f);
		assert_string_equal(buf, "replaced");
	}
	/* An absolute path inside the workspace is its relative path. */
	snprintf(args, sizeof(args), "{\"path\":\"%s/d/f\"}", ws);
	r = call_clean(19, "download_file", args);
	assert_false(mcp_is_error(r));
	assert_string_equal(mcp_text(r, 1), "inside\n");
	cJSON_Delete(r);
	/* Listing shows links as links, without following them. */
	r = call_clean(20, "list_files", "{\"recursive\":true}");
	assert_non_null(strstr(mcp_text(r, 0), "symlink   dirlink"));
	assert_null(strstr(mcp_text(r, 0), "dirlink/secret"));
	cJSON_Delete(r);
}

/* The code swaps directory "d" and a link to the outside directory as
 * fast as it can while the host downloads and uploads "d/...": the
 * kernel resolves each path in one step (openat2), so no interleaving
 * reaches outside. */
static void test_swap_race(void **state)
{
	char code[4096];
	int ok = 0, refused = 0;
	int64_t t0;

	(void)state;
	start();
	/* renameat2(RENAME_EXCHANGE) swaps the two names in one step, so
	 * "d" always exists, a directory one moment and a link the next. */
	snprintf(code, sizeof(code),
	         "import ctypes, os, threading, time\n"
	         "os.mkdir('d'); open('d/secret', 'w').write('inside')\n"
	         "os.symlink('%s', 'swap')\n"
	         "libc = ctypes.CDLL(None, use_errno=True)\n"
	         "def swap():\n"
	         "    end = time.time() + 40\n"
	         "    while time.time() < end:\n"
	         "        for _ in range(1000):\n"
	         "            libc.renameat2(-100, b'd', -100, b'swap', 2)\n"
	         "threading.Thread(target=swap, daemon=True).start()\n"
	         "libc.renameat2(-100, b'd', -100, b'swap', 2) == 0\n",
	         out_dir);
	{
		cJSON *args = cJSON_CreateObject(), *r;
		char *a;

		cJSON_AddStringToObject(args, "code", code);
		a = cJSON_PrintUnformatted(args);
		r = mcp_srv_call(&srv, 1, "run_python", a);
		assert_false(mcp_is_error(r));
		/* renameat2 worked (the value of the last expression) */
		assert_true(cJSON_IsTrue(cJSON_GetObjectItem(
		    cJSON_GetObjectItem(cJSON_GetObjectItem(r, "result"),
		                        "structuredContent"),
		    "value")));
		cJSON_Delete(r);
		cJSON_Delete(args);
		free(a);
	}
	t0 = securer_monotonic_ms();
	/* Until both states were met often (the swapper may wait for a CPU
	 * on a loaded machine), or 30 s. */
	for (int i = 0;
	     (ok < 100 || refused < 100) && securer_monotonic_ms() - t0 < 30000;
	     i++) {
		cJSON *r = call_clean(
		    100 + i, i % 2 ? "download_file" : "upload_file",
		    i % 2 ? "{\"path\":\"d/secret\"}"
		          : "{\"path\":\"d/planted\",\"content\":\"x\"}");

		if (mcp_is_error(r))
			refused++;
		else
			ok++;
		cJSON_Delete(r);
	}
	assert_false(exists(out_dir, "planted"));
	/* Both states were hit: the race was real. */
	assert_true(ok > 0);
	assert_true(refused > 0);
}

static void test_sizes_and_types(void **state)
{
	/* "\x89PNG\r\n\x1a\n" and 4 bytes */
	static const char png_b64[] = "iVBORw0KGgoAAQID";
	char *big = malloc(70 * 1024), args[128];
	cJSON *r, *b;

	(void)state;
	start();
	memset(big, 'a', 70 * 1024 - 1);
	big[70 * 1024 - 1] = '\0';
	{
		cJSON *a = cJSON_CreateObject();
		char *t;

		cJSON_AddStringToObject(a, "path", "big");
		cJSON_AddStringToObject(a, "content", big);
		t = cJSON_PrintUnformatted(a);
		expect_refused(1, "upload_file", t, "larger than the limit");
		free(t);
		cJSON_Delete(a);
	}
	assert_false(exists(ws, "big"));
	sh(2, "head -c 70000 /dev/zero > big; head -c 65536 /dev/zero > "
	      "fits");
	expect_refused(3, "download_file", "{\"path\":\"big\"}",
	               "larger than the limit");
	r = mcp_srv_call(&srv, 4, "download_file", "{\"path\":\"fits\"}");
	assert_false(mcp_is_error(r));
	cJSON_Delete(r);
	expect_refused(5, "upload_file",
	               "{\"path\":\"x\",\"content\":\"!!\",\"encoding\":"
	               "\"base64\"}",
	               "not base64");
	/* An image in, an image out, the same bytes; its type read from
	 * the bytes, not the name. */
	snprintf(args, sizeof(args),
	         "{\"path\":\"pics/a.dat\",\"content\":\"%s\",\"encoding\":"
	         "\"base64\"}",
	         png_b64);
	r = mcp_srv_call(&srv, 6, "upload_file", args);
	assert_false(mcp_is_error(r));
	cJSON_Delete(r);
	r = mcp_srv_call(&srv, 7, "download_file", "{\"path\":\"pics/a.dat\"}");
	b = cJSON_GetArrayItem(
	    cJSON_GetObjectItem(cJSON_GetObjectItem(r, "result"), "content"),
	    1);
	assert_string_equal(cJSON_GetObjectItem(b, "type")->valuestring,
	                    "image");
	assert_string_equal(cJSON_GetObjectItem(b, "mimeType")->valuestring,
	                    "image/png");
	assert_string_equal(cJSON_GetObjectItem(b, "data")->valuestring,
	                    png_b64);
	cJSON_Delete(r);
	/* Binary that is not an image: a base64 resource. */
	sh(8, "printf '\\377\\000\\001' > bin");
	r = mcp_srv_call(&srv, 9, "download_file", "{\"path\":\"bin\"}");
	b = cJSON_GetArrayItem(
	    cJSON_GetObjectItem(cJSON_GetObjectItem(r, "result"), "content"),
	    1);
	assert_string_equal(cJSON_GetObjectItem(b, "type")->valuestring,
	                    "resource");
	assert_string_equal(
	    cJSON_GetObjectItem(cJSON_GetObjectItem(b, "resource"), "blob")
	        ->valuestring,
	    "/wAB");
	cJSON_Delete(r);
	/* The code sees what was uploaded, in its working directory. */
	r = mcp_srv_call(
	    &srv, 10, "run_sh",
	    "{\"code\":\"od -An -tx1 pics/a.dat | tr -d ' \\\\n'\"}");
	assert_string_equal(mcp_text(r, 0), "89504e470d0a1a0a00010203\n");
	cJSON_Delete(r);
	free(big);
}

/* Without --workspace: a private temp dir, removed at exit, links in it
 * removed as links (what they point at stays), deep trees too. */
static void test_temp_workspace(void **state)
{
	char code[8192], path[4096];
	const cJSON *sc;
	struct stat st;
	cJSON *r;

	(void)state;
	mcp_srv_start(&srv, "--runtime", "sh", (char *)NULL);
	mcp_srv_init(&srv, "2025-11-25");
	snprintf(code, sizeof(code),
	         "{\"code\":\"pwd; ln -s %s out; ln -s %s secret; "
	         "mkdir -p $(printf 'x/%%.0s' $(seq 150)); "
	         "chmod 000 x/x; echo made\"}",
	         out_dir, secret);
	r = mcp_srv_call(&srv, 1, "run_sh", code);
	sc = cJSON_GetObjectItem(cJSON_GetObjectItem(r, "result"),
	                         "structuredContent");
	if (mcp_is_error(r))
		fail_msg("%s", mcp_text(r, 0));
	snprintf(path, sizeof(path), "%s",
	         cJSON_GetObjectItem(sc, "stdout")->valuestring);
	path[strcspn(path, "\n")] = '\0';
	cJSON_Delete(r);
	assert_non_null(strstr(path, "securer-mcp-"));
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
	assert_int_equal(mcp_srv_close(&srv, 20000), 0);
	assert_int_equal(lstat(path, &st), -1);
	assert_int_equal(errno, ENOENT);
	assert_int_equal(stat(secret, &st), 0);
	assert_int_equal(stat(out_dir, &st), 0);
}

/* .git is read-only to the file tools as it is to the code: no hook, no
 * config, no new repository planted from the host side either; a policy
 * with files.protect_git false lifts it. */
static void test_git(void **state)
{
	static const char *const paths[] = {
	    ".git/hooks/pre-commit", ".git/config",
	    "sub/.git/config",       "./.git/x",
	    "sub/../.git/y",         "new/.git",
	};
	char args[256], path[1100];
	cJSON *r;

	(void)state;
	snprintf(path, sizeof(path), "%s/.git", ws);
	assert_int_equal(mkdir(path, 0755), 0);
	start();
	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		snprintf(args, sizeof(args),
		         "{\"path\":\"%s\",\"content\":\"x\"}", paths[i]);
		expect_refused((int)i, "upload_file", args,
		               "files.protect_git");
	}
	assert_false(exists(ws, ".git/hooks"));
	assert_false(exists(ws, ".git/config"));
	assert_false(exists(ws, "sub"));
	assert_false(exists(ws, "new"));
	r = mcp_srv_call(&srv, 50, "upload_file",
	                 "{\"path\":\".gitignore\",\"content\":\"x\"}");
	assert_false(mcp_is_error(r));
	cJSON_Delete(r);
	mcp_srv_close(&srv, 10000);
	mcp_srv_free(&srv);

	snprintf(path, sizeof(path), "%s/policy.json", tmp);
	test_write_file(path, "{\"files\": {\"protect_git\": false}}");
	mcp_srv_start(&srv, "--runtime", "sh", "--workspace", ws, "--policy",
	              path, (char *)NULL);
	mcp_srv_init(&srv, "2025-11-25");
	r = mcp_srv_call(&srv, 1, "upload_file",
	                 "{\"path\":\".git/config\",\"content\":\"x\"}");
	assert_false(mcp_is_error(r));
	cJSON_Delete(r);
	assert_true(exists(ws, ".git/config"));
}

/* A .git pointer (git init --separate-git-dir=.repo): the git directory
 * it names is as read-only to the file tools as .git itself, however the
 * path is spelled; the working copy stays writable. */
static void test_git_pointer(void **state)
{
	static const char *const paths[] = {
	    ".repo/config",    ".repo/hooks/post-checkout",
	    "./.repo//config", "docs/../.repo/config",
	    ".repo/info/new",
	};
	char args[256], path[1100], cmd[1400], before[4096], after[4096];
	cJSON *r;
	FILE *fp;
	size_t n;

	(void)state;
	snprintf(cmd, sizeof(cmd),
	         "cd '%s' && git init -q --separate-git-dir=.repo . && "
	         "mkdir docs && echo x > docs/f",
	         ws);
	assert_int_equal(system(cmd), 0);
	snprintf(path, sizeof(path), "%s/.repo/config", ws);
	assert_non_null(fp = fopen(path, "r"));
	n = fread(before, 1, sizeof(before) - 1, fp);
	before[n] = '\0';
	fclose(fp);
	start();
	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		snprintf(args, sizeof(args),
		         "{\"path\":\"%s\",\"content\":\"[core]\\n\\t"
		         "fsmonitor = touch /tmp/pwned\\n\"}",
		         paths[i]);
		expect_refused((int)i, "upload_file", args,
		               "files.protect_git");
	}
	assert_non_null(fp = fopen(path, "r"));
	n = fread(after, 1, sizeof(after) - 1, fp);
	after[n] = '\0';
	fclose(fp);
	assert_string_equal(after, before);
	assert_false(exists(ws, ".repo/hooks/post-checkout"));
	assert_false(exists(ws, ".repo/info/new"));
	r = mcp_srv_call(&srv, 50, "upload_file",
	                 "{\"path\":\"docs/f\",\"content\":\"y\"}");
	assert_false(mcp_is_error(r));
	cJSON_Delete(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_planted_links, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_swap_race, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_git_pointer, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_sizes_and_types, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_temp_workspace, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_git, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
