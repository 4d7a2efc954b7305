/*
 * fixtures.c - setting up, checking and tearing down the fixtures of one
 * row (fixtures.h); the processes and the pty are in fixture_proc.c, the
 * peer session in fixture_peer.c.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/shm.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fixtures_int.h"
#include "fmt.h"
#include "netns.h"
#include "textfile.h"

#define SYSCTL_PATH                 "/proc/sys/net/ipv4/ip_default_ttl"
#define KEYCTL_JOIN_SESSION_KEYRING 1
#define KEY_SPEC_SESSION_KEYRING    (-3)

static bool has(const struct fixtures *f, enum fixture x)
{
	return f->want & FIXTURE_BIT(x);
}

static unsigned long rnd(unsigned long lo, unsigned long hi)
{
	unsigned long v = 0;

	if (getrandom(&v, sizeof(v), 0) != sizeof(v))
		v = (unsigned long)getpid() * 2654435761u;
	return lo + v % (hi - lo);
}

int fixture_write_text(const char *path, const char *text, mode_t mode)
{
	int fd = open(
	    path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, mode);
	size_t n = strlen(text);
	bool ok;

	if (fd < 0)
		return -1;
	ok = write(fd, text, n) == (ssize_t)n;
	return close(fd) == 0 && ok ? 0 : -1;
}

/* The first line of |path|, without its newline. */
static int read_line(const char *path, char *buf, size_t size)
{
	if (text_read(AT_FDCWD, path, buf, size) < 0)
		return -1;
	buf[strcspn(buf, "\n")] = '\0';
	return 0;
}

/* ---- once per row ------------------------------------------------------- */

/* A key in a fresh session keyring of this worker, which its children
 * inherit: the user's own keyrings are never touched. */
static int plant_key(struct fixtures *f)
{
	const char *tok = tokens_add(f->tk, "session keyring key");

	snprintf(f->key_desc, sizeof(f->key_desc), "securer-conform-%lu",
	         rnd(100000, 999999));
	if (!tok || syscall(SYS_keyctl, KEYCTL_JOIN_SESSION_KEYRING, NULL) < 0)
		return -1;
	f->key_serial = syscall(SYS_add_key, "user", f->key_desc, tok,
	                        strlen(tok), KEY_SPEC_SESSION_KEYRING);
	return f->key_serial < 0 ? -1 : 0;
}

static int plant_shm(struct fixtures *f)
{
	const char *t1 = tokens_add(f->tk, "SysV shared memory");
	const char *t2 = tokens_add(f->tk, "/dev/shm file");
	key_t key = (key_t)rnd(0x10000000, 0x7fffffff);
	char *p;

	if (!t1 || !t2)
		return -1;
	f->shm_id = shmget(key, 4096, IPC_CREAT | IPC_EXCL | 0600);
	if (f->shm_id < 0)
		return -1;
	p = shmat(f->shm_id, NULL, 0);
	if (p == (void *)-1)
		return -1;
	snprintf(p, 4096, "%s\n", t1);
	shmdt(p);
	/* T_SHM_KEY and T_SHM_ID name the segment, T_SHM_FILE the file */
	snprintf(f->shm_file, sizeof(f->shm_file),
	         "/dev/shm/securer-conform-%lu", rnd(1000000, 9999999));
	return fixture_write_text(f->shm_file, t2, 0600);
}

/* Secrets where a host keeps them under /etc, beside what the system set
 * (lib/src/system_set.c) shows: the TLS private keys' directory next to
 * the certificates, the ssh host keys' directory, /etc itself.  Planted
 * only in directories that exist (root: the attack needs "root"), each a
 * fresh name, mode 0600, removed at teardown. */
static int plant_etc(struct fixtures *f)
{
	static const char *const where[3][2] = {
	    {"/etc/ssl/private", "key"},
	    {"/etc/ssh", "ssh_host_key"},
	    {"/etc", "shadow"},
	};
	struct stat st;

	for (int i = 0; i < 3; i++) {
		const char *tok = tokens_add(f->tk, "a secret under /etc");

		if (stat(where[i][0], &st) < 0 || !S_ISDIR(st.st_mode))
			continue;
		if (!tok ||
		    fmt(f->etc_files[i], sizeof(f->etc_files[i]),
		        "%s/securer-conform-%lu.%s", where[i][0],
		        rnd(1000000, 9999999), where[i][1]) < 0 ||
		    fixture_write_text(f->etc_files[i], tok, 0600) < 0) {
			f->etc_files[i][0] = '\0';
			return -1;
		}
	}
	return 0;
}

