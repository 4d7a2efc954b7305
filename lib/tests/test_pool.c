/*
 * test_pool.c - the session pool: exclusive hand-out under concurrency,
 * recycling after K executes and after failures, replacement of a session
 * found dead, failing closed, acquire timeouts, and no descriptor or
 * process left after 1,000 acquire/execute/release cycles.
 *
 * CI also runs this file under ThreadSanitizer (ci/sanitizers.sh).
 */
#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "support.h"

static securer_pool *new_pool(size_t size, int64_t max_executes)
{
	securer_pool_opts o;
	securer_pool *p;

	test_require_runtime(SECURER_RUNTIME_SH);
	securer_pool_opts_init(&o);
	o.size = size;
	o.max_executes = max_executes;
	p = securer_pool_new(NULL, SECURER_RUNTIME_SH, NULL, &o);
	assert_non_null(p);
	if (securer_pool_wait_ready(p, 30000) != 0)
		fail_msg("pool not ready: %s", securer_pool_error(p));
	return p;
}

/* stdout of |code| in |s|, which must succeed. */
static char *run(securer_session *s, const char *code)
{
	securer_result *r = NULL;
	const char *out;
	size_t len;
	int trunc;
	char *copy;

	assert_int_equal(securer_session_execute(s, code, NULL, &r), 0);
	test_expect_kind(r, SECURER_ERROR_NONE);
	out = securer_result_stdout(r, &len, &trunc);
	copy = strndup(out ? out : "", len);
	securer_result_free(r);
	return copy;
}

static void test_state_and_recycle(void **state)
{
	securer_pool *p;
	securer_session *s;
	securer_pool_stats st;
	char *out;

	(void)state;
	p = new_pool(1, 3);
	/* state persists within a session... */
	assert_int_equal(securer_pool_acquire(p, 5000, &s), 0);
	free(run(s, "n=1"));
	securer_pool_release(p, s);
	assert_int_equal(securer_pool_acquire(p, 5000, &s), 0);
	out = run(s, "n=$((n+1)); echo $n");
	assert_string_equal(out, "2\n");
	free(out);
	free(run(s, "true")); /* the third execute: worn out */
	securer_pool_release(p, s);
	/* ...and a recycled one starts afresh */
	assert_int_equal(securer_pool_acquire(p, 10000, &s), 0);
	out = run(s, "echo \"n=${n:-unset}\"");
	assert_string_equal(out, "n=unset\n");
	free(out);
	securer_pool_release(p, s);
	securer_pool_get_stats(p, &st);
	assert_int_equal(st.restarts, 1);
	assert_int_equal(st.acquires, 3);
	assert_true(st.acquire_max_us >= st.acquire_p50_us);
	securer_pool_free(p);
}

static void test_failure_recycles(void **state)
{
	securer_execute_opts eo;
	securer_result *r = NULL;
	securer_pool *p;
	securer_session *s;
	securer_pool_stats st;
	char *out;

	(void)state;
	p = new_pool(1, 0);
	assert_int_equal(securer_pool_acquire(p, 5000, &s), 0);
	free(run(s, "secret=kept"));
	securer_execute_opts_init(&eo);
	eo.timeout_ms = 200;
	assert_int_equal(securer_session_execute(s, "sleep 30", &eo, &r), 0);
	test_expect_kind(r, SECURER_ERROR_TIMEOUT);
	securer_result_free(r);
	securer_pool_release(p, s);
	assert_int_equal(securer_pool_acquire(p, 10000, &s), 0);
	out = run(s, "echo \"${secret:-fresh}\"");
	assert_string_equal(out, "fresh\n");
	free(out);
	securer_pool_release(p, s);
	securer_pool_get_stats(p, &st);
	assert_int_equal(st.recycled_failed, 1);
	securer_pool_free(p);
}

static void test_dead_replaced(void **state)
{
	securer_pool *p;
	securer_session *s;
	securer_pool_stats st;
	pid_t pid;
	char *out;

	(void)state;
	p = new_pool(1, 0);
	assert_int_equal(securer_pool_acquire(p, 5000, &s), 0);
	pid = securer_session_pid(s);
	assert_true(pid > 0);
	securer_pool_release(p, s);
	/* killed from outside while idle */
	assert_int_equal(kill(pid, SIGKILL), 0);
	usleep(100000);
	assert_int_equal(securer_pool_acquire(p, 10000, &s), 0);
	assert_true(securer_session_pid(s) != pid);
	out = run(s, "echo alive");
	assert_string_equal(out, "alive\n");
	free(out);
	securer_pool_release(p, s);
	securer_pool_get_stats(p, &st);
	assert_int_equal(st.found_dead, 1);
	securer_pool_free(p);
}

