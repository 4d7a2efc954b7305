/*
 * worker.c - one row, in a process of its own (worker.h): canaries,
 * fixtures and listeners up (worker_setup.c); the control, then every
 * column, each run (its policy and command: worker_cmd.c) judged by its
 * effects; results sent back; everything torn down.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "case.h"
#include "external.h"
#include "fixtures.h"
#include "fmt.h"
#include "judge.h"
#include "listener.h"
#include "netns.h"
#include "oracle.h"
#include "securer_conform.h"
#include "securer_harness.h" /* securer__cgroup_drain, securer__spares_off */
#include "worker.h"
#include "worker_int.h"
#include "workload.h"
#include "workload_judge.h"

#define REAP_MS 10000 /* for a case's killed processes to be gone */
/* the oracles the sampler sees while the run goes on (case.h: stop_on) */
#define SAMPLED_ORACLES                                                        \
	(ORACLE_BIT(ORACLE_PROCS) | ORACLE_BIT(ORACLE_THREADS) |               \
	 ORACLE_BIT(ORACLE_ZOMBIES) | ORACLE_BIT(ORACLE_MEMORY) |              \
	 ORACLE_BIT(ORACLE_FDS) | ORACLE_BIT(ORACLE_DISK) |                    \
	 ORACLE_BIT(ORACLE_INODES) | ORACLE_BIT(ORACLE_SHMEM))

static int write_targets(struct worker *w, int stage)
{
	FILE *f = fopen(w->targets, "w");

	if (!f)
		return -1;
	fprintf(f,
	        "# where the canaries are (never what they hold)\n"
	        "T_CASE='%s'\nT_HOME='%s'\nT_PROD='%s'\nT_WORK='%s'\n"
	        "T_MARKER='%s'\nT_TCP_HOST='127.0.0.1'\nT_TCP_PORT='%d'\n"
	        "T_HOST_ADDR='%s'\nT_UDP_PORT='%d'\nT_UNIX_SOCK='%s'\n"
	        "T_AGENT_SOCK='%s'\nT_DOCKER_SOCK='%s'\nT_DBUS_SOCK='%s'\n"
	        "T_BACKDOOR_PORT='%d'\nT_META_ADDR='%s'\nT_STAGE='%d'\n"
	        "T_ABSTRACT_SOCK='%s'\n",
	        w->c.dir, w->c.home, w->c.prod, w->c.work, w->c.marker,
	        w->l.tcp_port, w->l.host_addr, w->l.udp_port, w->l.unix_path[0],
	        w->l.unix_path[1], w->l.unix_path[2], w->l.unix_path[3],
	        w->l.backdoor_port, w->l.meta_addr, stage, w->l.abstract_name);
	if (w->a->workload)
		fprintf(f, "T_SRC='%s'\n", w->src_seen);
	fprintf(f, "T_NONCE='%s'\n", w->nonce[stage == 2]);
	if (w->l.tcp6_port)
		fprintf(f, "T_TCP6_PORT='%d'\n", w->l.tcp6_port);
	else
		fprintf(f, "T_TCP6_PORT=''\n");
	fixtures_targets(&w->fx, f);
	return fclose(f);
}

/* ---- one cell ------------------------------------------------------------ */

static void new_nonces(struct worker *w)
{
	for (int i = 0; i < 2; i++) {
		unsigned long long v = 0;

		if (getrandom(&v, sizeof(v), 0) != sizeof(v))
			v = (unsigned long long)getpid() * 2654435761u +
			    (unsigned)i;
		snprintf(w->nonce[i], sizeof(w->nonce[i]), "n%llx", v);
	}
}

/* same-session: the targets of the second execute, in the same file */
static void second_execute(void *ctx, int execute)
{
	(void)execute;
	write_targets(ctx, 2);
}

/* same-session: did what the first execute's code left running write
 * into the second execute's result? */