static int plant_files(struct fixtures *f)
{
	char text[96];
	struct timeval tv[2];

	if (has(f, FIXTURE_ROOTFILE)) {
		const char *tok = tokens_add(f->tk, "root-only file");

		if (!tok ||
		    fmt(f->rootfile, sizeof(f->rootfile), "%s/rootfile",
		        f->c->dir) < 0 ||
		    fixture_write_text(f->rootfile, tok, 0400) < 0)
			return -1;
	}
	if (has(f, FIXTURE_ETC_SECRETS) && plant_etc(f) < 0)
		return -1;
	if (has(f, FIXTURE_STATFILE)) {
		unsigned long size = rnd(1000003, 9999999);
		unsigned long mtime = rnd(1000000000, 1600000000);
		int fd;

		if (fmt(f->statfile, sizeof(f->statfile), "%s/statfile",
		        f->c->dir) < 0 ||
		    (fd = open(f->statfile, O_WRONLY | O_CREAT | O_CLOEXEC,
		               0644)) < 0)
			return -1;
		if (ftruncate(fd, (off_t)size) < 0) {
			close(fd);
			return -1;
		}
		close(fd);
		tv[0].tv_sec = tv[1].tv_sec = (time_t)mtime;
		tv[0].tv_usec = tv[1].tv_usec = 0;
		if (utimes(f->statfile, tv) < 0)
			return -1;
		snprintf(text, sizeof(text), "%lu", size);
		tokens_add_value(f->tk, "statfile size", text);
		snprintf(text, sizeof(text), "%lu", mtime);
		tokens_add_value(f->tk, "statfile mtime", text);
	}
	return 0;
}

/* Files that print a token when a shell, Python or R loads them. */
static int plant_inject(struct fixtures *f)
{
	const char *tok = tokens_add(f->tk, "injected startup file");
	char dir[700], path[800], text[256];

	if (!tok || fmt(dir, sizeof(dir), "%s/inject", f->c->dir) < 0 ||
	    (mkdir(dir, 0755) < 0 && errno != EEXIST))
		return -1;
	snprintf(text, sizeof(text), "echo 'injected %s' >&2\n", tok);
	if (fmt(path, sizeof(path), "%s/bash_env.sh", dir) < 0 ||
	    fixture_write_text(path, text, 0644) < 0)
		return -1;
	snprintf(text, sizeof(text),
	         "import sys\nsys.stderr.write('injected %s\\n')\n", tok);
	if (fmt(path, sizeof(path), "%s/sitecustomize.py", dir) < 0 ||
	    fixture_write_text(path, text, 0644) < 0)
		return -1;
	snprintf(text, sizeof(text), "message('injected %s')\n", tok);
	if (fmt(path, sizeof(path), "%s/Rprofile", dir) < 0 ||
	    fixture_write_text(path, text, 0644) < 0)
		return -1;
	return 0;
}

/* A token as the alias of the loopback of the row's own network
 * namespace (never the host's: refused outside it), set by rtnetlink;
 * whatever reads the namespace's links (netlink, ip link, /sys of that
 * namespace) sees it. */
static int plant_ifalias(struct fixtures *f)
{
	const char *tok = tokens_add(f->tk, "the loopback's alias");
	struct {
		struct nlmsghdr nh;
		struct ifinfomsg ifi;
		char attrs[128];
	} req;
	struct rtattr *rta;
	struct {
		struct nlmsghdr nh;
		struct nlmsgerr err;
	} ack;
	int fd, ok;

	if (!tok || !netns_active()) {
		errno = EPERM;
		return -1;
	}
	memset(&req, 0, sizeof(req));
	req.nh.nlmsg_type = RTM_SETLINK;
	req.nh.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	req.ifi.ifi_family = AF_UNSPEC;
	req.ifi.ifi_index = (int)if_nametoindex("lo");
	rta = (struct rtattr *)req.attrs;
	rta->rta_type = IFLA_IFALIAS;
	rta->rta_len = (unsigned short)RTA_LENGTH(strlen(tok) + 1);
	memcpy(RTA_DATA(rta), tok, strlen(tok) + 1);
	req.nh.nlmsg_len =
	    NLMSG_LENGTH(sizeof(req.ifi)) + RTA_ALIGN(rta->rta_len);
	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (fd < 0)
		return -1;
	ok = send(fd, &req, req.nh.nlmsg_len, 0) == (ssize_t)req.nh.nlmsg_len &&
	     recv(fd, &ack, sizeof(ack), 0) >= (ssize_t)sizeof(ack) &&
	     ack.nh.nlmsg_type == NLMSG_ERROR && ack.err.error == 0;
	close(fd);
	if (!ok)
		errno = EPROTO;
	return ok ? 0 : -1;
}

