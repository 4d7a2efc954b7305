/*
 * fixture_proc.c - the fixtures that are processes or a terminal: the
 * sentinel (a row's), the victim and the pty (a run's), and the oracles
 * they see (fixtures_int.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "fixtures_int.h"
#include "fmt.h"

/* FNV-1a of a text: a line of evidence need not hold all of it. */
static unsigned long text_hash(const char *s)
{
	unsigned long h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h & 0xffffffffu;
}

/* ---- once per row ------------------------------------------------------- */

/* A shell whose argv ($0) holds the token, in its own process group;
 * started again with the same name when a run harmed it. */
int fixture_start_sentinel(struct fixtures *f)
{
	pid_t pid;

	if (!f->sentinel_name[0]) {
		const char *tok = tokens_add(f->tk, "sentinel process argv");

		if (!tok)
			return -1;
		snprintf(f->sentinel_name, sizeof(f->sentinel_name),
		         "sentinel-%s", tok);
	}
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		setpgid(0, 0);
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		execl("/bin/sh", "sh", "-c", "sleep 600; :", f->sentinel_name,
		      (char *)NULL);
		_exit(127);
	}
	setpgid(pid, pid);
	f->sentinel = pid;
	return 0;
}

/* What a run could change of the sentinel from outside: whether it runs
 * (stopped, traced), its nice value, its limits, its CPUs.  Into |out|,
 * one line; "" when it is gone. */
static void sentinel_state(pid_t pid, char *out, size_t size)
{
	char path[64], stat[1024], limits[4096];
	cpu_set_t cpus;
	int fd, nice = 0;
	char state = '?';
	ssize_t n;
	const char *p;

	out[0] = '\0';
	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return;
	n = read(fd, stat, sizeof(stat) - 1);
	close(fd);
	if (n <= 0)
		return;
	stat[n] = '\0';
	/* after "(comm) ": state, then field 19 is nice */
	if ((p = strrchr(stat, ')')) && sscanf(p + 2, "%c", &state) == 1) {
		for (int field = 3; field <= 19 && p; field++)
			p = strchr(p + 1, ' ');
		if (p)
			nice = atoi(p + 1);
	}
	if (state == 'Z' || state == 'X')
		return; /* dead, not yet reaped */
	snprintf(path, sizeof(path), "/proc/%d/limits", (int)pid);
	limits[0] = '\0';
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) >= 0) {
		n = read(fd, limits, sizeof(limits) - 1);
		limits[n > 0 ? n : 0] = '\0';
		close(fd);
	}
	CPU_ZERO(&cpus);
	sched_getaffinity(pid, sizeof(cpus), &cpus);
	snprintf(out, size, "state %c, nice %d, %d CPUs, limits %08lx",
	         state == 't'                   ? 'T'
	         : state == 'R' || state == 'D' ? 'S'
	                                        : state,
	         nice, CPU_COUNT(&cpus), text_hash(limits));
}

int fixture_watch_sentinel(struct fixtures *f)
{
	sentinel_state(f->sentinel, f->sentinel_before,
	               sizeof(f->sentinel_before));
	return f->sentinel_before[0] ? 0 : -1;
}

uint64_t fixture_check_sentinel(struct fixtures *f, char *ev, size_t size,
                                size_t *used)
{
	char now[160], text[400];
	int status;

	if (f->sentinel <= 0 || !f->sentinel_before[0])
		return 0;
	sentinel_state(f->sentinel, now, sizeof(now));
	f->sentinel_before[sizeof(f->sentinel_before) - 1] = '\0';
	if (strcmp(now, f->sentinel_before) == 0)
		return 0;
	snprintf(text, sizeof(text),
	         "sentinel: the process outside the run (pid %d) was %s "
	         "(before: %s; after: %s)",
	         (int)f->sentinel, now[0] ? "changed" : "killed",
	         f->sentinel_before, now[0] ? now : "gone");
	fixture_add_ev(ev, size, used, text);
	/* a fresh one for the next run, with the same name */
	kill(-f->sentinel, SIGKILL);
	kill(f->sentinel, SIGKILL);
	waitpid(f->sentinel, &status, 0);
	f->sentinel = 0;
	f->sentinel_before[0] = '\0';
	fixture_start_sentinel(f);
	return ORACLE_BIT(ORACLE_SENTINEL);
}

/* ---- per run ------------------------------------------------------------ */

