/*
 * signals_reset.h - every signal back to its default disposition, then
 * none blocked: what a process does before it executes a program that
 * must start clean (an ignored or a blocked signal survives exec).  One
 * definition for the library's spawn child (spawn.c, securer_harness.h)
 * and securer-init, which runs it first thing.
 *
 * The kernel's struct sigaction, zeroed: SIG_DFL, no flags, empty mask,
 * whatever the architecture's field order.  Raw system calls: glibc's
 * sigaction refuses the two signals it reserves for threads (32 and 33),
 * and nothing of libc's state is touched (async-signal-safe, fine between
 * vfork and exec).  The mask last: a signal still blocked until then
 * never runs a handler of the parent's.  Setting all 64 takes 13 us in a
 * new process on the reference VM; finding the ignored ones first in
 * /proc/self/status took 21 (docs/bench.md).
 */
#ifndef SECURER_SIGNALS_RESET_H
#define SECURER_SIGNALS_RESET_H

#include <signal.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <unistd.h>

static inline void securer__signals_reset(void)
{
	uint64_t dfl[8] = {0}, none = 0;

	for (int sig = 1; sig <= 64; sig++)
		if (sig != SIGKILL && sig != SIGSTOP)
			syscall(SYS_rt_sigaction, sig, dfl, NULL, 8);
	syscall(SYS_rt_sigprocmask, SIG_SETMASK, &none, NULL, 8);
}

#endif
