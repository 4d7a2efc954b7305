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
                 const struct worker_ctx *ctx)
{
	sl->row = r;
	sl->got = 0;
	sl->have = 0;
	sl->started = securer_monotonic_ms();
	sl->deadline = sl->started + row_budget(s->run, &s->rows[r]);
	sl->pid = worker_spawn(ctx, &s->rows[r], r, &sl->fd);
	if (sl->pid <= 0)
		return -1;
	fcntl(sl->fd, F_SETFL, O_NONBLOCK);
	return 0;
}

/* The order rows run in.  Phase 0: the light rows, |jobs| at once, and
 * beside them the exclusive rows one at a time: their host-wide gauges
 * (open files, disk, inodes, available memory) have thresholds far above
 * what a light row moves (a few hundred files and descriptors, some MiB),
 * but two exclusive rows would count each other's effects.  Phase 1: the
 * denial-of-service rows, at most one per CPU: their controls load the
 * machine and their oracles count time and processes, so they must not
 * starve each other.  Exclusive rows go first, being the longest. */
enum row_class { CLASS_LIGHT, CLASS_DOS, CLASS_EXCLUSIVE };

static enum row_class row_class(const struct row *row)
{
	if (row->attack->exclusive)
		return CLASS_EXCLUSIVE;
	return strcmp(row->attack->category, "dos") == 0 ? CLASS_DOS
	                                                 : CLASS_LIGHT;
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

/* The next row to start in |phase|, or n_rows when none may start now. */
static size_t pick(const struct row *rows, size_t n_rows, const bool *taken,
                   int phase, bool exclusive_busy)
{
	if (phase == 0 && !exclusive_busy)
		for (size_t r = 0; r < n_rows; r++)
			if (!taken[r] && row_class(&rows[r]) == CLASS_EXCLUSIVE)
				return r;
	size_t best = n_rows;

	/* the longest first, so that the last rows to finish are short */
	for (size_t r = 0; r < n_rows; r++)
		if (!taken[r] &&
		    row_class(&rows[r]) == (phase ? CLASS_DOS : CLASS_LIGHT) &&
		    (best == n_rows ||
		     row_cost(&rows[r]) > row_cost(&rows[best])))
			best = r;
	return best;
}

static bool phase_left(const struct row *rows, size_t n_rows, const bool *taken,
                       int phase)
{
	for (size_t r = 0; r < n_rows; r++)
		if (!taken[r] &&
		    (row_class(&rows[r]) == CLASS_DOS) == (phase == 1))
			return true;
	return false;
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
	int active = 0, phase = 0, exclusive_busy = 0;

	if (!taken)
		return -1;
	if (jobs < 1)
		jobs = 1;
	if (jobs > 64)
		jobs = 64;
	memset(slots, 0, sizeof(slots));
	while (phase < 2 || active) {
		struct pollfd p[64];
		int idx[64], np = 0;
		int64_t now = securer_monotonic_ms();
		int limit =
		    phase == 1 && cpus >= 1 && jobs > cpus ? (int)cpus : jobs;

		while (phase < 2 && active < limit) {
			char why[512];
			const char *no;
			bool na;
			size_t r = pick(rows, n_rows, taken, phase,
			                exclusive_busy > 0);

			if (r == n_rows) {
				/* the next phase starts when this one is over
				 */
				if (active ||
				    phase_left(rows, n_rows, taken, phase))
					break;
				phase++;
				continue;
			}
			taken[r] = true;
			if ((no = worker_cannot_run(&rows[r], why, sizeof(why),
			                            &na))) {
				skip_row(&s, r, no, na);
				continue;
			}
			for (int i = 0; i < 64; i++)
				if (!slots[i].pid) {
					if (start(&s, &slots[i], r, ctx) < 0) {
						perror("securer conform: fork");
						free(taken);
						return -1;
					}
					active++;
					exclusive_busy += row_class(&rows[r]) ==
					                  CLASS_EXCLUSIVE;
					break;
				}
		}
		for (int i = 0; i < 64; i++)
			if (slots[i].pid) {
				if (now > slots[i].deadline)
					kill(slots[i].pid, SIGKILL);
				p[np] = (struct pollfd){slots[i].fd, POLLIN, 0};
				idx[np++] = i;
			}
		if (!np)
			continue;
		if (poll(p, (nfds_t)np, 1000) < 0 && errno != EINTR) {
			free(taken);
			return -1;
		}
		for (int k = 0; k < np; k++)
			if (p[k].revents && drain(&s, &slots[idx[k]])) {
				exclusive_busy -=
				    row_class(&rows[slots[idx[k]].row]) ==
				    CLASS_EXCLUSIVE;
				finish(&s, &slots[idx[k]]);
				active--;
			}
	}
	free(taken);
	if (s.tty)
		fprintf(progress, "\n");
	return 0;
}
