/*
 * test_pool_clock.c - the pool's timed waits are measured on the monotonic
 * clock, like every deadline of the library, not on the wall clock.
 *
 * A test cannot set the host's clock back (that would harm the machine),
 * so the test runs itself again under clockshift.so, which makes
 * clock_gettime report the wall clock an hour behind the kernel's.  A
 * wait whose deadline is computed on the wall clock then returns at once,
 * and an acquire with a timeout spins on the CPU until it expires (and,
 * with the clock really set back, would sleep an hour too long).  On the
 * monotonic clock the same acquire sleeps: it uses almost no CPU.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "support.h"

#define CHILD_ENV "SECURER_TEST_CLOCKSHIFT_CHILD"

static int64_t thread_cpu_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Under the shim: 0 when an acquire that times out after 500 ms slept. */
static int child(void)
{
	struct timespec wall;
	securer_pool_opts o;
	securer_session *held, *other;
	securer_pool *p;
	int64_t t0, cpu0, wall_ms, cpu_ms;
	int rc;

	clock_gettime(CLOCK_REALTIME, &wall);
	if (time(NULL) - wall.tv_sec < 3500) {
		fprintf(stderr, "the shim is not in effect\n");
		return 2;
	}
	securer_pool_opts_init(&o);
	o.size = 1;
	p = securer_pool_new(NULL, SECURER_RUNTIME_SH, NULL, &o);
	if (!p || securer_pool_wait_ready(p, 30000) != 0 ||
	    securer_pool_acquire(p, 5000, &held) != 0) {
		fprintf(stderr, "pool: %s\n", p ? securer_pool_error(p) : "?");
		return 3;
	}
	t0 = securer_monotonic_ms();
	cpu0 = thread_cpu_ms();
	rc = securer_pool_acquire(p, 500, &other);
	cpu_ms = thread_cpu_ms() - cpu0;
	wall_ms = securer_monotonic_ms() - t0;
	securer_pool_release(p, held);
	securer_pool_free(p);
	printf("acquire: %d after %lld ms, %lld ms of CPU\n", rc,
	       (long long)wall_ms, (long long)cpu_ms);
	/* It waited its 500 ms (loose upper bound for a loaded machine),
	 * asleep: a spin would burn most of them. */
	return rc == -ETIMEDOUT && wall_ms >= 450 && wall_ms < 5000 &&
	               cpu_ms < 150
	           ? 0
	           : 1;
}

static void test_waits_are_monotonic(void **state)
{
	char shim[4096], self[4096], preload[4200], asan[600];
	const char *old_asan = getenv("ASAN_OPTIONS");
	int ws;
	pid_t pid;

	(void)state;
	test_require_runtime(SECURER_RUNTIME_SH);
	test_build_path("tests/clockshift.so", shim, sizeof(shim));
	require(access(shim, R_OK) == 0, "%s not built", shim);
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	assert_true(n > 0);
	self[n] = '\0';
	snprintf(preload, sizeof(preload), "LD_PRELOAD=%s", shim);
	/* AddressSanitizer wants to come first; the shim only wraps one
	 * libc function. */
	snprintf(asan, sizeof(asan),
	         "ASAN_OPTIONS=%s%sverify_asan_link_order=0",
	         old_asan ? old_asan : "", old_asan ? ":" : "");
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		setenv(CHILD_ENV, "1", 1);
		putenv(preload);
		putenv(asan);
		execl(self, self, (char *)NULL);
		_exit(127);
	}
	assert_int_equal(waitpid(pid, &ws, 0), pid);
	assert_true(WIFEXITED(ws));
	assert_int_equal(WEXITSTATUS(ws), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_waits_are_monotonic),
	};

	if (getenv(CHILD_ENV))
		return child();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