int fixture_open_tty(struct fixtures *f)
{
	struct termios t;
	int m = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);

	if (m < 0 || grantpt(m) < 0 || unlockpt(m) < 0 ||
	    ptsname_r(m, f->tty_name, sizeof(f->tty_name)) != 0) {
		if (m >= 0)
			close(m);
		return -1;
	}
	f->tty_master = m;
	f->tty_slave = open(f->tty_name, O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (f->tty_slave < 0 || tcgetattr(f->tty_slave, &t) < 0)
		return -1;
	/* raw: a byte pushed into the input queue is readable at once */
	cfmakeraw(&t);
	return tcsetattr(f->tty_slave, TCSANOW, &t);
}

static int copy_file(const char *from, const char *to)
{
	char buf[65536];
	int in = open(from, O_RDONLY | O_CLOEXEC), out;
	ssize_t n;

	if (in < 0)
		return -1;
	out = open(to, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0755);
	if (out < 0) {
		close(in);
		return -1;
	}
	while ((n = read(in, buf, sizeof(buf))) > 0)
		if (write(out, buf, (size_t)n) != n) {
			n = -1;
			break;
		}
	close(in);
	return close(out) == 0 && n == 0 ? 0 : -1;
}

/* A copy of sleep, run for a few seconds by a process outside the run.
 * Returns once the copy runs: until its exec, /proc/PID/exe is this
 * program's, which an attack that holds it would take for the victim's
 * (under load, proc-exe-overwrite's control once held the harness's own
 * binary, busy for good, and was inconclusive). */
int fixture_start_victim(struct fixtures *f)
{
	int files, sync[2], err = 0, status;
	pid_t pid;
	ssize_t n;

	if (fmt(f->victim_exe, sizeof(f->victim_exe), "%s/victim", f->c->dir) <
	    0)
		return -1;
	unlink(f->victim_exe);
	if (copy_file("/bin/sleep", f->victim_exe) < 0 ||
	    canary_hash_tree(f->victim_exe, &f->victim_hash, &files) < 0 ||
	    pipe2(sync, O_CLOEXEC) < 0)
		return -1;
	pid = fork();
	if (pid < 0) {
		close(sync[0]);
		close(sync[1]);
		return -1;
	}
	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		execl(f->victim_exe, "victim", "1.5", (char *)NULL);
		err = errno;
		(void)!write(sync[1], &err, sizeof(err));
		_exit(127);
	}
	close(sync[1]);
	/* end of file: the exec closed it; an errno: the exec failed */
	while ((n = read(sync[0], &err, sizeof(err))) < 0 && errno == EINTR)
		;
	close(sync[0]);
	if (n != 0) {
		kill(pid, SIGKILL); /* a read error: it may be running */
		waitpid(pid, &status, 0);
		return -1;
	}
	f->victim = pid;
	return 0;
}

/* ---- after a run --------------------------------------------------------- */

uint64_t fixture_check_tty(struct fixtures *f, char *ev, size_t size,
                           size_t *used)
{
	char buf[64], clean[64];
	int queued = 0;
	ssize_t n;

	if (f->tty_slave < 0 || ioctl(f->tty_slave, FIONREAD, &queued) < 0 ||
	    queued <= 0)
		return 0;
	fcntl(f->tty_slave, F_SETFL, O_NONBLOCK);
	n = read(f->tty_slave, buf, sizeof(buf) - 1);
	for (ssize_t i = 0; i < (n > 0 ? n : 0); i++)
		clean[i] = buf[i] >= 32 && buf[i] < 127 ? buf[i] : '.';
	clean[n > 0 ? n : 0] = '\0';
	{
		char text[160];

		snprintf(text, sizeof(text),
		         "tty: %d bytes pushed into the terminal's "
		         "input queue (\"%s\")",
		         queued, clean);
		fixture_add_ev(ev, size, used, text);
	}
	return ORACLE_BIT(ORACLE_TTY);
}

uint64_t fixture_check_victim(struct fixtures *f, char *ev, size_t size,
                              size_t *used)
{
	uint64_t h = 0;
	int files, status;

	if (f->victim > 0) {
		kill(f->victim, SIGKILL);
		waitpid(f->victim, &status, 0);
		f->victim = 0;
	}
	if (!f->victim_exe[0] ||
	    (canary_hash_tree(f->victim_exe, &h, &files) == 0 &&
	     h == f->victim_hash))
		return 0;
	{
		char text[800];

		snprintf(text, sizeof(text),
		         "exe: the victim's program %.700s was %s",
		         f->victim_exe, h ? "rewritten" : "removed");
		fixture_add_ev(ev, size, used, text);
	}
	return ORACLE_BIT(ORACLE_EXE);
}
