/*
 * test_conform_proctab.c - the process table as the oracles read it: this
 * process and its children with their parents, no kernel thread, and the
 * same processes when a call skips the kernel threads an earlier one saw.
 */
#include <signal.h>
#include <string.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "proctab.h"
#include "common.h"

/* Whether /proc/|pid|/stat says a kernel thread (flags, the 9th field). */
static bool kernel_thread(int pid)
{
	char path[64], buf[1024], *p;
	unsigned long flags = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	if (!(f = fopen(path, "r")))
		return false;
	p = fgets(buf, sizeof(buf), f);
	fclose(f);
	if (!p || !(p = strrchr(buf, ')')))
		return false;
	/* after ')': state ppid pgrp session tty_nr tpgid flags */
	if (sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %lu", &flags) != 1)
		return false;
	return (flags & 0x00200000) != 0;
}

static const struct proc *find(const struct proc *p, int n, int pid)
{
	for (int i = 0; i < n; i++)
		if (p[i].pid == pid)
			return &p[i];
	return NULL;
}

static void test_user_processes_only(void **state)
{
	struct proc *p;
	pid_t child;
	int kthreads = 0;

	(void)state;
	for (int pid = 1; pid < 4096; pid++)
		kthreads += kernel_thread(pid);
	/* a pid namespace of its own shows none: nothing to leave out */
	only_if(kthreads > 0, "no kernel thread is visible below pid 4096");
	p = malloc(PROCTAB_MAX * sizeof(*p));
	assert_non_null(p);
	child = fork();
	assert_true(child >= 0);
	if (child == 0) {
		/* ends with this test even when an assertion ends it first */
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		alarm(60);
		pause();
		_exit(0);
	}
	/* the second call skips the kernel threads the first one read */
	for (int call = 0; call < 2; call++) {
		int n = proctab_read(p, PROCTAB_MAX);
		const struct proc *me = find(p, n, getpid());
		const struct proc *kid = find(p, n, child);

		print_message("call %d: %d processes, %d kernel threads "
		              "below pid 4096 left out\n",
		              call, n, kthreads);
		assert_non_null(me);
		assert_int_equal(me->ppid, getppid());
		assert_false(me->kthread);
		assert_non_null(kid);
		assert_int_equal(kid->ppid, getpid());
		for (int i = 0; i < n; i++) {
			assert_false(p[i].kthread);
			assert_false(kernel_thread(p[i].pid));
		}
		for (int pid = 1; pid < 4096; pid++)
			if (kernel_thread(pid))
				assert_null(find(p, n, pid));
	}
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
	/* gone from the table once reaped */
	assert_null(find(p, proctab_read(p, PROCTAB_MAX), child));
	free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_user_processes_only),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
