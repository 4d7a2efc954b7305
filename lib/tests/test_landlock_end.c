/*
 * test_landlock_end.c - how a landlock run ends, without a pid namespace:
 * nothing it started survives it (daemons that left its process group
 * included), whether it exits, times out or is killed; and the private
 * directory's disk budget (limits.tmpfs_bytes) kills a run that fills the
 * host's filesystem, by bytes, by inodes or through deleted files it keeps
 * open, but not a run beside which someone else fills it.
 *
 * Processes carry a token (sleep 1000.<n><pid>) so that /proc finds only
 * ours; the teardown kills any a failed test left.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/magic.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <sys/wait.h>
#include <unistd.h>

#include "internal.h"
#include "support.h"

#define LANDLOCK SECURER_BACKEND_LANDLOCK
#define MiB      (1024 * 1024)

static char token[3][48];
static struct test_run *rb;

static int setup(void **state)
{
	(void)state;
	for (int i = 0; i < 3; i++)
		snprintf(token[i], sizeof(token[i]), "100%d.77%d", i,
		         (int)getpid());
	rb = calloc(1, sizeof(*rb));
	return rb ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	for (int i = 0; i < 3; i++)
		test_kill_procs(token[i]);
	free(rb);
	return 0;
}

/* A daemon the classic way: a double fork and a new session, so it
 * leaves the command's process group and its parent is gone. */
static void daemon_script(char *buf, size_t size, const char *tok,
                          const char *then)
{
	snprintf(buf, size,
	         "(setsid sh -c 'sleep %s & exit 0' &) ; sleep 0.3; %s", tok,
	         then);
}

static void test_daemon_gone(void **state)
{
	char script[512];
	const char *argv[] = {"sh", "-c", script, NULL};
	securer_policy *p = securer_policy_new();
	securer_sandbox *sb;
	securer_status st;
	pid_t pid;
	int ws;

	(void)state;
	test_require_backend(LANDLOCK);
	assert_non_null(p);
	/* Control: started plainly, the daemon outlives its parent. */
	daemon_script(script, sizeof(script), token[0], "exit 0");
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		execv("/bin/sh", (char *const *)argv);
		_exit(127);
	}
	assert_int_equal(waitpid(pid, &ws, 0), pid);
	assert_int_equal(test_procs_gone_within(token[0], 200), 1);
	assert_int_equal(test_kill_procs(token[0]), 1);

	/* The command exits: its daemon is gone when the run is. */
	assert_int_equal(test_run_sandbox(rb, LANDLOCK, p, argv, NULL, NULL, 0),
	                 0);
	assert_true(rb->st.exited);
	assert_int_equal(test_count_procs(token[0]), 0);

	/* Timed out, with the daemon running. */
	daemon_script(script, sizeof(script), token[1], "sleep 30");
	assert_int_equal(
	    securer_policy_set_limit(p, SECURER_LIMIT_TIMEOUT_MS, 1500), 0);
	sb = securer_sandbox_new(p, LANDLOCK); /* stdio on /dev/null */
	assert_int_equal(securer_sandbox_start(sb, argv, NULL), 0);
	assert_int_equal(securer_sandbox_run_to_end(sb, -1, &st), 0);
	assert_true(st.timed_out);
	assert_int_equal(test_count_procs(token[1]), 0);
	securer_sandbox_free(sb);

	/* Killed from outside. */
	daemon_script(script, sizeof(script), token[2], "sleep 30");
	sb = securer_sandbox_new(p, LANDLOCK);
	assert_int_equal(securer_sandbox_start(sb, argv, NULL), 0);
	/* the daemon, and the command whose script names it */
	usleep(500000);
	assert_true(test_count_procs(token[2]) >= 2);
	assert_int_equal(securer_sandbox_kill(sb), 0);
	assert_int_equal(test_count_procs(token[2]), 0);
	assert_int_equal(securer_sandbox_wait(sb, -1, &st), 0);
	securer_sandbox_free(sb);
	securer_policy_free(p);
}

/* ---- the disk budget --------------------------------------------------- */

static securer_policy *budget_policy(int64_t bytes)
{
	securer_policy *p = securer_policy_new();

	assert_non_null(p);
	assert_int_equal(
	    securer_policy_set_limit(p, SECURER_LIMIT_TMPFS, bytes), 0);
	assert_int_equal(
	    securer_policy_set_limit(p, SECURER_LIMIT_TIMEOUT_MS, 20000), 0);
	return p;
}

/* Runs |code| (Python) under budgets of 64 MiB and then |roomy|: killed
 * with a limit message naming |what| under the first, done under the
 * second. */
static void expect_budget(const char *code, int64_t roomy, const char *what)
{
	const char *argv[] = {"python3", "-c", code, NULL};
	securer_policy *p = budget_policy(64 * MiB);

	assert_int_equal(test_run_sandbox(rb, LANDLOCK, p, argv, NULL, NULL, 0),
	                 0);
	if (rb->st.exited || rb->st.term_signal != SIGKILL)
		fail_msg("not killed: exit %d signal %d; %s", rb->st.exit_code,
		         rb->st.term_signal, rb->err);
	assert_non_null(strstr(rb->msg, "limits.tmpfs_bytes"));
	assert_non_null(strstr(rb->msg, what));
	assert_null(strstr(rb->out, "done"));
	securer_policy_free(p);

	/* Control: the same code fits a larger budget. */
	p = budget_policy(roomy);
	assert_int_equal(test_run_sandbox(rb, LANDLOCK, p, argv, NULL, NULL, 0),
	                 0);
	if (!rb->st.exited || rb->st.exit_code != 0)
		fail_msg("the control failed: %s", rb->err);
	assert_non_null(strstr(rb->out, "done"));
	securer_policy_free(p);
}