static uint64_t carryover(const struct worker *w, const struct case_out *o,
                          char *ev, size_t size, size_t *used)
{
	char d[300];

	if (!(w->a->fixtures & FIXTURE_BIT(FIXTURE_SAME_SESSION)) ||
	    o->last_at >= o->out_len ||
	    !memmem(o->out + o->last_at, o->out_len - o->last_at, w->nonce[0],
	            strlen(w->nonce[0])))
		return 0;
	snprintf(d, sizeof(d),
	         "the second execute's result holds what the "
	         "first execute's code wrote (its nonce %s)",
	         w->nonce[0]);
	judge_add(ev, size, used, "carryover", d);
	return ORACLE_BIT(ORACLE_CARRYOVER);
}

static void merge(struct case_out *into, struct case_out *from)
{
	size_t room = CASE_OUTPUT_MAX - into->out_len;
	size_t k = from->out_len < room ? from->out_len : room;

	memcpy(into->out + into->out_len, from->out, k);
	into->out_len += k;
	into->out[into->out_len] = '\0';
#define MAX_INTO(f) into->f = from->f > into->f ? from->f : into->f
	MAX_INTO(elapsed_ms);
	MAX_INTO(peak_procs);
	MAX_INTO(peak_threads);
	MAX_INTO(peak_zombies);
	MAX_INTO(peak_rss_kb);
	MAX_INTO(files_peak);
#undef MAX_INTO
	into->timed_out |= from->timed_out;
	into->low_memory |= from->low_memory;
	case_out_release(from);
}

static void not_run(struct result *r, enum outcome o, const char *why)
{
	r->outcome = o;
	snprintf(r->evidence, sizeof(r->evidence), "%s", why);
}

/* A workload's run: by its result lines and file against its control's
 * (workload_judge.h), never by the oracles, which only cleaned up. */
static void judge_workload(struct worker *w, const struct column *col,
                           struct result *r, int rc, const struct case_out *o)
{
	struct wl_capture run;

	r->fired = 0;
	if (wl_capture(w->a, rc, o, w->c.work, &run) < 0) {
		not_run(r, OUTCOME_ERROR, "out of memory");
		return;
	}
	if (col->control) {
		wl_capture_release(&w->ctl);
		w->ctl = run;
		if (wl_control_ok(w->a, &w->ctl, r->evidence,
		                  sizeof(r->evidence))) {
			r->outcome = OUTCOME_WORKS;
			snprintf(r->evidence, sizeof(r->evidence),
			         "%zu result lines%s%s", w->ctl.n_lines,
			         w->a->output_file[0] ? " and " : "",
			         w->a->output_file);
		} else {
			r->outcome = OUTCOME_INCONCLUSIVE;
		}
		return;
	}
	r->outcome =
	    wl_judge(w->a, &w->ctl, &run, r->evidence, sizeof(r->evidence));
	wl_capture_release(&run);
}

/* TMPDIR for a cell of |col|: WORKER_TMP for the none backend, the
 * worker's own otherwise. */
static void column_tmpdir(const struct worker *w, const struct column *col)
{
	static char *outer;
	static bool saved;
	char tmp[PATH_MAX];

	if (!saved) {
		const char *t = getenv("TMPDIR");

		outer = t ? strdup(t) : NULL;
		saved = true;
	}
	if (!col->control && !col->external &&
	    col->backend == SECURER_BACKEND_NONE &&
	    fmt(tmp, sizeof(tmp), "%s/" WORKER_TMP, w->ctx->root) == 0)
		setenv("TMPDIR", tmp, 1);
	else if (outer)
		setenv("TMPDIR", outer, 1);
	else
		unsetenv("TMPDIR");
}

