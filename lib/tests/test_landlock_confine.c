/*
 * test_landlock_confine.c - the landlock sandbox seen from inside: the
 * host's files and /tmp, the private directory, binds, the network, the
 * host's processes and IPC, capabilities.
 *
 * Every check looks at an effect from outside (a token never printed, a
 * file unchanged, a listener never reached, a process untouched) and has
 * a control: the same command under the none backend, which confines
 * nothing, shows the effect.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stddef.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/shm.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "internal.h"
#include "support.h"

#define LANDLOCK SECURER_BACKEND_LANDLOCK
#define NONE     SECURER_BACKEND_NONE

static struct test_run *rb;

static int setup(void **state)
{
	(void)state;
	rb = calloc(1, sizeof(*rb));
	return rb ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	free(rb);
	return 0;
}

static struct test_run *run(securer_backend b, const securer_policy *p,
                            const char *const argv[], char *const *env)
{
	int rc = test_run_sandbox(rb, b, p, argv, env, NULL, 0);

	if (rc != 0)
		fail_msg("%s under %s: %d %s", argv[0], securer_backend_name(b),
		         rc, rb->msg);
	return rb;
}

static bool seen(const struct test_run *r, const char *s)
{
	return strstr(r->out, s) || strstr(r->err, s);
}

/* ---- files ------------------------------------------------------------- */

static char planted[2][600];

static int remove_planted(void **state)
{
	(void)state;
	for (int i = 0; i < 2; i++)
		if (planted[i][0]) {
			test_rmtree(planted[i]);
			planted[i][0] = '\0';
		}
	return 0;
}

/* A token in the caller's home and in the host's /tmp; the command reads
 * both and tries to write beside them. */
static void test_host_files(void **state)
{
	const struct passwd *pw = getpwuid(geteuid());
	char home_tok[700], tmp_tok[700], home_new[700], tmp_new[700];
	char script[4096];
	const char *argv[] = {"sh", "-c", script, NULL};
	struct test_run *r;

	(void)state;
	test_require_backend(LANDLOCK);
	require(pw && pw->pw_dir && access(pw->pw_dir, W_OK) == 0,
	        "no writable home directory to plant a file in");
	snprintf(planted[0], sizeof(planted[0]), "%s/securer-ll.XXXXXX",
	         pw->pw_dir);
	snprintf(planted[1], sizeof(planted[1]), "/tmp/securer-ll.XXXXXX");
	assert_non_null(mkdtemp(planted[0]));
	assert_non_null(mkdtemp(planted[1]));
	snprintf(home_tok, sizeof(home_tok), "%s/token", planted[0]);
	snprintf(tmp_tok, sizeof(tmp_tok), "%s/token", planted[1]);
	snprintf(home_new, sizeof(home_new), "%s/new", planted[0]);
	snprintf(tmp_new, sizeof(tmp_new), "%s/new", planted[1]);
	test_write_file(home_tok, "ll-home-token\n");
	test_write_file(tmp_tok, "ll-tmp-token\n");
	snprintf(script, sizeof(script),
	         "cat '%s' '%s'; ls /tmp; echo x > '%s'; echo x > '%s';"
	         "echo x > /tmp/ll-written-%d; truncate -s 0 '%s'; exit 0",
	         home_tok, tmp_tok, home_new, tmp_new, (int)getpid(), tmp_tok);

	r = run(LANDLOCK, NULL, argv, NULL);
	assert_false(seen(r, "ll-home-token"));
	assert_false(seen(r, "ll-tmp-token"));
	assert_null(strstr(r->out, "securer-ll.")); /* /tmp is not listed */
	assert_int_equal(access(home_new, F_OK), -1);
	assert_int_equal(access(tmp_new, F_OK), -1);
	{
		char *t = securer__read_file(tmp_tok, 100);

		assert_string_equal(t, "ll-tmp-token\n"); /* not truncated */
		free(t);
	}

	/* Control: unconfined, all of it happens. */
	r = run(NONE, NULL, argv, NULL);
	assert_true(seen(r, "ll-home-token"));
	assert_true(seen(r, "ll-tmp-token"));
	assert_int_equal(access(home_new, F_OK), 0);
	assert_int_equal(access(tmp_new, F_OK), 0);
	snprintf(script, sizeof(script), "/tmp/ll-written-%d", (int)getpid());
	assert_int_equal(unlink(script), 0);
}

