/*
 * securer-init - the first process of every sandbox.
 *
 *   securer-init [-s FD] [-e FD] [-C DIR] [-r RES=N]... [-k FD]... -- CMD
 * [ARG]...
 *
 * Under bwrap it runs as pid 1 of the sandbox's pid namespace (--as-pid-1);
 * for the none and landlock backends it runs on the host as a
 * child subreaper.  Either way it parses its arguments into the reaper of
 * init_reap.h, which forks CMD, confines it, reports on it and kills
 * whatever it leaves.  It is linked statically against musl where the
 * build finds musl-gcc (Makefile): it starts in about 0.1 ms.
 *
 *   -s FD    status pipe: binary records (init_abi.h) for the library
 *   -e FD    becomes CMD's stderr (bwrap's own stderr is the library's)
 *   -C DIR   working directory of CMD
 *   -r RES=N setrlimit(RES, N) for CMD only (soft = hard); RES is one of
 *            cpu as fsize nofile nproc core stack
 *   -k FD    keep FD open for CMD; every other fd above 2 is closed
 *   -l FD    receive on socket FD the Landlock ruleset and the seccomp
 *            filter to put on CMD (the landlock backend: init_confine.h)
 *   -q BYTES:INODES:DIR  kill the run when it holds more than that on the
 *            filesystem of DIR (the landlock backend: init_budget.h)
 *
 *   securer-init -W FD
 *
 * waits on socket FD for its run, then goes on with the arguments,
 * environment and descriptors the run came with (a spare, started before
 * its run: lib/src/spare.c, init_spare.h).
 *
 * CMD "@securer-sh" is not executed: the forked child becomes the sh
 * runtime (sh_runtime.c).  "securer-init --tool ..." is an sh tool command.
 *
 * Rlimits are set here, inside the sandbox's user namespace, rather than
 * before bwrap: RLIMIT_NPROC then counts the processes of this sandbox
 * instead of every process of the user on the host.
 *
 * This file is built without sanitizers and embedded into libsecurer; it
 * runs under the seccomp filter and must only use allowed syscalls.
 */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "init_abi.h"
#include "init_reap.h"
#include "init_spare.h"
#include "proto_child.h"
#include "sh_runtime.h"
#include "signals_reset.h"

static struct reap_cfg cfg;

static void report_args(void)
{
	struct securer__status_rec r = {SECURER__ST_SETUP, SECURER__SETUP_ARGS,
	                                EINVAL, 0};

	if (cfg.status_fd >= 0)
		(void)!write(cfg.status_fd, &r, sizeof(r));
}

static int parse_fd(const char *s)
{
	char *end;
	long v = strtol(s, &end, 10);

	return (*end || v < 0 || v > 65535) ? -1 : (int)v;
}

static int parse_rlimit(const char *s)
{
	static const struct {
		const char *name;
		int res;
	} names[] = {
	    {"cpu", RLIMIT_CPU},     {"as", RLIMIT_AS},
	    {"fsize", RLIMIT_FSIZE}, {"nofile", RLIMIT_NOFILE},
	    {"nproc", RLIMIT_NPROC}, {"core", RLIMIT_CORE},
	    {"stack", RLIMIT_STACK},
	};
	const char *eq = strchr(s, '=');
	char *end;

	if (!eq || cfg.n_limits == REAP_MAX_RLIMITS)
		return -1;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (strlen(names[i].name) != (size_t)(eq - s) ||
		    strncmp(s, names[i].name, (size_t)(eq - s)) != 0)
			continue;
		cfg.limits[cfg.n_limits].res = names[i].res;
		cfg.limits[cfg.n_limits].val = strtoull(eq + 1, &end, 10);
		if (*end)
			return -1;
		cfg.n_limits++;
		return 0;
	}
	return -1;
}