static void test_timeout_and_fail_closed(void **state)
{
	securer_pool_opts o;
	securer_policy *pol;
	securer_pool *p;
	securer_session *s, *t;
	int64_t t0;

	(void)state;
	p = new_pool(1, 0);
	assert_int_equal(securer_pool_acquire(p, 5000, &s), 0);
	t0 = securer_monotonic_ms();
	assert_int_equal(securer_pool_acquire(p, 150, &t), -ETIMEDOUT);
	assert_true(securer_monotonic_ms() - t0 >= 140);
	assert_non_null(strstr(securer_pool_error(p), "within 150 ms"));
	securer_pool_release(p, s);
	securer_pool_free(p);

	/* sessions that cannot start: acquire says why, at once */
	pol = securer_policy_new();
	assert_int_equal(securer_policy_set_cwd(pol, "/nonexistent/dir"), 0);
	securer_pool_opts_init(&o);
	o.size = 2;
	o.backend = SECURER_BACKEND_BWRAP;
	p = securer_pool_new(pol, SECURER_RUNTIME_SH, NULL, &o);
	assert_non_null(p);
	t0 = securer_monotonic_ms();
	assert_true(securer_pool_acquire(p, 20000, &s) < 0);
	assert_true(securer_monotonic_ms() - t0 < 10000);
	assert_non_null(
	    strstr(securer_pool_error(p), "cannot start a session"));
	securer_pool_free(p);
	securer_policy_free(pol);
}

/* ---- concurrency ------------------------------------------------------- */

#define THREADS 8
#define ROUNDS  40

struct shared {
	securer_pool *p;
	pthread_mutex_t lock;
	securer_session *in_use[THREADS];
	atomic_int clashes;
	atomic_int failures;
};

static void *client(void *arg)
{
	struct shared *sh = arg;
	static atomic_int next;
	int me = atomic_fetch_add(&next, 1) % THREADS;

	for (int i = 0; i < ROUNDS; i++) {
		securer_session *s;
		securer_result *r = NULL;
		char code[64];

		if (securer_pool_acquire(sh->p, 30000, &s) < 0) {
			atomic_fetch_add(&sh->failures, 1);
			continue;
		}
		pthread_mutex_lock(&sh->lock);
		for (int k = 0; k < THREADS; k++)
			if (sh->in_use[k] == s)
				atomic_fetch_add(&sh->clashes, 1);
		sh->in_use[me] = s;
		pthread_mutex_unlock(&sh->lock);
		/* the session's variable is ours while we hold it */
		snprintf(code, sizeof(code), "v=%d; sleep 0; echo $v", me);
		if (securer_session_execute(s, code, NULL, &r) < 0 ||
		    securer_result_error(r) != SECURER_ERROR_NONE)
			atomic_fetch_add(&sh->failures, 1);
		else {
			size_t len;
			int tr;
			const char *out = securer_result_stdout(r, &len, &tr);

			if (atoi(out) != me)
				atomic_fetch_add(&sh->clashes, 1);
		}
		securer_result_free(r);
		pthread_mutex_lock(&sh->lock);
		sh->in_use[me] = NULL;
		pthread_mutex_unlock(&sh->lock);
		securer_pool_release(sh->p, s);
	}
	return NULL;
}

static void test_concurrent_clients(void **state)
{
	struct shared sh = {.p = NULL};
	pthread_t t[THREADS];
	securer_pool_stats st;

	(void)state;
	sh.p = new_pool(3, 10);
	pthread_mutex_init(&sh.lock, NULL);
	for (int i = 0; i < THREADS; i++)
		assert_int_equal(pthread_create(&t[i], NULL, client, &sh), 0);
	for (int i = 0; i < THREADS; i++)
		pthread_join(t[i], NULL);
	securer_pool_get_stats(sh.p, &st);
	assert_int_equal(atomic_load(&sh.clashes), 0);
	assert_int_equal(atomic_load(&sh.failures), 0);
	assert_int_equal(st.acquires, THREADS * ROUNDS);
	assert_true(st.waits > 0); /* 8 clients, 3 sessions */
	assert_true(st.restarts >= (THREADS * ROUNDS) / 10 - 3);
	assert_int_equal(st.busy, 0);
	securer_pool_free(sh.p);
	pthread_mutex_destroy(&sh.lock);
}