/* HOME, TMPDIR and the working directory: one private 0700 directory
 * under the caller's TMPDIR, gone after the run whatever it held. */
static void test_private_dir(void **state)
{
	/* What removal must survive: unreadable directories, a tree deeper
	 * than any recursion, and symlinks to the host's files (their target
	 * and its mode must stay as they are). */
	const char *argv[] = {
	    "sh",
	    "-c",
	    "echo \"$HOME\"; echo \"$TMPDIR\"; pwd; stat -c %a \"$HOME\";"
	    "mkdir -p \"$HOME/a/b/c\" && echo x > \"$HOME/a/b/c/f\" &&"
	    "ln -s \"$1\" \"$HOME/a/b/outside\" && ln -s \"$1\" \"$HOME/l\" &&"
	    "chmod 0 \"$HOME/a/b\" \"$HOME/a\" && cd \"$HOME\" &&"
	    "p=d; for i in $(seq 399); do p=$p/d; done; mkdir -p \"$p\" &&"
	    "echo planted",
	    "sh",
	    NULL,
	    NULL};
	char home[600], tmpdir[600], cwd[600], mode[16], *base, want[700];
	char outside[700], kept[720];
	const char *old_tmp = getenv("TMPDIR");
	struct test_run *r;
	struct stat st;

	(void)state;
	test_require_backend(LANDLOCK);
	base = test_mkdtemp();
	snprintf(outside, sizeof(outside), "%s-outside", base);
	assert_int_equal(mkdir(outside, 0755), 0);
	snprintf(kept, sizeof(kept), "%s/kept", outside);
	test_write_file(kept, "kept\n");
	argv[4] = outside;
	assert_int_equal(setenv("TMPDIR", base, 1), 0);
	r = run(LANDLOCK, NULL, argv, NULL);
	if (old_tmp)
		setenv("TMPDIR", old_tmp, 1);
	else
		unsetenv("TMPDIR");
	assert_int_equal(
	    sscanf(r->out, "%599s %599s %599s %15s", home, tmpdir, cwd, mode),
	    4);
	snprintf(want, sizeof(want), "%s/securer-landlock.", base);
	assert_true(strncmp(home, want, strlen(want)) == 0);
	assert_string_equal(tmpdir, home);
	assert_string_equal(cwd, home);
	assert_string_equal(mode, "700");
	if (!strstr(r->out, "planted"))
		fail_msg("the tree was not planted: %s", r->err);
	/* Removed, the unreadable subtree included. */
	assert_int_equal(lstat(home, &st), -1);
	assert_int_equal(rmdir(base), 0); /* empty: nothing else was left */
	assert_int_equal(stat(outside, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0755);
	assert_int_equal(access(kept, F_OK), 0);
	test_rmtree(outside);
	free(base);
}

static void test_binds(void **state)
{
	char *dir = test_mkdtemp(), file[600], made[600], script[2048];
	const char *argv[] = {"sh", "-c", script, NULL};
	securer_policy *p = securer_policy_new();
	struct test_run *r;
	char *text;

	(void)state;
	test_require_backend(LANDLOCK);
	assert_non_null(p);
	snprintf(file, sizeof(file), "%s/f", dir);
	snprintf(made, sizeof(made), "%s/g", dir);
	test_write_file(file, "orig\n");
	snprintf(script, sizeof(script),
	         "cat '%s'; echo changed > '%s'; echo new > '%s'; exit 0", file,
	         file, made);
	assert_int_equal(securer_policy_add_ro_bind(p, dir, NULL), 0);
	r = run(LANDLOCK, p, argv, NULL);
	assert_string_equal(r->out, "orig\n");
	text = securer__read_file(file, 100);
	assert_string_equal(text, "orig\n");
	free(text);
	assert_int_equal(access(made, F_OK), -1);
	securer_policy_free(p);

	p = securer_policy_new();
	assert_non_null(p);
	assert_int_equal(securer_policy_add_rw_bind(p, dir, NULL), 0);
	r = run(LANDLOCK, p, argv, NULL);
	text = securer__read_file(file, 100);
	assert_string_equal(text, "changed\n");
	free(text);
	assert_int_equal(access(made, F_OK), 0);
	securer_policy_free(p);
	test_rmtree(dir);
	free(dir);
}

/* ---- network ----------------------------------------------------------- */

struct listeners {
	int tcp, udp, unix_stream, unix_dgram, abstract;
	int tcp_port, udp_port;
	char dir[600], stream_path[700], dgram_path[700], abstract_name[64];
};

static int listen_unix(const char *path, bool abstract, int type)
{
	struct sockaddr_un a = {.sun_family = AF_UNIX};
	socklen_t len;
	int fd = socket(AF_UNIX, type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);

	assert_true(fd >= 0);
	if (abstract) {
		memcpy(a.sun_path + 1, path, strlen(path));
		len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 +
		                  strlen(path));
	} else {
		snprintf(a.sun_path, sizeof(a.sun_path), "%s", path);
		len = sizeof(a);
	}
	assert_int_equal(bind(fd, (struct sockaddr *)&a, len), 0);
	if (type == SOCK_STREAM)
		assert_int_equal(listen(fd, 8), 0);
	return fd;
}