/* Returns the index of CMD in argv, or -1. */
static int parse_args(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (strcmp(a, "--") == 0)
			return i + 1 < argc ? i + 1 : -1;
		if (i + 1 >= argc || a[0] != '-' || a[1] == '\0' ||
		    a[2] != '\0')
			return -1;
		switch (a[1]) {
		case 's':
			cfg.status_fd = parse_fd(argv[++i]);
			break;
		case 'e':
			cfg.err_fd = parse_fd(argv[++i]);
			break;
		case 'C':
			cfg.work_dir = argv[++i];
			break;
		case 'r':
			if (parse_rlimit(argv[++i]) < 0)
				return -1;
			break;
		case 'k':
			if (cfg.n_keep == REAP_MAX_KEEP ||
			    (cfg.keep[cfg.n_keep++] = parse_fd(argv[++i])) < 0)
				return -1;
			break;
		case 'l':
			if ((cfg.confine.sock = parse_fd(argv[++i])) < 0)
				return -1;
			break;
		case 'q':
			if (budget_parse(&cfg.budget, argv[++i]) < 0)
				return -1;
			break;
		default:
			return -1;
		}
	}
	return -1;
}

static void close_between(int lo, int hi)
{
	if (lo > hi)
		return;
	if (syscall(SYS_close_range, (unsigned)lo, (unsigned)hi, 0) == 0)
		return;
	for (int fd = lo; fd <= hi && fd < 65536; fd++) /* before Linux 5.9 */
		close(fd);
}

/* Close every fd the caller did not list, whatever its close-on-exec flag:
 * the gaps between the kept ones, one call each. */
static void close_unlisted(void)
{
	int keep[REAP_MAX_KEEP + 4], n = 0, next = 3;

	keep[n++] = cfg.status_fd;
	keep[n++] = cfg.err_fd;
	keep[n++] = cfg.confine.sock;
	for (int i = 0; i < cfg.n_keep; i++)
		keep[n++] = cfg.keep[i];
	for (int i = 1; i < n; i++) /* insertion sort: a handful */
		for (int j = i; j > 0 && keep[j - 1] > keep[j]; j--) {
			int t = keep[j];

			keep[j] = keep[j - 1];
			keep[j - 1] = t;
		}
	for (int i = 0; i < n; i++) {
		if (keep[i] < next)
			continue;
		close_between(next, keep[i] - 1);
		next = keep[i] + 1;
	}
	close_between(next, INT_MAX);
}

/* The commands that run in the forked child without an exec. */
static void builtin(char **cmd)
{
	int n = 0;

	if (strcmp(cmd[0], SH_RUNTIME_COMMAND) == 0) {
		if (cfg.status_fd >= 0)
			close(cfg.status_fd);
		while (cmd[n])
			n++;
		_exit(sh_runtime_main(n, cmd));
	}
	if (strcmp(cmd[0], PROTO_CHILD_COMMAND) == 0) {
		if (cfg.status_fd >= 0)
			close(cfg.status_fd);
		_exit(proto_child_main());
	}
}

int main(int argc, char **argv)
{
	int first;

	if (argc >= 2 && strcmp(argv[1], "--tool") == 0)
		return sh_tool_main(argc - 1, argv + 1);
	/* The command inherits the reaper's dispositions (init_reap.c): all
	 * default, whatever was ignored on the way here.  The library's spawn
	 * child leaves this to securer-init with every signal blocked. */
	securer__signals_reset();
	if (argc == 3 && strcmp(argv[1], "-W") == 0) {
		int sock = parse_fd(argv[2]);

		if (sock < 0)
			return 125;
		argc = spare_await(sock, &argv);
	}
	reap_cfg_init(&cfg);
	cfg.confine.loaded = spare_filter(&cfg.confine.loaded_len);
	cfg.builtin = builtin;
	first = parse_args(argc, argv);
	if (first < 0) {
		report_args();
		fprintf(stderr, "securer-init: bad arguments\n");
		return 125;
	}
	close_unlisted();
	return reap_run(&cfg, argv + first);
}