static int plant_fake_bwrap(struct fixtures *f)
{
	return fmt(f->fake_bwrap, sizeof(f->fake_bwrap), "%s/fake-bwrap",
	           f->c->dir) < 0 ||
	               fixture_write_text(
	                   f->fake_bwrap,
	                   "#!/bin/sh\n"
	                   "echo 'bwrap: No permissions to create "
	                   "new namespace, likely because the "
	                   "kernel does not allow non-privileged "
	                   "user namespaces.' >&2\n"
	                   "exit 1\n",
	                   0755) < 0
	           ? -1
	           : 0;
}

int fixtures_setup(struct fixtures *f, unsigned want, const struct canaries *c,
                   struct tokens *tk, char *err, size_t err_size)
{
	const char *step = "";

	memset(f, 0, sizeof(*f));
	f->want = want;
	f->c = c;
	f->tk = tk;
	f->shm_id = -1;
	f->key_serial = -1;
	f->tty_master = f->tty_slave = f->dirfd = f->peer_stop = -1;
	snprintf(f->probe, sizeof(f->probe), "probe%lu",
	         rnd(100000000, 999999999));
	if (has(f, FIXTURE_SENTINEL) && fixture_start_sentinel(f) < 0)
		step = "the sentinel process";
	else if (has(f, FIXTURE_KEYRING) && plant_key(f) < 0)
		step = "the keyring key";
	else if (has(f, FIXTURE_SHM) && plant_shm(f) < 0)
		step = "the shared memory";
	else if (plant_files(f) < 0)
		step = "the root-only or stat file";
	else if (has(f, FIXTURE_ENV_INJECT) && plant_inject(f) < 0)
		step = "the injected startup files";
	else if (has(f, FIXTURE_BREAK_BACKEND) && plant_fake_bwrap(f) < 0)
		step = "the fake bwrap";
	else if (has(f, FIXTURE_PEER) && !tokens_add(f->tk, "peer session env"))
		step = "the peer's token";
	else if (has(f, FIXTURE_IFALIAS) && plant_ifalias(f) < 0)
		step = "the loopback's alias";
	if (!*step)
		return 0;
	snprintf(err, err_size, "cannot set up %s: %s", step, strerror(errno));
	fixtures_teardown(f);
	return -1;
}

int fixtures_env(const struct fixtures *f)
{
	char path[800];
	int rc = 0;

	if (has(f, FIXTURE_ENV_INJECT)) {
		rc |=
		    fmt(path, sizeof(path), "%s/inject/bash_env.sh", f->c->dir);
		rc |= setenv("BASH_ENV", path, 1);
		rc |= setenv("ENV", path, 1);
		rc |= fmt(path, sizeof(path), "%s/inject", f->c->dir);
		rc |= setenv("PYTHONPATH", path, 1);
		rc |= fmt(path, sizeof(path), "%s/inject/Rprofile", f->c->dir);
		rc |= setenv("R_PROFILE_USER", path, 1);
	}
	if (has(f, FIXTURE_PROXY)) {
		/* a port nobody listens on: a client that honours the proxy
		 * fails, one that bypasses it reaches the listener */
		rc |= setenv("http_proxy", "http://127.0.0.1:9", 1);
		rc |= setenv("https_proxy", "http://127.0.0.1:9", 1);
		rc |= setenv("HTTP_PROXY", "http://127.0.0.1:9", 1);
		rc |= setenv("HTTPS_PROXY", "http://127.0.0.1:9", 1);
		rc |= setenv("all_proxy", "http://127.0.0.1:9", 1);
		rc |= setenv("no_proxy", "", 1);
	}
	return rc ? -1 : 0;
}

/* ---- per run ------------------------------------------------------------ */