static int listen_inet(int type, int *port)
{
	struct sockaddr_in a = {.sin_family = AF_INET,
	                        .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t len = sizeof(a);
	int fd = socket(AF_INET, type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);

	assert_true(fd >= 0);
	assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof(a)), 0);
	if (type == SOCK_STREAM)
		assert_int_equal(listen(fd, 8), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&a, &len), 0);
	*port = ntohs(a.sin_port);
	return fd;
}

static void listeners_open(struct listeners *l)
{
	char *dir = test_mkdtemp();

	snprintf(l->dir, sizeof(l->dir), "%s", dir);
	free(dir);
	snprintf(l->stream_path, sizeof(l->stream_path), "%s/s.sock", l->dir);
	snprintf(l->dgram_path, sizeof(l->dgram_path), "%s/d.sock", l->dir);
	snprintf(l->abstract_name, sizeof(l->abstract_name),
	         "securer-ll-test-%d", (int)getpid());
	l->tcp = listen_inet(SOCK_STREAM, &l->tcp_port);
	l->udp = listen_inet(SOCK_DGRAM, &l->udp_port);
	l->unix_stream = listen_unix(l->stream_path, false, SOCK_STREAM);
	l->unix_dgram = listen_unix(l->dgram_path, false, SOCK_DGRAM);
	l->abstract = listen_unix(l->abstract_name, true, SOCK_STREAM);
}

/* Which listeners got something since the last call; drains them. */
static void listeners_hits(struct listeners *l, char *out, size_t size)
{
	const struct {
		int fd;
		bool stream;
		const char *name;
	} all[] = {{l->tcp, true, "tcp"},
	           {l->udp, false, "udp"},
	           {l->unix_stream, true, "unix"},
	           {l->unix_dgram, false, "unix-dgram"},
	           {l->abstract, true, "abstract"}};

	out[0] = '\0';
	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
		char buf[256];
		bool hit = false;
		int c;

		if (all[i].stream) {
			while ((c = accept4(all[i].fd, NULL, NULL,
			                    SOCK_CLOEXEC)) >= 0) {
				hit = true;
				close(c);
			}
		} else {
			while (recv(all[i].fd, buf, sizeof(buf),
			            MSG_DONTWAIT) >= 0)
				hit = true;
		}
		if (hit)
			snprintf(out + strlen(out), size - strlen(out), "%s ",
			         all[i].name);
	}
}

static void listeners_close(struct listeners *l)
{
	close(l->tcp);
	close(l->udp);
	close(l->unix_stream);
	close(l->unix_dgram);
	close(l->abstract);
	test_rmtree(l->dir);
}

