/*
 * clockshift.c - an LD_PRELOAD shim for test_pool_clock: clock_gettime
 * reports CLOCK_REALTIME an hour behind the kernel's, as if the wall clock
 * had been set back; every other clock is untouched.  Code that computes
 * an absolute deadline on the wall clock for a wait the kernel measures on
 * its own wall clock then sees every deadline already passed.
 */
#include <dlfcn.h>
#include <time.h>

int clock_gettime(clockid_t id, struct timespec *ts);

int clock_gettime(clockid_t id, struct timespec *ts)
{
	static int (*real)(clockid_t, struct timespec *);
	int rc;

	if (!real)
		*(void **)&real = dlsym(RTLD_NEXT, "clock_gettime");
	rc = real(id, ts);
	if (rc == 0 && id == CLOCK_REALTIME)
		ts->tv_sec -= 3600;
	return rc;
}