static void run_cell(struct worker *w, struct result *r,
                     const struct result *ctl)
{
	const struct column *col = &w->ctx->cols[r->column];
	struct prepared p;
	struct case_out out, again;
	struct case_spec spec;
	pid_t excl[MAX_EXCLUDED];
	char err[512] = "", stage2[800], refused[600] = "";
	size_t used = 0;
	int stages = (w->a->fixtures & FIXTURE_BIT(FIXTURE_SECOND_RUN)) ? 2 : 1;
	int rc, left = 0;
	bool synced;

	if (!col->usable)
		return not_run(r, OUTCOME_SKIPPED, col->reason);
	if (col->external && w->row->mode == MODE_SESSION)
		return not_run(
		    r, OUTCOME_SKIPPED,
		    "sessions are securer's own: an external backend "
		    "runs the attack as a program");
	if (ctl && ctl->outcome == OUTCOME_SKIPPED)
		return not_run(r, OUTCOME_SKIPPED, ctl->evidence);
	if (ctl && w->a->workload && ctl->outcome != OUTCOME_WORKS)
		return not_run(
		    r, OUTCOME_INCONCLUSIVE,
		    "not run: the workload does not work unconfined (its "
		    "control), so breaking here would prove nothing");
	if (ctl && !w->a->workload && ctl->outcome != OUTCOME_SUCCEEDED)
		return not_run(
		    r, OUTCOME_INCONCLUSIVE,
		    "not run: the control did not show the attack's effect, "
		    "so blocking it here would prove nothing");
	snprintf(w->src_seen, sizeof(w->src_seen), "%s",
	         worker_column_mounts(col) ? "/attack/src" : w->a->src_dir);
	new_nonces(w);
	column_tmpdir(w, col);
	if (canary_reset(&w->c, &w->tk, err, sizeof(err)) < 0 ||
	    fixtures_before(&w->fx, col, err, sizeof(err)) < 0 ||
	    canary_rehash(&w->c) < 0 || /* a git fixture's repository */
	    write_targets(w, 1) < 0 ||
	    worker_prepare(w, col, &p, err, sizeof(err)) < 0) {
		fixtures_after(&w->fx, r->evidence, sizeof(r->evidence), &used);
		return not_run(r, OUTCOME_ERROR,
		               err[0] ? err : strerror(errno));
	}
	if (worker_policy_refused(w, col, &p, err, sizeof(err))) {
		/* what it attacks (a loopback of its own, a bind elsewhere)
		 * does not exist under this backend, which says so */
		fixtures_after(&w->fx, r->evidence, sizeof(r->evidence), &used);
		worker_release(&p);
		r->not_applicable = true;
		return not_run(r, OUTCOME_SKIPPED, err);
	}
	snprintf(stage2, sizeof(stage2), "#!/bin/sh\ntouch '%s'\n",
	         w->c.marker);
	listener_reset(&w->l, stage2);
	spec = (struct case_spec){
	    .mode = w->row->mode,
	    .lang = w->row->lang,
	    .backend = fixtures_auto(&w->fx, col) ? SECURER_BACKEND_AUTO
	               : col->control || col->external
	                   ? SECURER_BACKEND_NONE
	                   : (securer_backend)col->backend,
	    .policy = p.policy,
	    .argv = p.argv,
	    .code = p.code,
	    .tools = w->a->tools ? w->tools : NULL,
	    .stdin_fd = fixtures_stdin(&w->fx),
	    .fds = p.fds,
	    .n_fds = p.n_fds,
	    .timeout_ms = w->a->timeout_ms + (col->control ? GRACE_MS : 0),
	    .excluded = excl,
	    .n_excluded = fixtures_pids(&w->fx, excl, MAX_EXCLUDED),
	    .want_caps = w->a->oracles & ORACLE_BIT(ORACLE_CAPS),
	    .gauge_path = w->a->exclusive ? w->c.dir : NULL,
	    /* a run whose watched count or gauge crossed its threshold has
	     * shown its effect: stopped then, not run on to its guard */
	    .stop_on = w->a->workload ? 0 : w->a->oracles & SAMPLED_ORACLES,
	    .raw = col->control && w->row->mode == MODE_PROCESS,
	    .cwd = w->c.work,
	    .executes =
	        (w->a->fixtures & FIXTURE_BIT(FIXTURE_SAME_SESSION)) ? 2 : 1,
	    .between = second_execute,
	    .between_ctx = w,
	};
	rc = case_run(&spec, &out);
	if (rc == 0 && stages == 2 && write_targets(w, 2) == 0) {
		/* the same policy, loaded before the first run: what that run
		 * changed meets the second start */
		if (case_run(&spec, &again) < 0 && !col->control) {
			fmt(refused, sizeof(refused), "%.590s", again.msg);
			case_out_release(&again);
		} else {
			merge(&out, &again);
		}
	}
	r->ms = out.elapsed_ms;
	/* all that the run sent is counted before the oracles look: the
	 * listener's thread may not have been scheduled since */
	synced = listener_sync(&w->l) == 0;
	if (rc < 0 && fixtures_auto(&w->fx, col)) {
		/* a broken backend must make the library refuse */
		r->outcome = OUTCOME_BLOCKED;
		fmt(r->evidence, sizeof(r->evidence),
		    "the library refused to run it "
		    "with the backend broken: %.900s",
		    out.msg);
	} else if (rc < 0) {
		r->outcome = OUTCOME_ERROR;
		fmt(r->evidence, sizeof(r->evidence),
		    "securer could not run it: %.900s", out.msg);
	} else {
		struct judge_in in = {w->a,
		                      &w->tk,
		                      &w->c,
		                      &w->l,
		                      &out,
		                      w->fx.probe,
		                      w->a->timeout_ms + GRACE_MS,
		                      excl,
		                      spec.n_excluded};

		r->fired = judge(&in, r->evidence, sizeof(r->evidence), &used);
		r->fired |=
		    carryover(w, &out, r->evidence, sizeof(r->evidence), &used);
	}
	r->fired |=
	    fixtures_after(&w->fx, r->evidence, sizeof(r->evidence), &used);
	{
		int n_excl = fixtures_pids(&w->fx, excl, MAX_EXCLUDED);

		int swept =
		    oracle_sweep(w->c.dir, excl, n_excl, err, sizeof(err));

		/* the next case starts from a quiet worker; its sampler would
		 * not count a straggler anyway (sampler.h), but the host would
		 * still hold its memory */
		left = oracle_reap(excl, n_excl, swept, REAP_MS);
		/* what the case left may hold a planted tree open */
		w->c.replant = swept > 0 || left > 0 || rc < 0 ||
		               (r->fired & ORACLE_BIT(ORACLE_LEFTOVER)) != 0;
	}
	if (w->a->workload)
		judge_workload(w, col, r, rc, &out);
	else if (rc == 0 && col->control) {
		r->outcome = (r->fired & w->a->oracles) ? OUTCOME_SUCCEEDED
		                                        : OUTCOME_INCONCLUSIVE;
		if (r->outcome == OUTCOME_INCONCLUSIVE) {
			char seen[256];

			snprintf(seen, sizeof(seen), "%s", r->evidence);
			fmt(r->evidence, sizeof(r->evidence),
			    "the control showed no effect its oracle "
			    "watches%s%.200s%s; "
			    "%s%s%sover after %lld ms; output: %.500s",
			    r->fired ? " (other oracles: " : "",
			    r->fired ? seen : "", r->fired ? ")" : "",
			    out.ending[0] ? "it " : "", out.ending,
			    out.ending[0] ? ", " : "",
			    (long long)out.elapsed_ms, out.out);
		}
	} else if (rc == 0) {
		r->outcome = r->fired ? OUTCOME_SUCCEEDED : OUTCOME_BLOCKED;
		if (!r->fired)
			fmt(r->evidence, sizeof(r->evidence),
			    "no oracle fired (at most %d processes, %lld MiB "
			    "held; "
			    "over after %lld ms%s%s%s)",
			    out.peak_procs, out.peak_rss_kb / 1024,
			    (long long)out.elapsed_ms,
			    out.timed_out ? ", killed at its timeout" : "",
			    out.error_kind[0] && strcmp(out.error_kind, "none")
			        ? "; the execute ended with error kind "
			        : "",
			    strcmp(out.error_kind, "none") ? out.error_kind
			                                   : "");
		/* a second start refused after what the first run changed:
		 * failing closed, judged by the first run's effects */
		if (refused[0])
			fmt(r->evidence + strlen(r->evidence),
			    sizeof(r->evidence) - strlen(r->evidence),
			    "; the library refused to start the second run: "
			    "%.400s",
			    refused);
	}
	if (out.stopped[0] && !w->a->workload)
		fmt(r->evidence + strlen(r->evidence),
		    sizeof(r->evidence) - strlen(r->evidence),
		    "%sstopped as soon as its %s threshold was crossed",
		    r->evidence[0] ? "; " : "", out.stopped);
	if (!synced && !w->a->workload)
		fmt(r->evidence + strlen(r->evidence),
		    sizeof(r->evidence) - strlen(r->evidence),
		    "%sthe listeners did not answer within 10 s: what they had "
		    "not yet read is not counted",
		    r->evidence[0] ? "; " : "");
	if (left > 0)
		fmt(r->evidence + strlen(r->evidence),
		    sizeof(r->evidence) - strlen(r->evidence),
		    "%s%d processes of this case still alive %d ms after "
		    "SIGKILL",
		    r->evidence[0] ? "; " : "", left, REAP_MS);
	case_out_release(&out);
	worker_release(&p);
}

