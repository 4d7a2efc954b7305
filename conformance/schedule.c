/*
 * schedule.c - the rows, the workers, and the progress line (schedule.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "needs.h"
#include "schedule.h"
#include "securer.h"

#define WORKER_SLACK_MS 60000 /* beyond the sum of its runs' timeouts */

static bool runtime_selected(const char *list, enum lang l, enum mode m)
{
	char label[48], buf[512], *tok, *save = NULL;

	if (!list)
		return true;
	runtime_label(l, m, label, sizeof(label));
	snprintf(buf, sizeof(buf), "%s", list);
	for (tok = strtok_r(buf, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save))
		if (!strcmp(tok, label) || !strcmp(tok, lang_name(l)))
			return true;
	return false;
}

int schedule_rows(struct run *run, const char *runtimes, struct row **rows_out,
                  size_t *n_out)
{
	struct row *rows = NULL;
	size_t n = 0, cap = 0;
	bool external = false;

	/* an external backend runs programs only (sessions are securer's
	 * own): with one in the run, the workloads' scripts run as programs
	 * too, so that it is judged on both sides */
	for (int c = 0; c < run->n_cols; c++)
		external |= run->cols[c].external;

	for (size_t i = 0; i < run->n_attacks; i++)
		for (int l = 0; l < LANG_COUNT; l++)
			for (int m = 0; m < MODE_COUNT; m++) {
				const struct attack *a = &run->attacks[i];
				bool mode_ok =
				    a->workload && l == LANG_C
				        ? m == MODE_PROCESS
				        : (a->modes & (1u << m)) != 0 ||
				              (a->workload && !a->tools &&
				               external && m == MODE_PROCESS);

				if (!a->has[l] || !mode_ok ||
				    (l == LANG_C && m == MODE_SESSION) ||
				    !runtime_selected(runtimes, (enum lang)l,
				                      (enum mode)m))
					continue;
				if (n == cap) {
					struct row *grown;

					cap = cap ? 2 * cap : 64;
					if (!(grown = realloc(
					          rows, cap * sizeof(*rows)))) {
						free(rows);
						return -1;
					}
					rows = grown;
				}
				rows[n] =
				    (struct row){a, (enum lang)l, (enum mode)m,
				                 n * (size_t)run->n_cols};
				n++;
			}
	run->n_results = n * (size_t)run->n_cols;
	run->results =
	    calloc(run->n_results ? run->n_results : 1, sizeof(*run->results));
	if (!run->results) {
		free(rows);
		return -1;
	}
	for (size_t r = 0; r < n; r++)
		for (int c = 0; c < run->n_cols; c++) {
			struct result *x =
			    &run->results[rows[r].first + (size_t)c];

			x->attack = rows[r].attack;
			x->lang = rows[r].lang;
			x->mode = rows[r].mode;
			x->column = c;
			x->outcome = OUTCOME_ERROR;
			snprintf(x->evidence, sizeof(x->evidence), "not run");
		}
	*rows_out = rows;
	*n_out = n;
	return 0;
}

struct slot {
	pid_t pid;
	int fd;
	size_t row;
	int got;     /* cells received */
	size_t have; /* bytes of the cell being received */
	struct result buf;
	int64_t started, deadline;
	bool heavy, exclusive, timed; /* its row's class (its slots) */
};

struct sched {
	struct run *run;
	const struct row *rows;
	size_t n_rows, done;
	FILE *progress;
	bool tty;
	int64_t t0;
	size_t counts[OUTCOME_COUNT];
	size_t regressions;
	void (*judge)(void *, struct result *);
	void *judge_ctx;
};

static void row_line(struct sched *s, const struct row *row, int64_t ms)
{
	char label[48];
	size_t bad = 0;

	runtime_label(row->lang, row->mode, label, sizeof(label));
	if (s->tty) {
		int64_t el = securer_monotonic_ms() - s->t0;
		int64_t eta = s->done ? el * (int64_t)(s->n_rows - s->done) /
		                            (int64_t)s->done
		                      : 0;

		fprintf(s->progress,
		        "\r\033[K[%zu/%zu] %zu blocked, %zu succeeded, "
		        "%zu inconclusive, %zu skipped%s%zu%s | %s %s | ~%llds "
		        "left",
		        s->done, s->n_rows, s->counts[OUTCOME_BLOCKED],
		        s->counts[OUTCOME_SUCCEEDED],
		        s->counts[OUTCOME_INCONCLUSIVE],
		        s->counts[OUTCOME_SKIPPED],
		        s->regressions ? ", \033[31m" : "", s->regressions,
		        s->regressions ? " regressions\033[0m" : "",
		        row->attack->id, label, (long long)eta / 1000);
		fflush(s->progress);
		return;
	}
	fprintf(s->progress, "[%3zu/%zu] %s/%s %s:", s->done, s->n_rows,
	        row->attack->category, row->attack->id, label);
	for (int c = 0; c < s->run->n_cols; c++) {
		const struct result *r =
		    &s->run->results[row->first + (size_t)c];

		fprintf(s->progress, " %s=%s", s->run->cols[c].name,
		        outcome_name(r->outcome));
		bad += r->verdict == VERDICT_REGRESSION ||
		       r->verdict == VERDICT_UNLISTED;
	}
	fprintf(s->progress, " (%.1f s)%s\n", (double)ms / 1000,
	        bad ? "  <-- needs attention" : "");
	fflush(s->progress);
}