/* ---- no leak after 1,000 cycles -------------------------------------- */

static int count_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	int n = 0;

	while (d && (e = readdir(d)))
		n += e->d_name[0] != '.';
	if (d)
		closedir(d);
	return n - 1; /* the directory's own */
}

/* Children of every thread of this process. */
static int count_children(void)
{
	DIR *d = opendir("/proc/self/task");
	struct dirent *e;
	int n = 0;

	while (d && (e = readdir(d))) {
		char path[300], buf[4096];
		FILE *f;

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "/proc/self/task/%s/children",
		         e->d_name);
		if (!(f = fopen(path, "r")))
			continue;
		while (fscanf(f, "%4095s", buf) == 1)
			n++;
		fclose(f);
	}
	if (d)
		closedir(d);
	return n;
}

static void test_no_leak_after_1000_cycles(void **state)
{
	securer_pool *p;
	securer_pool_stats st;
	int fds_before, kids;

	(void)state;
	test_require_runtime(SECURER_RUNTIME_SH);
	fds_before = count_fds();
	p = new_pool(2, 50);
	for (int i = 0; i < 1000; i++) {
		securer_result *r = NULL;

		assert_int_equal(
		    securer_pool_execute(p, "x=1", NULL, 30000, &r), 0);
		test_expect_kind(r, SECURER_ERROR_NONE);
		securer_result_free(r);
	}
	securer_pool_get_stats(p, &st);
	assert_int_equal(st.acquires, 1000);
	assert_true(st.restarts >= 18);
	securer_pool_free(p);
	kids = count_children();
	assert_int_equal(kids, 0);
	assert_int_equal(count_fds(), fds_before);
}

/* ---- the header's contracts --------------------------------------------- */

/* The audit log's path is copied: sessions started after the caller's
 * string is gone still log to it.  Each release recycles (max_executes 1),
 * so sessions start after the string was overwritten and freed. */
static void test_audit_log_copied(void **state)
{
	securer_pool_opts o;
	securer_pool *p;
	char *dir = test_mkdtemp(), *path, *text, *at;
	int starts = 0;

	(void)state;
	test_require_runtime(SECURER_RUNTIME_SH);
	assert_true(asprintf(&path, "%s/audit.jsonl", dir) > 0);
	securer_pool_opts_init(&o);
	o.size = 1;
	o.max_executes = 1;
	o.audit_log = path;
	p = securer_pool_new(NULL, SECURER_RUNTIME_SH, NULL, &o);
	assert_non_null(p);
	memset(path, 'x', strlen(path)); /* a relative "xxx..." if used */
	free(path);
	for (int i = 0; i < 3; i++) {
		securer_result *r = NULL;

		if (securer_pool_execute(p, "true", NULL, 30000, &r) != 0)
			fail_msg("execute %d: %s", i, securer_pool_error(p));
		test_expect_kind(r, SECURER_ERROR_NONE);
		securer_result_free(r);
	}
	securer_pool_free(p);
	assert_true(asprintf(&path, "%s/audit.jsonl", dir) > 0);
	text = securer__read_file(path, 1 << 20);
	assert_non_null(text);
	for (at = text; (at = strstr(at, "\"session_start\"")); at++)
		starts++;
	assert_true(starts >= 3); /* one per execute at least */
	free(text);
	free(path);
	test_rmtree(dir);
	free(dir);
}

/* securer_pool_error while other threads make the pool write its message
 * (acquires that time out): each read is a whole message.  Under
 * ThreadSanitizer (ci/sanitizers.sh) a read racing the writes fails. */
struct error_readers {
	securer_pool *p;
	atomic_int stop, torn, reads;
};

static void *time_out_often(void *arg)
{
	struct error_readers *er = arg;

	while (!atomic_load(&er->stop)) {
		securer_session *s = NULL;

		if (securer_pool_acquire(er->p, 0, &s) == 0)
			securer_pool_release(er->p, s);
	}
	return NULL;
}