static int open_dirfd(struct fixtures *f)
{
	char dir[700];
	int fd;

	if (fmt(dir, sizeof(dir), "%s/dirfd-dir", f->c->dir) < 0 ||
	    (mkdir(dir, 0755) < 0 && errno != EEXIST) ||
	    (fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		return -1;
	/* without close-on-exec: a caller's forgotten descriptor */
	if (dup2(fd, DIRFD_NUMBER) < 0) {
		close(fd);
		return -1;
	}
	close(fd);
	f->dirfd = DIRFD_NUMBER;
	return 0;
}

int fixtures_before(struct fixtures *f, const struct column *col, char *err,
                    size_t err_size)
{
	const char *step = "";

	if (has(f, FIXTURE_SENTINEL) && fixture_watch_sentinel(f) < 0)
		step = "the sentinel's state";
	else if (has(f, FIXTURE_TTY) && fixture_open_tty(f) < 0)
		step = "the pseudo-terminal";
	else if (has(f, FIXTURE_VICTIM) && fixture_start_victim(f) < 0)
		step = "the victim process";
	else if (has(f, FIXTURE_DIRFD) && open_dirfd(f) < 0)
		step = "the leaked directory fd";
	else if (has(f, FIXTURE_PEER) && fixture_start_peer(f, col) < 0)
		step = "the peer session";
	else if (has(f, FIXTURE_SYSCTL) &&
	         read_line(SYSCTL_PATH, f->sysctl_before,
	                   sizeof(f->sysctl_before)) < 0)
		step = "the sysctl";
	else if (has(f, FIXTURE_HOSTNAME) &&
	         gethostname(f->hostname_before, sizeof(f->hostname_before)) <
	             0)
		step = "the hostname";
	else if (fixture_git_layout(f) < 0)
		step = "the git repository of the workspace";
	if (*step) {
		snprintf(err, err_size, "cannot set up %s: %s", step,
		         strerror(errno));
		return -1;
	}
	if (has(f, FIXTURE_BREAK_BACKEND) && !col->control && !col->external) {
		setenv("SECURER_BWRAP", f->fake_bwrap, 1);
		f->broke = true;
	}
	return 0;
}

void fixtures_targets(const struct fixtures *f, FILE *out)
{
	fprintf(out, "T_PROBE='%s'\n", f->probe);
	if (has(f, FIXTURE_SENTINEL))
		fprintf(out, "T_SENTINEL_PID='%d'\n", (int)f->sentinel);
	if (has(f, FIXTURE_KEYRING))
		fprintf(out, "T_KEY_DESC='%s'\n", f->key_desc);
	if (has(f, FIXTURE_SHM)) {
		struct shmid_ds ds;

		fprintf(out, "T_SHM_ID='%d'\nT_SHM_FILE='%s'\n", f->shm_id,
		        f->shm_file);
		if (shmctl(f->shm_id, IPC_STAT, &ds) == 0)
			fprintf(out, "T_SHM_KEY='%d'\n",
			        (int)ds.shm_perm.__key);
	}
	if (has(f, FIXTURE_ROOTFILE))
		fprintf(out, "T_ROOTFILE='%s'\n", f->rootfile);
	if (has(f, FIXTURE_STATFILE))
		fprintf(out, "T_STATFILE='%s'\n", f->statfile);
	if (has(f, FIXTURE_ETC_SECRETS))
		fprintf(out, "T_ETC_FILES='%s %s %s'\n", f->etc_files[0],
		        f->etc_files[1], f->etc_files[2]);
	if (has(f, FIXTURE_DIRFD))
		fprintf(out, "T_DIRFD='%d'\n", DIRFD_NUMBER);
	if (has(f, FIXTURE_TTY))
		fprintf(out, "T_TTY='%s'\n", f->tty_name);
	if (has(f, FIXTURE_VICTIM))
		fprintf(out, "T_VICTIM_PID='%d'\nT_VICTIM_EXE='%s'\n",
		        (int)f->victim, f->victim_exe);
	if (has(f, FIXTURE_PEER))
		fprintf(out, "T_PEER_PID='%d'\n", (int)f->peer_sandbox);
	if (has(f, FIXTURE_SYSCTL))
		fprintf(out, "T_SYSCTL='%s'\n", SYSCTL_PATH);
}

int fixtures_stdin(const struct fixtures *f)
{
	return f->tty_slave;
}

size_t fixtures_fds(const struct fixtures *f, const struct column *col,
                    int parent_fd[2], int child_fd[2])
{
	if (f->dirfd < 0 || !col->control)
		return 0;
	parent_fd[0] = child_fd[0] = f->dirfd;
	return 1;
}

bool fixtures_auto(const struct fixtures *f, const struct column *col)
{
	return has(f, FIXTURE_BREAK_BACKEND) && col->sandbox && !col->external;
}

/* Appends "; " and |text| to |ev|. */
void fixture_add_ev(char *ev, size_t size, size_t *used, const char *text)
{
	if (*used < size)
		*used += (size_t)snprintf(ev + *used, size - *used, "%s%s",
		                          *used ? "; " : "", text);
}

uint64_t fixtures_after(struct fixtures *f, char *ev, size_t size, size_t *used)
{
	uint64_t fired = 0;
	char now[128];

	if (f->broke) {
		unsetenv("SECURER_BWRAP");
		f->broke = false;
	}
	fired |= fixture_check_sentinel(f, ev, size, used);
	fired |= fixture_git_user(f, ev, size, used);
	fired |= fixture_check_tty(f, ev, size, used);
	if (f->tty_slave >= 0)
		close(f->tty_slave);
	if (f->tty_master >= 0)
		close(f->tty_master);
	f->tty_slave = f->tty_master = -1;
	fired |= fixture_check_victim(f, ev, size, used);
	if (f->dirfd >= 0) {
		/* back to a harmless placeholder, still at the same number */
		int null = open("/dev/null", O_RDONLY | O_CLOEXEC);

		if (null >= 0) {
			dup3(null, DIRFD_NUMBER, O_CLOEXEC);
			close(null);
		}
		f->dirfd = -1;
	}
	fixture_stop_peer(f);
	if (f->peer_flag[0] && access(f->peer_flag, F_OK) == 0) {
		fixture_add_ev(ev, size, used,
		               "callback: the peer session's tool "
		               "peer_canary was called");
		fired |= ORACLE_BIT(ORACLE_CALLBACK);
	}
	if (has(f, FIXTURE_SYSCTL) &&
	    read_line(SYSCTL_PATH, now, sizeof(now)) == 0 &&
	    strcmp(now, f->sysctl_before) != 0) {
		char text[256];

		snprintf(text, sizeof(text), "sysctl: %s changed from %s to %s",
		         SYSCTL_PATH, f->sysctl_before, now);
		fixture_add_ev(ev, size, used, text);
		fired |= ORACLE_BIT(ORACLE_SYSCTL);
		fixture_write_text(SYSCTL_PATH, f->sysctl_before, 0644);
	}
	if (has(f, FIXTURE_HOSTNAME) && gethostname(now, sizeof(now)) == 0 &&
	    strcmp(now, f->hostname_before) != 0) {
		char text[256];

		snprintf(text, sizeof(text),
		         "hostname: the worker's hostname changed "
		         "to \"%s\"",
		         now);
		fixture_add_ev(ev, size, used, text);
		fired |= ORACLE_BIT(ORACLE_HOSTNAME);
		sethostname(f->hostname_before, strlen(f->hostname_before));
	}
	return fired;
}

int fixtures_pids(const struct fixtures *f, pid_t *out, int max)
{
	int n = 0;

	if (f->sentinel > 0 && n < max)
		out[n++] = f->sentinel;
	if (f->victim > 0 && n < max)
		out[n++] = f->victim;
	if (f->peer > 0 && n < max)
		out[n++] = f->peer;
	return n;
}

void fixtures_teardown(struct fixtures *f)
{
	int status;

	if (f->peer > 0)
		fixture_stop_peer(f);
	if (f->sentinel > 0) {
		kill(-f->sentinel, SIGKILL);
		waitpid(f->sentinel, &status, 0);
		f->sentinel = 0;
	}
	if (f->victim > 0) {
		kill(f->victim, SIGKILL);
		waitpid(f->victim, &status, 0);
		f->victim = 0;
	}
	if (f->shm_id >= 0)
		shmctl(f->shm_id, IPC_RMID, NULL);
	f->shm_id = -1;
	if (f->shm_file[0])
		unlink(f->shm_file);
	f->shm_file[0] = '\0';
	for (int i = 0; i < 3; i++)
		if (f->etc_files[i][0]) {
			unlink(f->etc_files[i]);
			f->etc_files[i][0] = '\0';
		}
	if (f->key_serial >= 0)
		syscall(SYS_keyctl, 3 /* KEYCTL_REVOKE */, f->key_serial);
	f->key_serial = -1;
	if (f->broke)
		unsetenv("SECURER_BWRAP");
	f->broke = false;
}