static void take_cell(struct sched *s, struct slot *sl)
{
	const struct row *row = &s->rows[sl->row];
	struct result *r;

	if (sl->got >= s->run->n_cols)
		return;
	r = &s->run->results[row->first + (size_t)sl->got];
	*r = sl->buf;
	/* the worker's copy of the attack pointer is ours: same image */
	r->attack = row->attack;
	r->column = sl->got++;
	if (s->judge)
		s->judge(s->judge_ctx, r);
	if (!s->run->cols[r->column].control) {
		s->counts[r->outcome]++;
		s->regressions += r->verdict == VERDICT_REGRESSION;
	}
}

/* Reads what the worker sent; true at end of file. */
static bool drain(struct sched *s, struct slot *sl)
{
	for (;;) {
		ssize_t n = read(sl->fd, (char *)&sl->buf + sl->have,
		                 sizeof(sl->buf) - sl->have);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n == 0 || errno != EAGAIN;
		sl->have += (size_t)n;
		if (sl->have == sizeof(sl->buf)) {
			take_cell(s, sl);
			sl->have = 0;
		}
	}
}

static void finish(struct sched *s, struct slot *sl)
{
	const struct row *row = &s->rows[sl->row];
	int status = 0;

	close(sl->fd);
	waitpid(sl->pid, &status, 0);
	for (int c = sl->got; c < s->run->n_cols; c++) {
		struct result *r = &s->run->results[row->first + (size_t)c];

		r->outcome = OUTCOME_ERROR;
		snprintf(r->evidence, sizeof(r->evidence),
		         "the row's worker %s before this case ran",
		         WIFSIGNALED(status)
		             ? "was killed (it overran its deadline, or "
		               "crashed)"
		             : "exited");
		if (s->judge)
			s->judge(s->judge_ctx, r);
		s->counts[OUTCOME_ERROR]++;
	}
	s->done++;
	row_line(s, row, securer_monotonic_ms() - sl->started);
	sl->pid = 0;
}

/* The longest a row may take: every column's runs, plus slack. */
static int64_t row_budget(const struct run *run, const struct row *row)
{
	int stages =
	    (row->attack->fixtures & FIXTURE_BIT(FIXTURE_SECOND_RUN)) ? 2 : 1;

	return (int64_t)run->n_cols * stages *
	           (row->attack->timeout_ms + 15000) +
	       WORKER_SLACK_MS;
}

static int start(struct sched *s, struct slot *sl, size_t r,
                 const struct worker_ctx *ctx, int nice_delta)
{
	sl->row = r;
	sl->got = 0;
	sl->have = 0;
	sl->started = securer_monotonic_ms();
	sl->deadline = sl->started + row_budget(s->run, &s->rows[r]);
	sl->pid = worker_spawn(ctx, &s->rows[r], nice_delta, &sl->fd);
	if (sl->pid <= 0)
		return -1;
	fcntl(sl->fd, F_SETFL, O_NONBLOCK);
	return 0;
}

/* The order rows run in.  Phase 0: the light rows, |jobs| at once, and
 * beside them the heavy rows (denial of service) one at a time, in a slot
 * of their own, exclusive ones first: the exclusive rows' host-wide gauges
 * (open files, disk, inodes, shared and available memory) have thresholds
 * far above what a light row moves (a few hundred files and descriptors,
 * some MiB), but two heavy rows would count each other's effects or starve
 * each other.  A heavy row beside light ones runs at a higher priority
 * (HEAVY_NICE: as root) so that its control gets a CPU whenever it wants
 * one, as it would alone: its oracles count time, processes and memory
 * that must be reached before its guard; the light rows only wait more.
 * Phase 1, once the light rows are done: the heavy rows left, at most one
 * per CPU (without the boost, that is not as root: all of them, one at a
 * time, since RLIMIT_NPROC counts the user's processes across rows, and
 * the exclusive rows run in the light rows' slots, one at a time).  The
 * longest go first.
 * A denial of service whose oracles only watch the clock and what is left
 * afterwards (sleep-forever, cpu-spin, daemonize: timeout, leftover) is
 * neither: it makes a process or two and waits for its guard, so it
 * cannot starve or be counted by another row; it runs in a slot of its
 * own beside all the others (TIMED_SLOTS), which its waiting would
 * otherwise hold in the heavy slot, one row after another, for about a
 * quarter of the run.  Without the boost it waits while a heavy row runs
 * (RLIMIT_NPROC again). */