static void *read_errors(void *arg)
{
	struct error_readers *er = arg;

	for (int i = 0; i < 20000; i++) {
		const char *m = securer_pool_error(er->p);
		size_t n = strlen(m);

		atomic_fetch_add(&er->reads, 1);
		if (n &&
		    (strncmp(m, "no session became idle within 0 ms (", 36) ||
		     strcmp(m + n - 6, " busy)")))
			atomic_fetch_add(&er->torn, 1);
	}
	return NULL;
}

static void test_error_while_used(void **state)
{
	struct error_readers er = {.p = NULL};
	pthread_t w[2], r[2];
	securer_session *held;

	(void)state;
	er.p = new_pool(1, 0);
	/* the only session is out: every acquire(0) times out */
	assert_int_equal(securer_pool_acquire(er.p, 5000, &held), 0);
	for (int i = 0; i < 2; i++) {
		assert_int_equal(
		    pthread_create(&w[i], NULL, time_out_often, &er), 0);
		assert_int_equal(pthread_create(&r[i], NULL, read_errors, &er),
		                 0);
	}
	for (int i = 0; i < 2; i++)
		pthread_join(r[i], NULL);
	atomic_store(&er.stop, 1);
	for (int i = 0; i < 2; i++)
		pthread_join(w[i], NULL);
	assert_int_equal(atomic_load(&er.torn), 0);
	assert_int_equal(atomic_load(&er.reads), 40000);
	securer_pool_release(er.p, held);
	securer_pool_free(er.p);
}

/* A thread waiting in acquire when securer_pool_free begins gets
 * -ESHUTDOWN (documented), not a session and not a hang. */
struct waiter {
	securer_pool *p;
	int rc;
	atomic_int entered;
};

static void *wait_for_session(void *arg)
{
	struct waiter *w = arg;
	securer_session *s = NULL;

	atomic_store(&w->entered, 1);
	w->rc = securer_pool_acquire(w->p, 20000, &s);
	if (s)
		securer_pool_release(w->p, s);
	return NULL;
}

static void *free_pool(void *arg)
{
	securer_pool_free(arg);
	return NULL;
}

static void test_shutdown_wakes_waiters(void **state)
{
	struct waiter w = {.p = NULL};
	securer_session *held;
	pthread_t waiter, freer;
	int64_t t0;

	(void)state;
	w.p = new_pool(1, 0);
	assert_int_equal(securer_pool_acquire(w.p, 5000, &held), 0);
	assert_int_equal(pthread_create(&waiter, NULL, wait_for_session, &w),
	                 0);
	while (!atomic_load(&w.entered))
		usleep(1000);
	usleep(50000); /* it is waiting (or about to: either way -ESHUTDOWN) */
	t0 = securer_monotonic_ms();
	assert_int_equal(pthread_create(&freer, NULL, free_pool, w.p), 0);
	pthread_join(waiter, NULL); /* woken by free, while we still hold */
	assert_true(securer_monotonic_ms() - t0 < 10000);
	assert_int_equal(w.rc, -ESHUTDOWN);
	securer_pool_release(w.p, held); /* lets free finish */
	pthread_join(freer, NULL);
}

static void test_new_refuses(void **state)
{
	securer_pool_opts o;

	(void)state;
	securer_pool_opts_init(&o);
	o.size = 0;
	errno = 0;
	assert_null(securer_pool_new(NULL, SECURER_RUNTIME_SH, NULL, &o));
	assert_int_equal(errno, EINVAL);
	o.size = 1;
	errno = 0;
	assert_null(securer_pool_new(NULL, SECURER_RUNTIME_COUNT_, NULL, &o));
	assert_int_equal(errno, EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_state_and_recycle),
	    cmocka_unit_test(test_failure_recycles),
	    cmocka_unit_test(test_dead_replaced),
	    cmocka_unit_test(test_timeout_and_fail_closed),
	    cmocka_unit_test(test_concurrent_clients),
	    cmocka_unit_test(test_no_leak_after_1000_cycles),
	    cmocka_unit_test(test_audit_log_copied),
	    cmocka_unit_test(test_error_while_used),
	    cmocka_unit_test(test_shutdown_wakes_waiters),
	    cmocka_unit_test(test_new_refuses),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
