/*
 * test_conform_schedule.c - the order and company rows run in
 * (schedule_run), with stand-in workers: worker_spawn is wrapped at link
 * time (-Wl,--wrap=worker_spawn, the Makefile), so a row's worker only
 * records which rows run beside it, sleeps a little and sends its cells.
 * The rules schedule.c promises, checked at every worker's start:
 *   - at most --jobs light rows, and at most one timed row, at once;
 *   - an exclusive row is the only heavy row running;
 *   - as root: one heavy row beside the light ones; without root: no
 *     heavy row beside a light row or a timed row (RLIMIT_NPROC counts
 *     them all);
 *   - every row runs exactly once and every cell comes back.
 * The non-root rules are checked in a child that gives up root (nobody),
 * so that both sets run under `make check` as root.
 */
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common.h"
#include "schedule.h"

enum kind { K_LIGHT, K_TIMED, K_HEAVY, K_EXCLUSIVE, K_COUNT };

struct shared {
	atomic_int running[K_COUNT];
	atomic_int started[64]; /* per row */
	atomic_int broken;      /* a rule seen broken (first one wins) */
	char why[256];
};

static struct shared *S;
static int jobs_under_test;
static bool as_root;

static enum kind kind_of(const struct attack *a)
{
	if (a->exclusive)
		return K_EXCLUSIVE;
	if (strcmp(a->category, "dos") != 0)
		return K_LIGHT;
	return (a->oracles & ~(ORACLE_BIT(ORACLE_TIMEOUT) |
	                       ORACLE_BIT(ORACLE_LEFTOVER))) == 0
	           ? K_TIMED
	           : K_HEAVY;
}

static void broken(const char *what, const int *n)
{
	if (atomic_exchange(&S->broken, 1) == 0)
		snprintf(S->why, sizeof(S->why),
		         "%s (light %d, timed %d, heavy %d, exclusive %d)",
		         what, n[K_LIGHT], n[K_TIMED], n[K_HEAVY],
		         n[K_EXCLUSIVE]);
}

/* The rules, as seen by a row of |k| that has just started. */
static void check_company(enum kind k)
{
	int n[K_COUNT];
	int heavy;

	for (int i = 0; i < K_COUNT; i++)
		n[i] = atomic_load(&S->running[i]);
	heavy = n[K_HEAVY] + (as_root ? n[K_EXCLUSIVE] : 0);
	if (n[K_LIGHT] + (as_root ? 0 : n[K_EXCLUSIVE]) > jobs_under_test)
		broken("more light rows than jobs", n);
	if (n[K_TIMED] > 1)
		broken("two timed rows at once", n);
	if (n[K_EXCLUSIVE] > 1)
		broken("two exclusive rows at once", n);
	if (n[K_EXCLUSIVE] && n[K_HEAVY])
		broken("an exclusive row beside a heavy one", n);
	if (as_root && n[K_LIGHT] && heavy > 1)
		broken("two heavy rows beside the light ones", n);
	if (!as_root && n[K_HEAVY] &&
	    (n[K_HEAVY] > 1 || n[K_LIGHT] || n[K_TIMED] || n[K_EXCLUSIVE]))
		broken("without root, a heavy row beside another row", n);
	(void)k;
}

/* The stand-in worker: records, waits, sends |n_cols| cells. */
pid_t __wrap_worker_spawn(const struct worker_ctx *ctx, const struct row *row,
                          int nice_delta, int *fd);
pid_t __wrap_worker_spawn(const struct worker_ctx *ctx, const struct row *row,
                          int nice_delta, int *fd)
{
	int p[2];
	pid_t pid;

	(void)nice_delta;
	if (pipe2(p, O_CLOEXEC) < 0)
		return -1;
	pid = fork();
	if (pid == 0) {
		enum kind k = kind_of(row->attack);
		struct result r;
		int id = atoi(row->attack->id);

		atomic_fetch_add(&S->running[k], 1);
		atomic_fetch_add(&S->started[id], 1);
		check_company(k);
		/* long enough for the others to overlap with it */
		usleep(k == K_LIGHT ? 15000 : 40000);
		atomic_fetch_sub(&S->running[k], 1);
		memset(&r, 0, sizeof(r));
		r.outcome = OUTCOME_BLOCKED;
		for (int c = 0; c < ctx->n_cols; c++)
			if (write(p[1], &r, sizeof(r)) != (ssize_t)sizeof(r))
				_exit(1);
		_exit(0);
	}
	close(p[1]);
	if (pid < 0) {
		close(p[0]);
		return -1;
	}
	*fd = p[0];
	return pid;
}

/* A corpus of every class: 12 light, 4 timed, 5 heavy, 3 exclusive rows,
 * interleaved, as sh programs (which need nothing to run). */