/* Where the private directory goes when the caller names no $TMPDIR: on a
 * tmpfs (/dev/shm here) when the reaper holds it to a budget, under /tmp
 * when limits.tmpfs_bytes is 0 and nothing would (on a tmpfs, the run's
 * writes would take the host's memory without a bound). */
static void test_budget_where(void **state)
{
	const char *argv[] = {"sh", "-c",
	                      "echo \"$HOME\"; stat -f -c %T \"$HOME\"", NULL};
	const char *const vars[] = {"TMPDIR", "XDG_RUNTIME_DIR"};
	char *saved[2], home[600], fs[64];
	struct statfs sf;
	securer_policy *p;

	(void)state;
	require(statfs("/dev/shm", &sf) == 0 && sf.f_type == TMPFS_MAGIC,
	        "/dev/shm is not a tmpfs here");
	for (int i = 0; i < 2; i++) {
		saved[i] = getenv(vars[i]) ? strdup(getenv(vars[i])) : NULL;
		unsetenv(vars[i]);
	}
	for (int budgeted = 1; budgeted >= 0; budgeted--) {
		p = budget_policy(budgeted ? 64 * MiB : 0);
		assert_int_equal(
		    test_run_sandbox(rb, LANDLOCK, p, argv, NULL, NULL, 0), 0);
		securer_policy_free(p);
		if (sscanf(rb->out, "%599s %63s", home, fs) != 2)
			fail_msg("no answer: %s %s", rb->out, rb->err);
		if (budgeted) {
			assert_true(strncmp(home, "/dev/shm/securer-landlock.",
			                    26) == 0);
			assert_string_equal(fs, "tmpfs");
		} else {
			assert_true(
			    strncmp(home, "/tmp/securer-landlock.", 22) == 0);
		}
	}
	for (int i = 0; i < 2; i++)
		if (saved[i]) {
			setenv(vars[i], saved[i], 1);
			free(saved[i]);
		}
}

static void test_budget_bytes(void **state)
{
	(void)state;
	test_require_backend(LANDLOCK);
	/* Held a while: a burst that ends with the run between two checks
	 * is removed with the private directory anyway. */
	expect_budget("import os, time\n"
	              "for i in range(6):\n"
	              "    with open(os.path.join(os.environ['HOME'], str(i)), "
	              "'wb') as f:\n"
	              "        f.write(b'x' * (16 << 20))\n"
	              "time.sleep(0.5)\n"
	              "print('done')\n",
	              256 * MiB, "KiB");
}

static void test_budget_inodes(void **state)
{
	(void)state;
	test_require_backend(LANDLOCK);
	/* 64 MiB allow 4096 inodes (one per 16 KiB). */
	expect_budget("import os, time\n"
	              "d = os.path.join(os.environ['HOME'], 'many')\n"
	              "os.mkdir(d)\n"
	              "for i in range(6000):\n"
	              "    open(os.path.join(d, str(i)), 'w').close()\n"
	              "time.sleep(0.5)\n"
	              "print('done')\n",
	              256 * MiB, "inodes");
}

/* Deleted files still count while the run holds them open. */
static void test_budget_hidden(void **state)
{
	(void)state;
	test_require_backend(LANDLOCK);
	expect_budget(
	    "import os, time\n"
	    "keep = []\n"
	    "for i in range(3):\n"
	    "    p = os.path.join(os.environ['HOME'], str(i))\n"
	    "    f = open(p, 'wb'); os.unlink(p)\n"
	    "    f.write(b'x' * (32 << 20)); f.flush(); keep.append(f)\n"
	    "time.sleep(0.5)\n"
	    "print('done')\n",
	    256 * MiB, "KiB");
}

/* Someone else filling the same filesystem is not the run's doing. */
static void test_budget_others(void **state)
{
	const char *argv[] = {"sh", "-c", "sleep 1; echo done", NULL};
	securer_policy *p;
	securer_sandbox *sb;
	securer_start_opts so;
	securer_status st;
	char *dir, path[600];
	int fd, out[2];

	(void)state;
	test_require_backend(LANDLOCK);
	dir = test_mkdtemp(); /* on the private directory's filesystem */
	snprintf(path, sizeof(path), "%s/big", dir);
	p = budget_policy(32 * MiB);
	assert_int_equal(pipe2(out, O_CLOEXEC), 0);
	securer_start_opts_init(&so);
	so.stdout_fd = out[1];
	sb = securer_sandbox_new(p, LANDLOCK);
	assert_int_equal(securer_sandbox_start(sb, argv, &so), 0);
	close(out[1]);
	fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
	assert_true(fd >= 0);
	for (int i = 0; i < 96; i++) {
		static char mib[MiB];

		assert_int_equal(write(fd, mib, sizeof(mib)), sizeof(mib));
	}
	fsync(fd);
	close(fd);
	assert_int_equal(securer_sandbox_wait(sb, -1, &st), 0);
	assert_true(st.exited);
	assert_int_equal(st.exit_code, 0);
	{
		char buf[16] = "";

		assert_true(read(out[0], buf, sizeof(buf) - 1) > 0);
		assert_non_null(strstr(buf, "done"));
	}
	close(out[0]);
	securer_sandbox_free(sb);
	securer_policy_free(p);
	test_rmtree(dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_daemon_gone),
	    cmocka_unit_test(test_budget_where),
	    cmocka_unit_test(test_budget_bytes),
	    cmocka_unit_test(test_budget_inodes),
	    cmocka_unit_test(test_budget_hidden),
	    cmocka_unit_test(test_budget_others),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
