/*
 * worker_int.h - what worker.c (a row: its cells, their judging, the
 * worker process), worker_setup.c (the row's world) and worker_cmd.c
 * (what a cell runs: its policy, its command line or code) share.
 */
#ifndef SECURER_CONFORM_WORKER_INT_H
#define SECURER_CONFORM_WORKER_INT_H

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>

#include "canary.h"
#include "external.h"
#include "fixtures.h"
#include "listener.h"
#include "secrets.h"
#include "securer.h"
#include "worker.h"
#include "workload_judge.h"

#define MAX_ARGV (2 * EXTERNAL_MAX_ARGS)

/* One row's state, in its worker process. */
struct worker {
	const struct worker_ctx *ctx;
	const struct row *row;
	const struct attack *a;
	struct tokens tk;
	struct canaries c;
	struct fixtures fx;
	struct listener l;
	char targets[PATH_MAX];
	char *source;      /* session mode: the attack's code */
	char nonce[2][24]; /* T_NONCE of each stage, fresh per run */
	/* workloads: its folder as the current column sees it (T_SRC), the
	 * control's capture, the session tools */
	char src_seen[PATH_MAX];
	struct wl_capture ctl;
	securer_tools *tools;
};

struct prepared {
	securer_policy *policy;
	char bufs[2][PATH_MAX];
	const char *argv[MAX_ARGV + 1];
	char **ext_argv;
	char *code;
	securer_fd_map fds[2];
	size_t n_fds;
};

/* Does the column show the attack's files at /attack (a mount namespace),
 * or only where they are on the host (landlock: no mounts)? */
bool worker_column_mounts(const struct column *col);
/* The policy and the command line (or session code) of |w|'s attack under
 * |col|, with the fixtures' descriptors: 0, or -1 with |err| set. */
int worker_prepare(struct worker *w, const struct column *col,
                   struct prepared *p, char *err, size_t err_size);
void worker_release(struct prepared *p);
/* The row's world (worker_setup.c): canaries, fixtures, environment,
 * listeners, tools and code.  0, or -1 with |err| set. */
int worker_setup(struct worker *w, char *err, size_t err_size);
/* The backend refuses the attack's own policy (-EINVAL, naming the key):
 * true, with the reason in |why|. */
bool worker_policy_refused(const struct worker *w, const struct column *col,
                           const struct prepared *p, char *why, size_t size);

#endif
