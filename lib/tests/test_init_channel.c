/*
 * test_init_channel.c - securer-init's confinement channel (-l FD,
 * init_confine.h): the landlock backend starts securer-init first and
 * sends it the Landlock ruleset and the seccomp filter while it starts.
 * Whatever arrives instead (nothing, a filter without its ruleset, a torn
 * filter), the command never runs: a file it would create stays absent.
 * What arrives whole confines it: a file outside the ruleset stays unread.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "internal.h"
#include "landlock.h"
#include "support.h"

#define FD_STATUS  3
#define FD_CHANNEL 4

struct init_run {
	pid_t pid;
	int status_rd; /* securer-init's records */
	int channel;   /* our end of -l */
};

/* securer-init -s 3 -l 4 -C dir -- sh -c script, as the library's spawn
 * child would execute it (no_new_privs set). */
static void start_init(struct init_run *ir, const char *dir, const char *script)
{
	int st[2], sv[2], helper = securer__helper_fd();

	assert_true(helper >= 0);
	assert_int_equal(pipe2(st, O_CLOEXEC), 0);
	assert_int_equal(
	    socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv), 0);
	ir->pid = fork();
	assert_true(ir->pid >= 0);
	if (ir->pid == 0) {
		char *argv[12], *envp[] = {(char *)"PATH=/usr/bin:/bin", NULL};
		const char *args[] = {
		    "securer-init", "-s",      "3",  "-l",   "4", "-C", dir,
		    "--",           "/bin/sh", "-c", script, NULL};

		memcpy(argv, args, sizeof(args));
		/* above the targets first: a source may sit on one */
		int s = fcntl(st[1], F_DUPFD, 10),
		    c = fcntl(sv[1], F_DUPFD, 10);
		int h = fcntl(helper, F_DUPFD, 10);

		if (s < 0 || c < 0 || h < 0 || dup2(s, FD_STATUS) < 0 ||
		    dup2(c, FD_CHANNEL) < 0 ||
		    prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
			_exit(99);
		syscall(SYS_execveat, h, "", argv, envp, AT_EMPTY_PATH);
		_exit(98);
	}
	close(st[1]);
	close(sv[1]);
	ir->status_rd = st[0];
	ir->channel = sv[0];
}

/* Waits for securer-init; its exit code, and in |setup| the errno of its
 * SETUP record for the confinement (0: none). */
static int finish_init(struct init_run *ir, int *setup, bool *started)
{
	struct securer__status_rec rec;
	int ws;

	if (ir->channel >= 0)
		close(ir->channel);
	*setup = 0;
	*started = false;
	while (read(ir->status_rd, &rec, sizeof(rec)) == sizeof(rec)) {
		if (rec.kind == SECURER__ST_SETUP &&
		    rec.arg == SECURER__SETUP_LANDLOCK)
			*setup = rec.err;
		*started |= rec.kind == SECURER__ST_STARTED;
	}
	close(ir->status_rd);
	assert_int_equal(waitpid(ir->pid, &ws, 0), ir->pid);
	assert_true(WIFEXITED(ws));
	return WEXITSTATUS(ws);
}

static void send_msg(int sock, const void *data, size_t len, int fd)
{
	union {
		struct cmsghdr h;
		char buf[CMSG_SPACE(sizeof(int))];
	} ctl;
	struct iovec iov = {(void *)data, len};
	struct msghdr msg;

	memset(&msg, 0, sizeof(msg));
	memset(&ctl, 0, sizeof(ctl));
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	if (fd >= 0) {
		msg.msg_control = ctl.buf;
		msg.msg_controllen = sizeof(ctl.buf);
		ctl.h.cmsg_level = SOL_SOCKET;
		ctl.h.cmsg_type = SCM_RIGHTS;
		ctl.h.cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(&ctl.h), &fd, sizeof(int));
	}
	assert_int_equal(sendmsg(sock, &msg, MSG_NOSIGNAL), (ssize_t)len);
}

static bool exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

/* The three ways the confinement can fail to arrive: the command never
 * runs. */
static void test_nothing_runs_unconfined(void **state)
{
	struct sock_filter allow[] = {
	    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	char dir[] = "/tmp/securer-channel-XXXXXX", marker[256], script[300];
	const int expect[] = {EPIPE, EBADMSG, EBADMSG};

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(marker, sizeof(marker), "%s/ran", dir);
	snprintf(script, sizeof(script), "touch %s", marker);
	for (int how = 0; how < 3; how++) {
		struct init_run ir;
		bool started;
		int err, code, ruleset = open(dir, O_PATH | O_CLOEXEC);

		assert_true(ruleset >= 0);
		start_init(&ir, dir, script);
		if (how == 1) /* a filter, without the ruleset */
			send_msg(ir.channel, allow, sizeof(allow), -1);
		else if (how == 2) /* a fd, but a torn filter */
			send_msg(ir.channel, allow, sizeof(allow) - 1, ruleset);
		close(ruleset);
		code = finish_init(&ir, &err, &started);
		assert_int_equal(code, 126);
		assert_int_equal(err, expect[how]);
		assert_false(started);
		if (exists(marker))
			fail_msg("case %d: the command ran", how);
	}
	rmdir(dir);
}

/* What arrives whole is enforced: the command runs, writes its own
 * directory, and cannot read a host file outside the ruleset. */
static void test_confinement_arrives(void **state)
{
	char dir[] = "/tmp/securer-channel-XXXXXX",
	     secret[] = "/tmp/securer-secret-XXXXXX";
	char script[768], out[512], why[256];
	securer_policy *p = securer_policy_new();
	char err[SECURER__ERR_SIZE] = "";
	struct init_run ir;
	void *bpf = NULL;
	size_t len = 0;
	bool started;
	int abi, ruleset, e, code, fd;

	(void)state;
	if (!test_landlock_works(why, sizeof(why)))
		skip();
	abi = securer__landlock_abi(why, sizeof(why));
	assert_true(abi > 0);
	assert_non_null(mkdtemp(dir));
	assert_true((fd = mkstemp(secret)) >= 0);
	assert_int_equal(write(fd, "token-7f3a", 10), 10);
	close(fd);
	ruleset = securer__landlock_ruleset(p, abi, dir, err);
	assert_true(ruleset >= 0);
	assert_int_equal(securer__seccomp_filter(p, true, &bpf, &len, err), 0);
	snprintf(script, sizeof(script),
	         "cat %s > %s/out 2>&1; echo ok >> %s/out", secret, dir, dir);
	start_init(&ir, dir, script);
	send_msg(ir.channel, bpf, len, ruleset);
	close(ruleset);
	free(bpf);
	code = finish_init(&ir, &e, &started);
	assert_int_equal(e, 0);
	assert_true(started);
	assert_int_equal(code, 0);
	snprintf(out, sizeof(out), "%s/out", dir);
	fd = open(out, O_RDONLY);
	assert_true(fd >= 0);
	memset(script, 0, sizeof(script));
	assert_true(read(fd, script, sizeof(script) - 1) > 0);
	close(fd);
	assert_non_null(strstr(script, "ok\n"));
	if (strstr(script, "token-7f3a"))
		fail_msg("the command read a file outside its ruleset");
	unlink(out);
	rmdir(dir);
	unlink(secret);
	securer_policy_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_nothing_runs_unconfined),
	    cmocka_unit_test(test_confinement_arrives),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