#define N_ROWS 24
static struct attack attacks[N_ROWS];

static void corpus(void)
{
	for (int i = 0; i < N_ROWS; i++) {
		struct attack *a = &attacks[i];

		memset(a, 0, sizeof(*a));
		snprintf(a->id, sizeof(a->id), "%d", i);
		a->timeout_ms = 1000;
		a->has[LANG_SH] = true;
		a->modes = 1u << MODE_PROCESS;
		switch (i % 6) {
		case 1:
			snprintf(a->category, sizeof(a->category), "dos");
			a->oracles = i % 12 == 1
			                 ? ORACLE_BIT(ORACLE_TIMEOUT)
			                 : ORACLE_BIT(ORACLE_TIMEOUT) |
			                       ORACLE_BIT(ORACLE_LEFTOVER);
			break;
		case 3:
			snprintf(a->category, sizeof(a->category), "dos");
			a->oracles = ORACLE_BIT(ORACLE_PROCS);
			a->exclusive = i % 12 == 9;
			break;
		case 5:
			snprintf(a->category, sizeof(a->category), "dos");
			a->oracles = i == 5 ? ORACLE_BIT(ORACLE_MEMORY)
			                    : ORACLE_BIT(ORACLE_ZOMBIES) |
			                          ORACLE_BIT(ORACLE_TIMEOUT);
			a->exclusive = i == 5;
			break;
		default:
			snprintf(a->category, sizeof(a->category), "lateral");
			a->oracles = ORACLE_BIT(ORACLE_TCP);
		}
	}
}

/* Runs the schedule with |jobs|; 0 when every rule held and every row ran
 * once with every cell back, else 1 with the reason on stderr. */
static int run_schedule(int jobs)
{
	struct run run;
	struct row *rows;
	struct worker_ctx ctx;
	size_t n_rows;
	FILE *quiet = fopen("/dev/null", "w");
	int rc;

	memset(&run, 0, sizeof(run));
	run.attacks = attacks;
	run.n_attacks = N_ROWS;
	run.n_cols = 2;
	snprintf(run.cols[0].name, sizeof(run.cols[0].name), "control");
	run.cols[0].control = true;
	snprintf(run.cols[1].name, sizeof(run.cols[1].name), "none");
	if (!quiet || schedule_rows(&run, "sh", &rows, &n_rows) < 0 ||
	    n_rows != N_ROWS)
		return 1;
	memset(&ctx, 0, sizeof(ctx));
	ctx.cols = run.cols;
	ctx.n_cols = run.n_cols;
	jobs_under_test = jobs;
	rc = schedule_run(&run, rows, n_rows, &ctx, jobs, quiet, NULL, NULL);
	fclose(quiet);
	if (rc < 0) {
		fprintf(stderr, "schedule_run failed\n");
		return 1;
	}
	if (atomic_load(&S->broken)) {
		fprintf(stderr, "broken rule: %s\n", S->why);
		return 1;
	}
	for (size_t i = 0; i < run.n_results; i++)
		if (run.results[i].outcome != OUTCOME_BLOCKED) {
			fprintf(stderr, "cell %zu: %s\n", i,
			        outcome_name(run.results[i].outcome));
			return 1;
		}
	for (int i = 0; i < N_ROWS; i++)
		if (atomic_load(&S->started[i]) != 1) {
			fprintf(stderr, "row %d ran %d times\n", i,
			        atomic_load(&S->started[i]));
			return 1;
		}
	free(rows);
	free(run.results);
	return 0;
}

static void reset(void)
{
	memset(S, 0, sizeof(*S));
}

static void test_as_this_user(void **state)
{
	(void)state;
	as_root = geteuid() == 0;
	for (int jobs = 1; jobs <= 3; jobs++) {
		reset();
		assert_int_equal(run_schedule(jobs), 0);
	}
}

/* As root, the same in a child that is nobody: the rules without the
 * priority boost. */
static void test_without_root(void **state)
{
	struct passwd *pw;
	pid_t pid;
	int status;

	(void)state;
	if (geteuid() != 0) {
		as_root = false;
		reset();
		assert_int_equal(run_schedule(3), 0);
		return;
	}
	pw = getpwnam("nobody");
	require(pw != NULL, "no user 'nobody' to run the schedule as");
	pid = fork();
	if (pid == 0) {
		if (setgid(pw->pw_gid) < 0 || setuid(pw->pw_uid) < 0)
			_exit(2);
		as_root = false;
		reset();
		_exit(run_schedule(3));
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_as_this_user),
	    cmocka_unit_test(test_without_root),
	};

	S = mmap(NULL, sizeof(*S), PROT_READ | PROT_WRITE,
	         MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (S == MAP_FAILED)
		return 1;
	corpus();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