/* ---- the row ------------------------------------------------------------- */

static void send_result(int fd, const struct result *r)
{
	/* one struct per write: under PIPE_BUF, never interleaved */
	(void)!write(fd, r, sizeof(*r));
}

static void worker_main(const struct worker_ctx *ctx, const struct row *row,
                        int fd)
{
	struct worker w = {.ctx = ctx, .row = row, .a = row->attack};
	char err[1024] = "", ev[256];
	bool netns_ok = true;
	int null;

	prctl(PR_SET_CHILD_SUBREAPER, 1);
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	securer__spares_off(); /* every process after a run is judged */
	/* the leaked directory fd's number stays ours (fixtures.h) */
	if ((null = open("/dev/null", O_RDONLY | O_CLOEXEC)) >= 0 &&
	    null != DIRFD_NUMBER) {
		dup3(null, DIRFD_NUMBER, O_CLOEXEC);
		close(null);
	}
	/* its own network and UTS namespaces, before any thread (netns.h) */
	if (geteuid() == 0 && netns_available(err, sizeof(err)))
		netns_ok = netns_enter(err, sizeof(err)) == 0;
	if (!netns_ok || worker_setup(&w, err, sizeof(err)) < 0) {
		for (int c = 0; c < ctx->n_cols; c++) {
			struct result r = {.attack = w.a,
			                   .lang = row->lang,
			                   .mode = row->mode,
			                   .column = c,
			                   .outcome = OUTCOME_ERROR};

			snprintf(r.evidence, sizeof(r.evidence), "%s", err);
			send_result(fd, &r);
		}
		securer__cgroup_drain();
		_exit(0);
	}
	{
		struct result res[MAX_COLUMNS];

		for (int c = 0; c < ctx->n_cols; c++) {
			res[c] = (struct result){.attack = w.a,
			                         .lang = row->lang,
			                         .mode = row->mode,
			                         .column = c};
			run_cell(&w, &res[c], c == 0 ? NULL : &res[0]);
			send_result(fd, &res[c]);
		}
	}
	fixtures_teardown(&w.fx);
	listener_stop(&w.l);
	oracle_sweep(w.c.dir, NULL, 0, ev, sizeof(ev));
	if (!ctx->keep)
		canary_remove(&w.c);
	free(w.source);
	wl_capture_release(&w.ctl);
	securer_tools_free(w.tools);
	securer__cgroup_drain();
	_exit(0);
}

pid_t worker_spawn(const struct worker_ctx *ctx, const struct row *row,
                   int nice_delta, int *fd)
{
	int p[2];
	pid_t pid;

	if (pipe2(p, O_CLOEXEC) < 0)
		return -1;
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		/* above the leaked directory fd's number, which the worker
		 * takes over (with many jobs, the pipe may have been given it)
		 */
		int out = fcntl(p[1], F_DUPFD_CLOEXEC, DIRFD_NUMBER + 1);

		close(p[0]);
		close(p[1]);
		if (out < 0)
			_exit(1);
		/* before any thread or child: they inherit it */
		if (nice_delta)
			(void)!nice(nice_delta);
		worker_main(ctx, row, out);
	}
	close(p[1]);
	if (pid < 0) {
		close(p[0]);
		return -1;
	}
	*fd = p[0];
	return pid;
}