enum row_class { CLASS_LIGHT, CLASS_TIMED, CLASS_DOS, CLASS_EXCLUSIVE };

#define TIMED_SLOTS   1
#define TIMED_ORACLES (ORACLE_BIT(ORACLE_TIMEOUT) | ORACLE_BIT(ORACLE_LEFTOVER))

#define HEAVY_NICE                                                             \
	(-3) /* weight 1991 against 1024 each: beside four light rows, two     \
	        thirds of a CPU */

static enum row_class row_class(const struct row *row)
{
	if (row->attack->exclusive)
		return CLASS_EXCLUSIVE;
	if (strcmp(row->attack->category, "dos") != 0)
		return CLASS_LIGHT;
	return (row->attack->oracles & ~TIMED_ORACLES) == 0 ? CLASS_TIMED
	                                                    : CLASS_DOS;
}

/* How long a row takes, roughly, to start the longest first: R starts
 * slowest (a session more so), then Python; a workload marked "slow"
 * (the data stacks) before all. */
static int row_cost(const struct row *row)
{
	int c = row->lang == LANG_R ? 4 : row->lang == LANG_PYTHON ? 2 : 0;

	c += row->mode == MODE_SESSION;
	return c + (row->attack->slow ? 8 : 0);
}

/* The next row of |cls| to start (CLASS_DOS: an exclusive one first, then
 * any heavy one), or n_rows when there is none. */
static size_t pick(const struct row *rows, size_t n_rows, const bool *taken,
                   enum row_class cls, bool exclusive_ok)
{
	size_t best = n_rows;

	if (cls == CLASS_DOS && exclusive_ok)
		for (size_t r = 0; r < n_rows; r++)
			if (!taken[r] && row_class(&rows[r]) == CLASS_EXCLUSIVE)
				return r;
	/* the longest first, so that the last rows to finish are short */
	for (size_t r = 0; r < n_rows; r++)
		if (!taken[r] && row_class(&rows[r]) == cls &&
		    (best == n_rows ||
		     row_cost(&rows[r]) > row_cost(&rows[best])))
			best = r;
	return best;
}

static void skip_row(struct sched *s, size_t r, const char *why, bool na)
{
	for (int c = 0; c < s->run->n_cols; c++) {
		struct result *x =
		    &s->run->results[s->rows[r].first + (size_t)c];

		x->outcome = OUTCOME_SKIPPED;
		x->not_applicable = na;
		snprintf(x->evidence, sizeof(x->evidence), "%s", why);
		if (s->judge)
			s->judge(s->judge_ctx, x);
		if (!s->run->cols[c].control)
			s->counts[OUTCOME_SKIPPED]++;
	}
	s->done++;
	row_line(s, &s->rows[r], 0);
}

/* Starts row |r| in a free slot (or skips it when it cannot run): -1 on a
 * harness error. */
static int launch(struct sched *s, struct slot *slots, size_t r, bool *taken,
                  const struct worker_ctx *ctx, enum row_class slot_class,
                  int nice_delta)
{
	char why[512];
	const char *no;
	bool na;

	taken[r] = true;
	if ((no = worker_cannot_run(&s->rows[r], why, sizeof(why), &na))) {
		skip_row(s, r, no, na);
		return 0;
	}
	for (int i = 0; i < 64; i++)
		if (!slots[i].pid) {
			slots[i].heavy = slot_class == CLASS_DOS;
			slots[i].timed = slot_class == CLASS_TIMED;
			slots[i].exclusive =
			    row_class(&s->rows[r]) == CLASS_EXCLUSIVE;
			if (start(s, &slots[i], r, ctx, nice_delta) < 0) {
				perror("securer conform: fork");
				return -1;
			}
			return 1;
		}
	return -1; /* never: at most 64 slots are ever used */
}

static bool untaken(const struct row *rows, size_t n_rows, const bool *taken,
                    enum row_class cls)
{
	for (size_t r = 0; r < n_rows; r++)
		if (!taken[r] && row_class(&rows[r]) == cls)
			return true;
	return false;
}