static void test_network_none(void **state)
{
	static const char code[] =
	    "import socket, sys\n"
	    "tcp, udp, stream, dgram, abstract = sys.argv[1:]\n"
	    "def attempt(f):\n"
	    "    try: f()\n"
	    "    except OSError as e: print(e)\n"
	    "def c(fam, typ, addr):\n"
	    "    s = socket.socket(fam, typ); s.settimeout(2)\n"
	    "    if typ == socket.SOCK_STREAM: s.connect(addr)\n"
	    "    else: s.sendto(b'x', addr)\n"
	    "attempt(lambda: c(socket.AF_INET, socket.SOCK_STREAM, "
	    "('127.0.0.1', int(tcp))))\n"
	    "attempt(lambda: c(socket.AF_INET, socket.SOCK_DGRAM, "
	    "('127.0.0.1', int(udp))))\n"
	    "attempt(lambda: c(socket.AF_UNIX, socket.SOCK_STREAM, stream))\n"
	    "attempt(lambda: c(socket.AF_UNIX, socket.SOCK_DGRAM, dgram))\n"
	    "attempt(lambda: c(socket.AF_UNIX, socket.SOCK_STREAM, '\\0' + "
	    "abstract))\n"
	    "def pair():\n"
	    "    a, b = socket.socketpair(socket.AF_UNIX, socket.SOCK_DGRAM)\n"
	    "    a.sendto(b'x', dgram)\n"
	    "attempt(pair)\n"
	    "a, b = socket.socketpair(); a.send(b'ok'); print('pair', "
	    "b.recv(2))\n";
	struct listeners l;
	char tcp[16], udp[16], hits[128];
	const char *argv[] = {"python3", "-c", code, tcp, udp,
	                      NULL,      NULL, NULL, NULL};
	struct test_run *r;

	(void)state;
	test_require_backend(LANDLOCK);
	listeners_open(&l);
	snprintf(tcp, sizeof(tcp), "%d", l.tcp_port);
	snprintf(udp, sizeof(udp), "%d", l.udp_port);
	argv[5] = l.stream_path;
	argv[6] = l.dgram_path;
	argv[7] = l.abstract_name;

	r = run(LANDLOCK, NULL, argv, NULL);
	listeners_hits(&l, hits, sizeof(hits));
	assert_string_equal(hits, "");
	assert_non_null(strstr(r->out, "pair b'ok'")); /* socketpair works */

	/* Control: unconfined, every listener is reached. */
	run(NONE, NULL, argv, NULL);
	listeners_hits(&l, hits, sizeof(hits));
	assert_string_equal(hits, "tcp udp unix unix-dgram abstract ");
	listeners_close(&l);
}

/* ---- the host's processes and IPC -------------------------------------- */

static void limits_of(pid_t pid, char *buf, size_t size)
{
	char path[64], *text;

	snprintf(path, sizeof(path), "/proc/%d/limits", (int)pid);
	text = securer__read_file(path, 8192);
	assert_non_null(text);
	snprintf(buf, size, "%s", text);
	free(text);
}

/* Signals, limits and priority of a process outside the run. */
static void test_host_process(void **state)
{
	char script[512], before[8192], after[8192];
	const char *argv[] = {"sh", "-c", script, NULL};
	int ws, prio;
	pid_t victim;

	(void)state;
	test_require_backend(LANDLOCK);
	victim = fork();
	assert_true(victim >= 0);
	if (victim == 0) {
		pause();
		_exit(0);
	}
	limits_of(victim, before, sizeof(before));
	prio = getpriority(PRIO_PROCESS, (id_t)victim);
	snprintf(script, sizeof(script),
	         "prlimit --pid %d --nofile=3:3; renice -n 19 -p %d;"
	         "kill -STOP %d; kill -KILL %d; exit 0",
	         (int)victim, (int)victim, (int)victim, (int)victim);
	argv[2] = script;
	run(LANDLOCK, NULL, argv, NULL);
	assert_int_equal(waitpid(victim, &ws, WNOHANG | WUNTRACED), 0);
	limits_of(victim, after, sizeof(after));
	assert_string_equal(before, after);
	assert_int_equal(getpriority(PRIO_PROCESS, (id_t)victim), prio);

	/* Control: unconfined, the limit changes, then the victim dies. */
	run(NONE, NULL, argv, NULL);
	limits_of(victim, after, sizeof(after));
	assert_string_not_equal(before, after);
	assert_int_equal(waitpid(victim, &ws, 0), victim);
	assert_true(WIFSIGNALED(ws) && WTERMSIG(ws) == SIGKILL);
}

