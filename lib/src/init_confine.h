/*
 * init_confine.h - what securer-init itself puts on the command under the
 * landlock backend, where there is no bwrap to do it: in the command's
 * process, after fork and before exec (securer-init, the reaper, stays
 * outside, so the command can neither signal nor trace it).
 *
 *   -L FD   enforce the Landlock ruleset FD (built by the library)
 *   -F FD   load the seccomp filter in FD (classic BPF, as bwrap takes it)
 *
 * Landlock first, seccomp last, so the filter never sees securer-init's own
 * setup calls.  Capabilities are gone before securer-init even starts: the
 * library's spawn child drops them (spawn.c), so the reaper holds none
 * either.
 */
#ifndef SECURER_INIT_CONFINE_H
#define SECURER_INIT_CONFINE_H

#include <stdbool.h>
#include <stddef.h>

struct confine {
	int landlock_fd; /* -1: none */
	int bpf_fd;      /* -1: none */
	void *bpf;       /* the filter, read by confine_prepare */
	size_t bpf_len;
};

void confine_init(struct confine *c);
/* Reads the seccomp filter (before fork).  0 or a negative errno. */
int confine_prepare(struct confine *c);
/* In the command's process.  0, or a negative errno and *step (a
 * SECURER__SETUP_* of init_abi.h). */
int confine_apply(const struct confine *c, int *step);
/* Closes what the reaper keeps of it. */
void confine_release(struct confine *c);

#endif
