/*
 * fixtures.h - what the runner sets up for the attacks that ask for it
 * (attack.json "fixtures", docs/attacks.md): processes, keys, segments and
 * files outside the sandbox holding tokens, a pty, a victim program, a
 * leaked directory fd, a second session, a broken backend, a workspace
 * that is a real git repository (and the user's git command after the
 * run), a token in the loopback's alias.
 *
 * A worker sets the fixtures of its row up once (fixtures_setup), then for
 * every run brackets it with fixtures_before and fixtures_after, which
 * prepare what each run needs fresh and report the oracles only fixtures
 * can see (tty, exe, sysctl, hostname, callback).  The sysctl and hostname
 * are the runner's own namespaces' (netns.h), never the host's.  Everything
 * lives under the case's directory or is ended by pid: nothing touches the
 * user's files, keys or processes.
 */
#ifndef SECURER_CONFORM_FIXTURES_H
#define SECURER_CONFORM_FIXTURES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "canary.h"
#include "model.h"

#define DIRFD_NUMBER 7 /* where the leaked directory fd sits */

struct fixtures {
	unsigned want; /* FIXTURE_BIT()s */
	const struct canaries *c;
	struct tokens *tk;
	/* set up once per row */
	pid_t sentinel;
	char sentinel_name[96];    /* its argv[0], holding the token */
	char sentinel_before[160]; /* its state before the run */
	int shm_id;
	char shm_file[128];
	char rootfile[700];
	char statfile[700];
	long key_serial;
	char key_desc[64];
	char fake_bwrap[700];
	char probe[40]; /* T_PROBE: the surface probes' nonce */
	/* etc-secrets: tokens in files under /etc beside what the system
	 * set shows (removed at teardown) */
	char etc_files[3][128];
	/* the git fixtures: the first run's layout, copied aside
	 * (git-template/), which the next runs copy back */
	bool git_saved;
	uint64_t git_hash; /* of git-template: changed, it is not used */
	/* per run */
	int tty_master, tty_slave;
	char tty_name[64];
	pid_t victim;
	char victim_exe[700];
	uint64_t victim_hash;
	int dirfd;
	pid_t peer;          /* the helper holding the peer session */
	pid_t peer_sandbox;  /* the peer session's sandbox, on the host */
	int peer_stop;       /* closing it tells the helper to stop */
	char peer_flag[700]; /* written by the peer's tool */
	char sysctl_before[64];
	char hostname_before[128];
	bool broke; /* SECURER_BWRAP points at the fake */
};

/* Sets up the row's fixtures under c->dir; tokens are added to |tk|.
 * 0, or -1 with the reason. */
int fixtures_setup(struct fixtures *f, unsigned want, const struct canaries *c,
                   struct tokens *tk, char *err, size_t err_size);
/* Variables the caller's environment gets (env-inject, proxy), applied
 * with setenv in the worker before any thread starts. */
int fixtures_env(const struct fixtures *f);

/* Before a run under |col|: fresh pty, victim, dirfd, peer; the values the
 * oracles compare against. */
int fixtures_before(struct fixtures *f, const struct column *col, char *err,
                    size_t err_size);
/* The fixture lines of the targets file. */
void fixtures_targets(const struct fixtures *f, FILE *out);
/* The run's stdin (the pty's slave), or -1. */
int fixtures_stdin(const struct fixtures *f);
/* Extra fds for the run: the dirfd, for the control only. */
size_t fixtures_fds(const struct fixtures *f, const struct column *col,
                    int parent_fd[2], int child_fd[2]);
/* Should this column's run use AUTO rather than its backend (a broken
 * bwrap must not make auto fall back to none)? */
bool fixtures_auto(const struct fixtures *f, const struct column *col);

/* After a run: the oracles of the fixtures, with evidence appended to
 * |ev| (|used| bytes used); restores what the run changed. */
uint64_t fixtures_after(struct fixtures *f, char *ev, size_t size,
                        size_t *used);

/* Processes of the fixtures, which the sampler and the sweep leave alone. */
int fixtures_pids(const struct fixtures *f, pid_t *out, int max);

void fixtures_teardown(struct fixtures *f);

#endif