int schedule_run(struct run *run, const struct row *rows, size_t n_rows,
                 const struct worker_ctx *ctx, int jobs, FILE *progress,
                 void (*judge)(void *, struct result *), void *judge_ctx)
{
	struct sched s = {run,
	                  rows,
	                  n_rows,
	                  0,
	                  progress,
	                  isatty(fileno(progress)),
	                  securer_monotonic_ms(),
	                  {0},
	                  0,
	                  judge,
	                  judge_ctx};
	struct slot slots[64];
	bool *taken = calloc(n_rows ? n_rows : 1, sizeof(*taken));
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	/* only root may raise a worker's priority (HEAVY_NICE) */
	bool boost = geteuid() == 0;
	int light = 0, heavy = 0, exclusive = 0, timed = 0, heavy_cap;

	if (!taken)
		return -1;
	if (jobs < 1)
		jobs = 1;
	if (jobs > 32)
		jobs = 32;
	heavy_cap = cpus >= 1 && jobs > cpus ? (int)cpus : jobs;
	/* Not root: a run's process limit is RLIMIT_NPROC, which counts every
	 * process of the user, so a fork bomb held at it leaves no process
	 * for a heavy row beside it (core-dump's sh runtime: "cannot start
	 * /bin/sh: Resource temporarily unavailable"); as root each run has a
	 * pids cgroup of its own.  So without root, one heavy row at a time. */
	if (geteuid() != 0)
		heavy_cap = 1;
	memset(slots, 0, sizeof(slots));
	for (;;) {
		struct pollfd p[64];
		int idx[64], np = 0, started = 1;
		int64_t now;

		while (started > 0) {
			bool lights_left;
			size_t r = n_rows;

			started = 0;
			/* the light slots; without the boost the exclusive
			 * rows take one of them, one at a time */
			if (light < jobs) {
				if (!boost && !exclusive)
					r = pick(rows, n_rows, taken,
					         CLASS_EXCLUSIVE, false);
				if (r == n_rows)
					r = pick(rows, n_rows, taken,
					         CLASS_LIGHT, false);
				if (r != n_rows) {
					bool ex = row_class(&rows[r]) ==
					          CLASS_EXCLUSIVE;

					if ((started = launch(
					         &s, slots, r, taken, ctx,
					         CLASS_LIGHT, 0)) < 0)
						goto fail;
					light += started;
					exclusive += started && ex;
					started = 1;
					continue;
				}
			}
			/* the timed slot */
			if (timed < TIMED_SLOTS && (boost || !heavy) &&
			    (r = pick(rows, n_rows, taken, CLASS_TIMED,
			              false)) != n_rows) {
				if ((started = launch(&s, slots, r, taken, ctx,
				                      CLASS_TIMED, 0)) < 0)
					goto fail;
				timed += started;
				started = 1;
				continue;
			}
			/* the heavy slots: one beside the light rows (with
			 * the boost), one per CPU after them; an exclusive
			 * row alone among the heavy ones */
			lights_left =
			    light > 0 ||
			    untaken(rows, n_rows, taken, CLASS_LIGHT) ||
			    (!boost &&
			     untaken(rows, n_rows, taken, CLASS_EXCLUSIVE));
			if (exclusive || (!boost && timed) ||
			    heavy >=
			        (lights_left ? (boost ? 1 : 0) : heavy_cap))
				continue;
			r = pick(rows, n_rows, taken, CLASS_DOS, heavy == 0);
			if (r == n_rows)
				continue;
			{
				bool ex =
				    row_class(&rows[r]) == CLASS_EXCLUSIVE;

				if ((started = launch(
				         &s, slots, r, taken, ctx, CLASS_DOS,
				         boost ? HEAVY_NICE : 0)) < 0)
					goto fail;
				heavy += started;
				exclusive += started && ex;
				started = 1;
			}
		}
		now = securer_monotonic_ms();
		for (int i = 0; i < 64; i++)
			if (slots[i].pid) {
				if (now > slots[i].deadline)
					kill(slots[i].pid, SIGKILL);
				p[np] = (struct pollfd){slots[i].fd, POLLIN, 0};
				idx[np++] = i;
			}
		if (!np)
			break; /* nothing running, nothing left to start */
		if (poll(p, (nfds_t)np, 1000) < 0 && errno != EINTR)
			goto fail;
		for (int k = 0; k < np; k++) {
			struct slot *sl = &slots[idx[k]];

			if (!p[k].revents || !drain(&s, sl))
				continue;
			if (sl->heavy)
				heavy--;
			else if (sl->timed)
				timed--;
			else
				light--;
			exclusive -= sl->exclusive;
			finish(&s, sl);
		}
	}
	free(taken);
	if (s.tty)
		fprintf(progress, "\n");
	return 0;
fail:
	free(taken);
	return -1;
}