static void test_sysv_shm(void **state)
{
	static const char code[] =
	    "import ctypes, sys\n"
	    "libc = ctypes.CDLL(None, use_errno=True)\n"
	    "libc.shmat.restype = ctypes.c_void_p\n"
	    "a = libc.shmat(int(sys.argv[1]), None, 0o10000)\n"
	    "print(ctypes.string_at(a, 32) if a not in (None, 2**64 - 1) else "
	    "'shmat failed')\n";
	char id[16];
	const char *argv[] = {"python3", "-c", code, id, NULL};
	struct test_run *r;
	char *mem;
	int shm;

	(void)state;
	test_require_backend(LANDLOCK);
	shm = shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600);
	assert_true(shm >= 0);
	mem = shmat(shm, NULL, 0);
	assert_true(mem != (void *)-1);
	snprintf(mem, 64, "ll-shm-token");
	snprintf(id, sizeof(id), "%d", shm);
	r = run(LANDLOCK, NULL, argv, NULL);
	assert_false(seen(r, "ll-shm-token"));
	r = run(NONE, NULL, argv, NULL); /* control */
	assert_true(seen(r, "ll-shm-token"));
	shmdt(mem);
	shmctl(shm, IPC_RMID, NULL);
}

/* ---- capabilities ------------------------------------------------------ */

static void status_line(pid_t pid, const char *key, char *out, size_t size)
{
	char path[64], *text, *at;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	text = securer__read_file(path, 1 << 16);
	assert_non_null(text);
	at = strstr(text, key);
	assert_non_null(at);
	snprintf(out, size, "%.*s", (int)strcspn(at + strlen(key), "\n"),
	         at + strlen(key));
	free(text);
}

/* As root: the command and securer-init, the reaper, hold no capability
 * and an exec cannot give any back. */
static void test_no_capabilities(void **state)
{
	const char *argv[] = {"sleep", "30", NULL};
	securer_sandbox *sb;
	securer_policy *p = securer_policy_new();
	char v[64];
	pid_t reaper, cmd = -1;

	(void)state;
	only_if(geteuid() == 0, "the capability check needs root");
	test_require_backend(LANDLOCK);
	assert_non_null(p);
	sb = securer_sandbox_new(p, LANDLOCK);
	assert_int_equal(securer_sandbox_start(sb, argv, NULL), 0);
	reaper = securer_sandbox_pid(sb);
	for (int i = 0; i < 200 && cmd < 0; i++) {
		char path[64], *text;
		pid_t child;

		snprintf(path, sizeof(path), "/proc/%d/task/%d/children",
		         (int)reaper, (int)reaper);
		text = securer__read_file(path, 256);
		child = text ? atoi(text) : 0;
		free(text);
		if (child > 0)
			cmd = child;
		else
			usleep(5000);
	}
	assert_true(cmd > 0);
	for (int i = 0; i < 2; i++) {
		pid_t pid = i ? cmd : reaper;

		status_line(pid, "CapEff:\t", v, sizeof(v));
		assert_string_equal(v, "0000000000000000");
		status_line(pid, "CapPrm:\t", v, sizeof(v));
		assert_string_equal(v, "0000000000000000");
		status_line(pid, "CapBnd:\t", v, sizeof(v));
		assert_string_equal(v, "0000000000000000");
	}
	status_line(cmd, "Seccomp:\t", v, sizeof(v));
	assert_string_equal(v, "2");
	status_line(cmd, "NoNewPrivs:\t", v, sizeof(v));
	assert_string_equal(v, "1");
	securer_sandbox_free(sb);
	securer_policy_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_teardown(test_host_files, remove_planted),
	    cmocka_unit_test(test_private_dir),
	    cmocka_unit_test(test_binds),
	    cmocka_unit_test(test_network_none),
	    cmocka_unit_test(test_host_process),
	    cmocka_unit_test(test_sysv_shm),
	    cmocka_unit_test(test_no_capabilities),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
